"""Calibration: record yourself doing an exercise (or standing idle) so Coach can retrain on your movement.

Pick an exercise, count down, record N reps (S seconds for plank and idle) with the live skeleton, then review: the
recorded skeleton replays with the reps that were counted, and you keep it (a calibration sample in the database) or
discard it. G starts the guided pass: every exercise once, in a fixed order. Counts per exercise are always shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pygame

from coach.app.calibration_job import COUNTDOWN_S, DEFAULT_REPS, DEFAULT_SECONDS, RecordingJob
from coach.app.context import AppContext
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.text import draw_text, wrap_text
from coach.app.theme import ACCENT, GOLD, PANEL, SIZES, TEXT, TEXT_DIM, TEXT_FAINT, exercise_colour, exercise_name
from coach.app.widgets.listview import ListItem, ListView
from coach.app.widgets.progress import draw_progress_bar
from coach.app.widgets.shapes import panel
from coach.app.widgets.skeleton import draw_skeleton
from coach.calibration import profile_ranges
from coach.exercises.registry import EXERCISES, ExerciseKind
from coach.live.frame import LivePose
from coach.recording import LandmarkSequence
from coach.storage import Repository

REVIEW_HEIGHT_M = 2.2  # the replayed skeleton's box is this many metres tall


@dataclass(frozen=True)
class CalibrationStep:
    """One recording to make: an exercise and its goal (reps, or seconds for holds and idle)."""

    exercise: str
    reps: int | None = None
    seconds: float | None = None

    @property
    def goal(self) -> str:
        return f"{self.reps} reps" if self.reps is not None else f"{self.seconds:g} s"


def step_for(exercise: str) -> CalibrationStep:
    """The default goal: reps for rep exercises, seconds for plank and idle."""
    if EXERCISES[exercise].kind is ExerciseKind.REPS:
        return CalibrationStep(exercise, reps=DEFAULT_REPS)
    return CalibrationStep(exercise, seconds=DEFAULT_SECONDS)


def guided_steps() -> tuple[CalibrationStep, ...]:
    """The guided pass: every exercise of the registry once, then idle (standing, walking about) last."""
    ids = [e for e in EXERCISES if e != "idle"] + (["idle"] if "idle" in EXERCISES else [])
    return tuple(step_for(e) for e in ids)


def review_pose(sequence: LandmarkSequence, index: int) -> LivePose | None:
    """Frame `index` of a recording as a drawable pose: world metres (hip-centred, y down) into a 0..1 box."""
    if not sequence.detected[index]:
        return None
    xy = sequence.world[index, :, :2] / REVIEW_HEIGHT_M + 0.5
    return LivePose(xy.astype(np.float32), sequence.visibility[index])


class CalibrationScreen(Scene):
    """Pick -> record -> review, alone or as the guided pass."""

    title = "Calibration"

    def __init__(
        self,
        context: AppContext,
        repo: Repository,
        source: str,
        *,
        model_complexity: int = 1,
        countdown_s: float = COUNTDOWN_S,
        realtime: bool = True,
    ) -> None:
        super().__init__(context)
        self.repo, self.source = repo, source
        self.model_complexity, self.countdown_s, self.realtime = model_complexity, countdown_s, realtime
        self.state = "pick"
        self.guided: list[CalibrationStep] = []
        self.guided_total = 0  # steps in the guided pass under way (0: a single recording)
        self.step: CalibrationStep | None = None
        self.job: RecordingJob | None = None
        self.replay_t = 0.0
        self.notice = ""
        self.exercises = list(EXERCISES)
        self.list = ListView([], row_height=56)
        self.refresh()

    def refresh(self) -> None:
        """Re-read how many samples each exercise has."""
        self.counts = Counter(s.exercise for s in self.repo.samples.list())
        selected = self.list.selected
        items = []
        for exercise in self.exercises:
            n = self.counts.get(exercise, 0)
            value = f"{n} sample" + ("" if n == 1 else "s")
            items.append(ListItem(exercise_name(exercise), step_for(exercise).goal, value, exercise_colour(exercise)))
        self.list = ListView(items, row_height=56)
        self.list.selected = selected

    # flow

    def start(self, step: CalibrationStep) -> None:
        self.step = step
        self.job = RecordingJob(
            self.source, step.exercise, reps=step.reps, seconds=step.seconds, countdown_s=self.countdown_s,
            model_complexity=self.model_complexity, realtime=self.realtime,
        )  # fmt: skip
        self.state = "recording"
        self.notice = ""

    def start_guided(self) -> None:
        self.guided = list(guided_steps())
        self.guided_total = len(self.guided)
        self.start(self.guided.pop(0))

    def finish_review(self, keep: bool) -> None:
        """Keep (store the sample) or discard, then the next guided step or back to the list."""
        job, step = self.job, self.step
        assert job is not None and step is not None and job.result is not None
        if keep:
            reps = job.recorder.reps if job.recorder.reps_goal is not None else None
            self.repo.samples.add(
                step.exercise, job.result, source=job.source_name, reps=reps, rep_ranges=job.rep_ranges
            )
            person = profile_ranges(self.repo).get(step.exercise)
            taught = f" Your range: {person:.0f}°, used from your next workout." if person is not None else ""
            self.notice = f"Kept: {exercise_name(step.exercise)}, {job.result.seconds:.1f} s.{taught}"
            self.context.sounds.play("set_done")
        else:
            self.notice = f"Discarded the {exercise_name(step.exercise)} recording."
        self.refresh()
        self.job = None
        if self.guided:
            self.start(self.guided.pop(0))
        else:
            self.state, self.guided_total = "pick", 0

    def stop(self) -> None:
        """Cancel the recording (and the guided pass)."""
        if self.job is not None:
            self.job.cancel()
        self.job, self.guided, self.guided_total, self.state = None, [], 0, "pick"
        self.notice = "Recording cancelled."

    # scene

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if self.state == "recording":
            if is_back(event):
                self.stop()
            return None
        if self.state == "review":
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_k, pygame.K_RETURN):
                self.finish_review(True)
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_d:
                self.finish_review(False)
            elif is_back(event):
                self.guided = []
                self.finish_review(False)
            return None
        if is_back(event):
            return Pop()
        if event.type == pygame.KEYDOWN and event.key == pygame.K_g:
            self.start_guided()
            return None
        chosen = self.list.handle_event(event)
        if chosen is not None:
            self.context.sounds.play("click")
            self.start(step_for(self.exercises[chosen]))
        return None

    def update(self, dt: float) -> Transition | None:
        if self.state == "recording" and self.job is not None and self.job.finished:
            snapshot = self.job.snapshot
            if snapshot.phase == "done" and self.job.result is not None:
                self.state, self.replay_t = "review", 0.0
                self.notice = snapshot.message
            else:
                self.notice = snapshot.message or "The recording stopped."
                self.job, self.guided, self.guided_total, self.state = None, [], 0, "pick"
        elif self.state == "review":
            self.replay_t += dt
        return None

    def leave(self) -> None:
        if self.job is not None and not self.job.finished:
            self.job.cancel()

    # drawing

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.context.theme
        begin(surface)
        total = sum(self.counts.values())
        top_bar(surface, theme, "Calibration", f"{total} samples · source: {self.source}")
        area = content_rect(surface, theme).inflate(0, -4 * theme.space)
        if self.state == "pick":
            hints(surface, theme, "Enter record the selected exercise  ·  G guided pass (every exercise)  ·  Esc back")
            self._pick(surface, area)
        elif self.state == "recording":
            hints(surface, theme, "Esc cancel")
            self._recording(surface, area)
        else:
            hints(surface, theme, "K keep  ·  D discard  ·  Esc discard and stop")
            self._review(surface, area)

    def _side(self, surface: pygame.Surface, rect: pygame.Rect, lines: list[tuple[str, int, tuple, bool]]) -> int:
        theme = self.context.theme
        panel(surface, rect, PANEL, radius=theme.px(14))
        inner = rect.inflate(-5 * theme.space, -4 * theme.space)
        y = inner.top
        for text, size, colour, bold in lines:
            font = theme.font(size, bold=bold)
            for line in wrap_text(font, text, inner.width):
                y = draw_text(surface, line, font, colour, (inner.left, y)).bottom
            y += theme.space
        return y

    def _pick(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        theme = self.context.theme
        left = pygame.Rect(area.left, area.top, round(area.width * 0.55), area.height)
        right = pygame.Rect(left.right + 3 * theme.space, area.top, area.right - left.right - 3 * theme.space,
                            area.height)  # fmt: skip
        self.list.draw(surface, left, theme)
        lines = [
            ("Teach Coach how you move", SIZES.large, TEXT, True),
            ("Record a few reps of each exercise in front of the camera. Coach keeps the skeleton only, no video. "
             "With three or more, retrain the recognizer (Settings → Retrain).", SIZES.body, TEXT_DIM, False),
            (f"A recording: {COUNTDOWN_S:.0f} s countdown, then {DEFAULT_REPS} reps ({DEFAULT_SECONDS:.0f} s for plank "
             "and idle), then you watch it back and keep or discard it.", SIZES.body, TEXT_DIM, False),
            (f"Guided pass (G): all {len(guided_steps()) - 1} exercises, then idle.", SIZES.body, ACCENT, True),
        ]  # fmt: skip
        if self.notice:
            lines.append((self.notice, SIZES.body, GOLD, False))
        self._side(surface, right, lines)

    def _stage(self, area: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
        s = self.context.theme.space
        stage = pygame.Rect(area.left, area.top, round(area.width * 0.62), area.height)
        side = pygame.Rect(stage.right + 3 * s, area.top, area.right - stage.right - 3 * s, area.height)
        return stage, side

    def _skeleton_box(self, stage: pygame.Rect) -> pygame.Rect:
        box = pygame.Rect(0, 0, stage.height, stage.height)
        box.center = stage.center
        return box

    def _recording(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        theme, job, step = self.context.theme, self.job, self.step
        assert job is not None and step is not None
        snap = job.snapshot
        stage, side = self._stage(area)
        panel(surface, stage, PANEL, radius=theme.px(14))
        if snap.image_xy is not None and snap.visibility is not None:
            box = self._skeleton_box(stage)
            draw_skeleton(surface, box, LivePose(snap.image_xy, snap.visibility), scale=theme.scale)
        if snap.phase == "countdown":
            number = max(1, int(np.ceil(snap.countdown_left)))
            draw_text(surface, str(number), theme.font(SIZES.huge, bold=True), GOLD, stage.center, "center")
        guided = (
            f"Guided pass: {self.guided_total - len(self.guided)} of {self.guided_total}" if self.guided_total else ""
        )
        status = "Get into position…" if snap.phase == "countdown" else "Recording"
        if step.reps is not None:
            progress, counter = snap.reps / step.reps, f"{snap.reps} / {step.reps} reps"
        else:
            progress, counter = snap.elapsed_s / (step.seconds or 1), f"{snap.elapsed_s:.0f} / {step.seconds:g} s"
        y = self._side(surface, side, [
            (exercise_name(step.exercise), SIZES.title, exercise_colour(step.exercise), True),
            (guided, SIZES.small, TEXT_FAINT, False),
            (status, SIZES.large, TEXT, True),
            (counter, SIZES.heading, GOLD, True),
        ])  # fmt: skip
        bar = pygame.Rect(side.left + 5 * theme.space, y, side.width - 10 * theme.space, theme.px(18))
        draw_progress_bar(surface, bar, progress if snap.phase != "countdown" else 0.0)

    def _review(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        theme, job, step = self.context.theme, self.job, self.step
        assert job is not None and step is not None and job.result is not None
        sequence = job.result
        stage, side = self._stage(area)
        panel(surface, stage, PANEL, radius=theme.px(14))
        index = int(self.replay_t * sequence.fps) % sequence.frames
        pose = review_pose(sequence, index)
        if pose is not None:
            draw_skeleton(surface, self._skeleton_box(stage), pose, scale=theme.scale, min_visibility=0.0)
        bar = pygame.Rect(stage.left + 3 * theme.space, stage.bottom - 4 * theme.space, stage.width - 6 * theme.space,
                          theme.px(8))  # fmt: skip
        draw_progress_bar(surface, bar, (index + 1) / sequence.frames, exercise_colour(step.exercise))
        counted = job.recorder.reps if job.recorder.counts_reps else None
        seen = sequence.detected_frames / sequence.frames
        lines = [
            ("Review", SIZES.title, TEXT, True),
            (exercise_name(step.exercise), SIZES.large, exercise_colour(step.exercise), True),
            (f"{sequence.seconds:.1f} s, {sequence.frames} frames at {sequence.fps:.0f} fps", SIZES.body, TEXT_DIM,
             False),
            (f"you were in view {seen:.0%} of the time", SIZES.body, TEXT_DIM, False),
        ]  # fmt: skip
        if counted is not None:
            lines.append((f"{counted} reps counted", SIZES.heading, GOLD, True))
        if self.notice:
            lines.append((self.notice, SIZES.small, TEXT_FAINT, False))
        lines.append(("K keep it · D discard it", SIZES.large, ACCENT, True))
        self._side(surface, side, lines)
