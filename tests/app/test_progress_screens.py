"""History, Calibration, Settings and Retrain driven headless over a real (temporary SQLite) repository."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pygame
import pytest

from coach.app.context import AppContext
from coach.app.demo_data import SettableClock, demo_start, fill_demo_history, fill_demo_samples
from coach.app.history_view import load_history
from coach.app.retrain_job import RetrainJob, retrain_blocker
from coach.app.scene import Pop
from coach.app.screens.calibration import CalibrationScreen, guided_steps, review_pose
from coach.app.screens.history import HistoryScreen, SessionScreen
from coach.app.screens.retrain import RetrainScreen
from coach.app.screens.settings import SettingsScreen
from coach.app.settings import AppSettings, load_settings, save_settings
from coach.exercises.registry import EXERCISES
from coach.recognition.train import TrainConfig
from coach.storage import open_repository
from coach.storage.workout_bridge import session_records
from coach.workout.progression import recompute
from tests.app.conftest import key
from tests.storage.fake_models import fake_model

TODAY = date(2026, 11, 25)


@pytest.fixture
def repo(tmp_path: Path):
    clock = SettableClock(demo_start(TODAY))
    with open_repository(f"sqlite:///{tmp_path / 'coach.db'}", models_dir=tmp_path / "models", clock=clock) as repo:
        repo.test_clock = clock
        yield repo


def _draw(scene, window: pygame.Surface) -> None:
    window.fill((255, 0, 255))
    scene.draw(window)
    assert window.get_at((window.get_width() // 2, window.get_height() - 2))[:3] != (255, 0, 255)


def test_history_lists_sessions_newest_first_and_opens_one_with_its_sets(context: AppContext, window, repo):
    stored = fill_demo_history(repo, repo.test_clock, TODAY)
    view = load_history(repo, TODAY)
    assert len(view.sessions) == stored == 12
    assert view.sessions[0].started_at > view.sessions[-1].started_at
    assert view.progression == recompute(session_records(repo))  # the same fold as the Summary screen
    assert view.streak >= 7 and "streak_7" in view.progression.badges
    # the charts' numbers are the stored reps
    weeks = view.reps_by("week", 6)
    assert sum(sum(t.values()) for _, t in weeks) == sum(s.reps for s in view.sessions)
    days = view.reps_by("day", 14)
    assert len(days) == 14 and days[-1][0] == TODAY and days[-1][1] == {}  # today is the scripted rest day
    assert sum(days[-2][1].values()) == view.sessions[0].reps
    assert all(0 < p.quality <= 1 for p in view.quality) and view.quality[-1].quality > view.quality[0].quality
    screen = HistoryScreen(context, view)
    _draw(screen, window)
    screen.handle_event(key(pygame.K_d))
    assert screen.period == "day"
    _draw(screen, window)
    screen.handle_event(key(pygame.K_DOWN))
    opened = screen.handle_event(key(pygame.K_RETURN))
    assert isinstance(opened, SessionScreen) and opened.detail.summary.id == view.sessions[1].id
    assert len(opened.detail.sets) >= 2
    _draw(opened, window)
    assert isinstance(opened.handle_event(key(pygame.K_ESCAPE)), Pop)


def test_history_with_no_sessions_says_so(context: AppContext, window, repo):
    view = load_history(repo, TODAY)
    assert view.sessions == () and view.progression.xp == 0
    screen = HistoryScreen(context, view)
    _draw(screen, window)
    assert screen.handle_event(key(pygame.K_RETURN)) is None


def test_calibration_records_reviews_and_keeps_a_sample(context: AppContext, window, repo):
    screen = CalibrationScreen(context, repo, "synthetic", countdown_s=0.0, realtime=False)
    _draw(screen, window)
    screen.list.selected = list(EXERCISES).index("squat")
    screen.handle_event(key(pygame.K_RETURN))
    assert screen.state == "recording"
    _draw(screen, window)
    screen.job.wait(120)
    screen.update(1 / 60)
    assert screen.state == "review", screen.notice
    assert screen.job.recorder.reps >= 5 and screen.job.result.detected_frames > 0
    for _ in range(3):
        screen.update(0.25)  # the replay moves on
        _draw(screen, window)
    pose = review_pose(screen.job.result, 10)
    assert pose is not None and np.all((pose.image_xy > 0) & (pose.image_xy < 1))
    screen.handle_event(key(pygame.K_k))
    assert screen.state == "pick"
    samples = repo.samples.list()
    assert [(s.exercise, s.reps) for s in samples] == [("squat", samples[0].reps)] and samples[0].reps >= 5
    assert screen.counts["squat"] == 1
    _draw(screen, window)


def test_calibration_discard_keeps_nothing_and_escape_cancels_a_recording(context: AppContext, window, repo):
    screen = CalibrationScreen(context, repo, "synthetic", countdown_s=0.0, realtime=False)
    screen.list.selected = list(EXERCISES).index("plank")
    screen.handle_event(key(pygame.K_RETURN))
    screen.job.wait(120)
    screen.update(1 / 60)
    assert screen.state == "review" and screen.job.result.seconds >= 9
    screen.handle_event(key(pygame.K_d))
    assert repo.samples.list() == [] and screen.state == "pick"
    slow = CalibrationScreen(context, repo, "synthetic", countdown_s=3.0, realtime=True)
    slow.handle_event(key(pygame.K_RETURN))
    slow.handle_event(key(pygame.K_ESCAPE))
    assert slow.state == "pick" and slow.job is None and "cancelled" in slow.notice
    assert isinstance(slow.handle_event(key(pygame.K_ESCAPE)), Pop)


def test_the_guided_pass_is_every_exercise_once_idle_last():
    steps = guided_steps()
    assert sorted(s.exercise for s in steps) == sorted(EXERCISES) and steps[-1].exercise == "idle"
    assert all((s.reps is None) != (s.seconds is None) for s in steps)


def test_settings_has_source_model_profile_and_retrain(context: AppContext, window, tmp_path: Path):
    opened = []
    screen = SettingsScreen(context, retrain=lambda c: opened.append(c) or SettingsScreen(c))
    _draw(screen, window)
    screen.handle_event(key(pygame.K_4))
    assert context.settings.source == "camera:1"
    screen.handle_event(key(pygame.K_5))
    assert context.settings.model_complexity == 2
    screen.handle_event(key(pygame.K_6))
    for letter in "Ana":
        screen.handle_event(pygame.event.Event(pygame.TEXTINPUT, text=letter))
    _draw(screen, window)
    screen.handle_event(key(pygame.K_RETURN))
    assert context.settings.profile == "Ana"
    assert isinstance(screen.handle_event(key(pygame.K_r)), SettingsScreen) and opened
    path = tmp_path / "settings.json"
    save_settings(context.settings, path)
    assert load_settings(path) == context.settings
    path.write_text('{"model_complexity": 7}')
    with pytest.raises(Exception, match="'model_complexity' must be 0, 1 or 2"):
        load_settings(path)
    assert AppSettings().source == "camera"


def test_retrain_with_too_few_samples_says_so_instead_of_starting(context: AppContext, window, repo, tmp_path):
    screen = RetrainScreen(context, repo, "sqlite://", TrainConfig(), models_dir=tmp_path / "models")
    screen.handle_event(key(pygame.K_r))
    assert screen.job is None and "No recordings yet" in screen.notice
    _draw(screen, window)
    fill_demo_samples(repo)
    assert retrain_blocker(repo, "both") is None
    repo.samples.delete(repo.samples.list()[0].id)
    for sample in repo.samples.list()[2:]:
        repo.samples.delete(sample.id)
    screen.refresh()
    screen.handle_event(key(pygame.K_t))
    assert screen.data == "recorded"
    screen.handle_event(key(pygame.K_r))
    assert screen.job is None and "at least 3" in screen.notice and "you have 2" in screen.notice
    screen.handle_event(key(pygame.K_t))
    screen.handle_event(key(pygame.K_r))  # synthetic + 2 recordings may train, and the screen says what follows
    assert screen.job is not None and "cannot be compared with the model in use" in screen.notice
    screen.cancel()


def _fake_runner(db_url, models_dir, data, config, report):
    """Stands in for the trainer in the child process: reports epochs, then registers a tiny model folder."""
    import time

    from tests.storage.fake_models import fake_model

    for epoch in range(1, config.epochs + 1):
        report(("progress", "epochs", epoch, config.epochs))
        time.sleep(config.extra.get("sleep", 0.0))
    from coach.storage.model_versions import activation_verdict

    with open_repository(db_url, models_dir=Path(models_dir)) as repo:
        folder, metrics = fake_model(Path(models_dir) / f"tmp{len(repo.models.list())}", config.extra["accuracy"])
        verdict = activation_verdict(metrics["accuracy"], 0.5, not_compared=config.extra.get("not_compared"))
        info, verdict = repo.models.register(folder, metrics, data=data, incumbent_accuracy=0.5, verdict=verdict)
    report(("done", info.id, verdict.activate, verdict.reason, info.accuracy))


def test_a_background_run_reports_progress_and_can_be_cancelled(tmp_path: Path, repo):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    config = TrainConfig(epochs=3, synthetic_subjects=0, extra={"accuracy": 0.8})
    job = RetrainJob(url, "recorded", config, models_dir=tmp_path / "models", runner=_fake_runner)
    seen = []
    while job.running:
        seen.append(job.poll().fraction)
        pygame.time.wait(20)
    assert job.progress.state == "finished" and job.progress.version_id == 1 and seen == sorted(seen)
    slow = TrainConfig(epochs=20, synthetic_subjects=0, extra={"accuracy": 0.9, "sleep": 0.3})
    job = RetrainJob(url, "recorded", slow, models_dir=tmp_path / "models", runner=_fake_runner)
    while job.poll().fraction == 0:
        pygame.time.wait(20)
    assert job.progress.eta_s is not None and job.progress.eta_s > 1  # 19 epochs of 0.3 s still to go
    job.cancel()
    assert job.progress.state == "cancelled" and len(repo.models.list()) == 1


def _runner_with_workers(db_url, models_dir, data, config, report):
    """Stands in for a trainer that forks workers (people, networks), as `coach train` does: says whether it may, then
    starts two that would outlive it and works until it is stopped."""
    import multiprocessing
    import time

    from coach.recognition.making import can_fork_workers

    may_fork = can_fork_workers()
    workers = []
    if may_fork:
        workers = [multiprocessing.get_context("fork").Process(target=time.sleep, args=(120,)) for _ in range(2)]
        for worker in workers:
            worker.start()
    pids = " ".join(str(w.pid) for w in workers)
    (Path(models_dir) / "trainer.txt").write_text(f"{may_fork} {pids}".strip())
    report(("progress", "epochs", 1, 100))
    time.sleep(120)


def _running(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting to be reaped has stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _trainer_file(job: RetrainJob, models: Path) -> list[str]:
    for _ in range(1000):  # a spawned interpreter starts in ~1 s
        job.poll()
        if (models / "trainer.txt").exists() and (models / "trainer.txt").read_text():
            return (models / "trainer.txt").read_text().split()
        pygame.time.wait(20)
    raise AssertionError(f"the trainer never started: {job.progress}")


QUIT_MID_RUN = """
import sys
from pathlib import Path
from coach.app.retrain_job import RetrainJob
from coach.recognition.train import TrainConfig
from tests.app.test_progress_screens import _runner_with_workers, _trainer_file

if __name__ == "__main__":
    models = Path(sys.argv[1])
    job = RetrainJob("sqlite:///" + str(models.parent / "coach.db"), "recorded", TrainConfig(epochs=100),
                     models_dir=models, runner=_runner_with_workers)
    print(" ".join([str(job._process.pid), *_trainer_file(job, models)]), flush=True)
    sys.exit(0)  # the app quits mid-run
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")
def test_the_apps_trainer_forks_workers_like_coach_train_and_cancel_stops_them_all(tmp_path: Path):
    """The app's trainer may use every core (it was a daemon process, which may not fork, so Retrain made its people
    and fitted its networks one at a time); Cancel leaves no worker training on."""
    models = tmp_path / "models"
    models.mkdir()
    job = RetrainJob(f"sqlite:///{tmp_path / 'coach.db'}", "recorded", TrainConfig(epochs=100), models_dir=models,
                     runner=_runner_with_workers)  # fmt: skip
    may_fork, *workers = _trainer_file(job, models)
    pids = [job._process.pid, *map(int, workers)]
    assert may_fork == "True" and len(pids) == 3 and all(_running(pid) for pid in pids)
    job.cancel()
    assert job.progress.state == "cancelled"
    assert not any(_running(pid) for pid in pids)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")
def test_quitting_the_app_mid_run_stops_the_trainer_and_its_workers_at_once(tmp_path: Path):
    """A non-daemon child would keep the quitting app waiting until training ended: the job stops it at exit."""
    import subprocess
    import sys
    import time

    models = tmp_path / "models"
    models.mkdir()
    script = tmp_path / "quit_mid_run.py"
    script.write_text(QUIT_MID_RUN)
    root = Path(__file__).resolve().parents[2]
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script), str(models)], cwd=root, capture_output=True, text=True,
                          timeout=90, env={**os.environ, "PYTHONPATH": str(root)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    trainer, may_fork, *workers = done.stdout.split()
    assert may_fork == "True" and len(workers) == 2
    assert time.monotonic() - started < 60  # the runner would sleep 120 s
    assert not any(_running(int(pid)) for pid in [trainer, *workers])


@pytest.mark.slow
def test_retrain_on_a_tiny_model_finishes_and_can_be_activated_and_rolled_back(context: AppContext, window, tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    models = tmp_path / "models"
    with open_repository(url, models_dir=models) as repo:
        fill_demo_samples(repo)
        # Two workers, as the app asks for: its trainer forks workers to make people and fit the networks side by side
        # (it was once a daemon process and failed with "daemonic processes are not allowed to have children").
        tiny = TrainConfig(synthetic_subjects=6, epochs=2, exercises=("squat", "pushup", "lunge"), units=8, workers=2,
                           eval_people=2)  # fmt: skip
        screen = RetrainScreen(context, repo, url, tiny, models_dir=models)
        for _ in range(2):  # two versions, so there is one to roll back to
            screen.handle_event(key(pygame.K_r))
            assert screen.job is not None and screen.job.running
            while screen.progress.state == "running":
                screen.update(1 / 60)
                _draw(screen, window)  # the UI keeps drawing while it trains
                pygame.time.wait(50)
            assert screen.progress.state == "finished", screen.progress.message
        versions = repo.models.list()
        assert len(versions) == 2 and all(v.accuracy is not None for v in versions)
        screen.list.selected = 0  # newest
        screen.handle_event(key(pygame.K_RETURN))
        assert repo.models.active().id == versions[1].id
        screen.list.selected = 1  # roll back to the first
        screen.handle_event(key(pygame.K_RETURN))
        assert repo.models.active().id == versions[0].id
        _draw(screen, window)
        screen.handle_event(key(pygame.K_0))
        assert repo.models.active() is None


def test_settings_and_retrain_name_the_model_in_use_and_say_when_the_active_one_is_broken(
    context: AppContext, window, repo, tmp_path: Path, monkeypatch
):  # fmt: skip
    monkeypatch.delenv("COACH_MODEL", raising=False)
    settings = SettingsScreen(context, retrain=SettingsScreen, repo=repo)
    retrain = RetrainScreen(context, repo, "sqlite://")
    _draw(settings, window)
    _draw(retrain, window)
    assert settings.menu.buttons[-1].note.startswith("in use: the shipped model ·")
    assert retrain.model.short == "the shipped model" and retrain.in_use.label == "shipped"

    first, _ = repo.models.register(*fake_model(tmp_path / "a", 0.8), data="both", incumbent_accuracy=None)
    second, _ = repo.models.register(*fake_model(tmp_path / "b", 0.9, seed=1), data="both", incumbent_accuracy=0.8)
    retrain.refresh()
    settings.enter()  # back from Retrain
    _draw(settings, window)
    assert settings.menu.buttons[-1].note.startswith(f"in use: version {second.id} ·")
    assert [item.title for item in retrain.list.items] == [f"Version {second.id}  · in use", f"Version {first.id}"]
    assert retrain.in_use.label == str(second.id)

    shutil.rmtree(second.path)  # the active version's folder is gone: the shipped model runs, and both screens say so
    retrain.refresh()
    settings.enter()
    _draw(settings, window)
    _draw(retrain, window)
    assert settings.menu.buttons[-1].note.startswith("in use: the shipped model (see the note)")
    assert settings.model.problem.startswith(f"the active model version {second.id} cannot be used")
    assert retrain.model.problem == settings.model.problem and retrain.in_use.label == "shipped"
    assert retrain.list.items[0].title == f"Version {second.id}  · active, not used"

    mine, _ = fake_model(tmp_path / "mine", None, seed=2)
    explicit = RetrainScreen(context, repo, "sqlite://", model_option=mine)  # coach play --model DIR
    assert explicit.model.short == "mine (--model)" and explicit.in_use.label == "mine"


def test_a_finished_run_that_could_not_be_compared_says_so_on_screen(tmp_path: Path, repo):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    config = TrainConfig(epochs=1, synthetic_subjects=0, extra={"accuracy": 0.8, "not_compared": "no recording"})
    job = RetrainJob(url, "recorded", config, models_dir=tmp_path / "models", runner=_fake_runner)
    while job.running:
        job.poll()
        pygame.time.wait(20)
    assert job.progress.state == "finished"
    assert job.progress.message == (
        "Kept as version 1, not compared with the model in use: no recording; not activated."
    )  # the CLI's advice (`coach models --activate`) is left out: the screen has its own keys


@pytest.mark.parametrize("name", ["history", "session", "calibration", "retrain", "settings"])
@pytest.mark.parametrize("size", [(960, 540), (1920, 1080)], ids=["small", "1080p"])
def test_the_new_screens_draw_at_any_window_size(context: AppContext, window, repo, name, size):
    fill_demo_history(repo, repo.test_clock, TODAY)
    fill_demo_samples(repo)
    surface = pygame.display.set_mode(size, pygame.RESIZABLE)
    context.theme.resize(size)
    view = load_history(repo, TODAY)
    scene = {
        "history": lambda: HistoryScreen(context, view),
        "session": lambda: SessionScreen(context, view.load_detail(view.sessions[0].id)),
        "calibration": lambda: CalibrationScreen(context, repo, "synthetic"),
        "retrain": lambda: RetrainScreen(context, repo, "sqlite://"),
        "settings": lambda: SettingsScreen(context, retrain=SettingsScreen),
    }[name]()
    _draw(scene, surface)


def test_home_shows_the_stored_level_streak_and_last_workout(repo):
    from coach.app.history_view import home_view

    fill_demo_history(repo, repo.test_clock, TODAY)
    history = load_history(repo, TODAY)
    view = home_view(history, "Ana")
    assert (view.level, view.xp_in_level) == (history.progression.level.level, history.progression.level.xp_into_level)
    assert view.streak_days == history.streak and view.workouts_done == history.progression.workouts
    assert view.last_workout == "Upper body, yesterday"
    assert home_view(replace(history, sessions=()), "Ana").last_workout is None
