"""Retrain: teach the recognizer your recordings in the background (progress bar, ETA, cancel), then see how the new
version did against the model in use on the same windows (or that they could not be compared), and activate it, or
roll back to any earlier version. The model in use is the one `choose_model` picks, named at the top."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pygame

from coach.app.context import AppContext
from coach.app.model_in_use import ModelInUse, model_in_use
from coach.app.retrain_job import JobProgress, RetrainJob, retrain_blocker
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.text import draw_text, fit_text, wrap_text
from coach.app.theme import ACCENT, BAD, GOLD, GOOD, PANEL, SIZES, TEXT, TEXT_DIM, TEXT_FAINT, exercise_name
from coach.app.views import format_duration
from coach.app.widgets.listview import ListItem, ListView
from coach.app.widgets.progress import draw_progress_bar
from coach.app.widgets.shapes import panel
from coach.recognition.dataset import MIN_SPLIT_RECORDINGS
from coach.recognition.train import TrainConfig
from coach.storage import Repository
from coach.storage.model_versions import ModelInfo, compared_summary

DATA_LABELS = {"both": "synthetic + your recordings", "recorded": "your recordings only"}


def _percent(value: float | None) -> str:
    return f"{value:.1%}" if value is not None else "-"


def _folder_metrics(folder: Path) -> dict[str, Any]:
    try:
        metrics = json.loads((folder / "metrics.json").read_text())
    except (OSError, ValueError):
        return {}
    return metrics if isinstance(metrics, dict) else {}


@dataclass(frozen=True)
class Column:
    """One model in the comparison panel: a registered version, or a folder that is not one (the shipped model)."""

    label: str
    accuracy: float | None
    metrics: dict[str, Any]
    data: str

    @classmethod
    def of_version(cls, info: ModelInfo) -> Column:
        return cls(str(info.id), info.accuracy, info.metrics, info.data)

    @classmethod
    def of_folder(cls, model: ModelInUse) -> Column:
        if model.choice is None:
            return cls("none", None, {}, "-")
        metrics = _folder_metrics(model.choice.path)
        label = "shipped" if model.choice.origin == "shipped" else model.choice.path.name
        accuracy = metrics.get("accuracy")
        data = "synthetic" if metrics.get("data", {}).get("recorded", "?") is None else "?"
        return cls(label, float(accuracy) if isinstance(accuracy, (int, float)) else None, metrics, data)


def version_item(info: ModelInfo, in_use: bool = False) -> ListItem:
    """One model version: number, when, what it learned from, its held-out accuracy; the one in use marked (and an
    active one that cannot be used, so the list never claims it runs)."""
    when = info.created_at.astimezone().strftime("%d %b %H:%M")
    mark = "  · in use" if in_use else ("  · active, not used" if info.active else "")
    return ListItem(f"Version {info.id}{mark}", f"{when} · {info.data}", _percent(info.accuracy),
                    ACCENT if in_use else None)  # fmt: skip


class RetrainScreen(Scene):
    """R start (or cancel), T switch the data, Enter activate the selected version, 0 back to the shipped model."""

    title = "Retrain"

    def __init__(
        self,
        context: AppContext,
        repo: Repository,
        db_url: str,
        config: TrainConfig | None = None,
        *,
        models_dir: Path | None = None,
        model_option: Path | None = None,
    ) -> None:
        super().__init__(context)
        self.repo, self.db_url, self.models_dir, self.model_option = repo, db_url, models_dir, model_option
        self.config = config or TrainConfig()
        self.data = "both"
        self.job: RetrainJob | None = None
        self.progress: JobProgress | None = None
        self.notice = ""
        self.versions: list[ModelInfo] = []
        self.list = ListView([], row_height=58)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the samples, the model versions and the model in use (after a run, an activation)."""
        self.counts = Counter(s.exercise for s in self.repo.samples.list())
        self.versions = list(reversed(self.repo.models.list()))  # newest first
        self.model = model_in_use(self.repo, self.model_option)
        in_use = self.model.choice.version if self.model.choice is not None else None
        selected = self.list.selected
        self.list = ListView([version_item(v, v.id == in_use) for v in self.versions], row_height=58)
        self.list.selected = min(selected, max(0, len(self.versions) - 1))

    @property
    def in_use(self) -> Column:
        """The model in use, for the comparison panel."""
        choice = self.model.choice
        version = next((v for v in self.versions if choice is not None and v.id == choice.version), None)
        return Column.of_version(version) if version is not None else Column.of_folder(self.model)

    def start(self) -> None:
        """Begin a run, unless the samples are too few (then say so)."""
        blocker = retrain_blocker(self.repo, self.data)
        if blocker is not None:
            self.notice = blocker
            return
        config = replace(self.config, synthetic_subjects=self.config.synthetic_subjects if self.data == "both" else 0)
        self.job = RetrainJob(self.db_url, self.data, config, models_dir=self.models_dir)
        self.progress = self.job.progress
        self.notice = ""
        if sum(self.counts.values()) < MIN_SPLIT_RECORDINGS:
            self.notice = (
                f"With fewer than {MIN_SPLIT_RECORDINGS} recordings none can be held out, so the new version cannot "
                "be compared with the model in use: it will be kept for you to activate, not activated by itself."
            )

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.progress = self.job.progress
            self.notice = "Training cancelled: nothing was saved."

    def activate_selected(self) -> None:
        """Make the selected version the active model (newer or older: this is how to roll back)."""
        if not self.versions:
            return
        chosen = self.versions[self.list.selected]
        self.repo.models.activate(chosen.id)
        self.notice = f"Version {chosen.id} is now the active model."
        self.refresh()

    def use_shipped(self) -> None:
        self.repo.models.deactivate()
        self.notice = "The model Coach shipped with is active again."
        self.refresh()

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                if self.job is not None and self.job.running:
                    self.cancel()
                    return None
                return Pop()
            if event.key == pygame.K_r:
                self.cancel() if self.job is not None and self.job.running else self.start()
                return None
            if event.key == pygame.K_t and not (self.job and self.job.running):
                self.data = "recorded" if self.data == "both" else "both"
                return None
            if event.key == pygame.K_0:
                self.use_shipped()
                return None
        elif is_back(event):
            return Pop()
        if self.list.handle_event(event) is not None:
            self.activate_selected()
        return None

    def update(self, dt: float) -> Transition | None:
        if self.job is not None and self.progress is not None and self.progress.state == "running":
            self.progress = self.job.poll()
            if self.progress.state == "finished":
                self.refresh()
                self.list.selected = 0  # the new version
                self.context.sounds.play("set_done")
            elif self.progress.state == "failed":
                self.notice = self.progress.message
        return None

    def leave(self) -> None:
        if self.job is not None:
            self.job.cancel()

    # drawing

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.context.theme
        s = theme.space
        begin(surface)
        top_bar(surface, theme, "Retrain", f"model in use: {self.model.short}")
        running = self.job is not None and self.job.running
        hints(
            surface, theme,
            ("R cancel" if running else "R start training  ·  T data") + "  ·  Enter activate the selected version  ·  "
            "0 shipped model  ·  Esc back",
        )  # fmt: skip
        area = content_rect(surface, theme).inflate(0, -4 * s)
        left = pygame.Rect(area.left, area.top, round(area.width * 0.52), area.height)
        right = pygame.Rect(left.right + 3 * s, area.top, area.right - left.right - 3 * s, area.height)
        self._training(surface, left)
        heading = draw_text(surface, "Model versions", theme.font(SIZES.large, bold=True), TEXT, right.topleft)
        compare_h = theme.px(190)
        list_h = right.height - compare_h - heading.height - 2 * s
        list_rect = pygame.Rect(right.left, heading.bottom + s, right.width, list_h)
        if self.versions:
            self.list.draw(surface, list_rect, theme)
        else:
            draw_text(surface, "None yet: the shipped model is in use.", theme.font(SIZES.body), TEXT_FAINT,
                      (list_rect.left, list_rect.top + s))  # fmt: skip
        self._compare(surface, pygame.Rect(right.left, right.bottom - compare_h, right.width, compare_h))

    def _training(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme = self.context.theme
        s = theme.space
        panel(surface, rect, PANEL, radius=theme.px(14))
        inner = rect.inflate(-5 * s, -4 * s)
        body, small = theme.font(SIZES.body), theme.font(SIZES.small)
        y = draw_text(surface, "Your recordings", theme.font(SIZES.large, bold=True), TEXT, inner.topleft).bottom + s
        total = sum(self.counts.values())
        if total:
            parts = [f"{exercise_name(ex)} {n}" for ex, n in sorted(self.counts.items())]
            for line in wrap_text(body, f"{total}: " + ", ".join(parts), inner.width):
                y = draw_text(surface, line, body, TEXT_DIM, (inner.left, y)).bottom
        else:
            y = draw_text(surface, "none yet (record some in Calibration)", body, TEXT_DIM, (inner.left, y)).bottom
        y += 2 * s
        y = draw_text(surface, f"Learn from: {DATA_LABELS[self.data]}  (T)", body, TEXT, (inner.left, y)).bottom
        people = self.config.synthetic_subjects if self.data == "both" else 0
        networks = len(self.config.members) or 1  # the shipped recipe averages two (coach/recognition/ensemble.py)
        recipe = f"{people} synthetic people · {networks} {self.config.architecture} networks · "
        recipe += f"{self.config.epochs} epochs at most each"
        y = draw_text(surface, recipe, small, TEXT_FAINT, (inner.left, y + s // 2)).bottom
        y += 4 * s
        progress = self.progress
        bar = pygame.Rect(inner.left, y, inner.width, theme.px(26))
        state = progress.state if progress else ""
        colour = {"failed": BAD, "cancelled": TEXT_FAINT, "finished": GOOD}.get(state, ACCENT)
        draw_progress_bar(surface, bar, progress.fraction if progress else 0.0, colour)
        y = bar.bottom + s
        if progress is not None:
            status = progress.message
            if progress.state == "running":
                eta = f"about {format_duration(progress.eta_s)} left" if progress.eta_s is not None else "estimating…"
                status = f"{progress.fraction:.0%} · {progress.message} · {eta}"
            for line in wrap_text(body, status, inner.width):
                y = draw_text(surface, line, body, TEXT, (inner.left, y)).bottom
        else:
            y = draw_text(surface, "Press R to start. The app stays usable while it trains.", body, TEXT_DIM,
                          (inner.left, y)).bottom  # fmt: skip
        notes = [n for n in (self.notice, self.model.problem and f"Model in use: {self.model.problem}") if n]
        for note in notes:
            y += 2 * s
            for line in wrap_text(body if note == self.notice else small, note, inner.width):
                y = draw_text(surface, line, body if note == self.notice else small, GOLD, (inner.left, y)).bottom

    def _compare(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The selected version beside the model in use: own held-out accuracy, validation, and how the version did
        against the model in use when it was trained, on the same windows ("not compared" when that was impossible)."""
        theme = self.context.theme
        s = theme.space
        panel(surface, rect, PANEL, radius=theme.px(14))
        inner = rect.inflate(-4 * s, -3 * s)
        small, body = theme.font(SIZES.small), theme.font(SIZES.body, bold=True)
        selected = Column.of_version(self.versions[self.list.selected]) if self.versions else None
        columns = [("", None), ("selected", selected), ("in use", self.in_use)]
        col_w = inner.width // 3
        rows = [
            ("version", lambda m: m.label),
            ("held-out accuracy", lambda m: _percent(m.accuracy)),
            ("validation", lambda m: _percent(m.metrics.get("validation_accuracy"))),
            ("vs model in use", lambda m: compared_summary(m.metrics)),
            ("learned from", lambda m: m.data),
        ]
        line = body.get_linesize() + s // 2
        for c, (name, _) in enumerate(columns):
            draw_text(surface, name, small, TEXT_FAINT, (inner.left + c * col_w, inner.top))
        for r, (label, value) in enumerate(rows):
            y = inner.top + (r + 1) * line
            draw_text(surface, fit_text(small, label, col_w - s), small, TEXT_DIM, (inner.left, y))
            for c, (_, info) in enumerate(columns[1:], start=1):
                text = value(info) if info is not None else "-"
                colour = TEXT if c == 1 else TEXT_DIM
                draw_text(surface, fit_text(body, text, col_w - s), body, colour, (inner.left + c * col_w, y))
