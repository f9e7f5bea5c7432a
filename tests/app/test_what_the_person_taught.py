"""What a person teaches Coach reaches their next workout: a kept calibration recording gives the workout's counter
their own range, so a person who squats half as deep as the textbook gets every rep counted from the first one. The
workout runs the app's own path: the worker's per-frame code (LiveEngine over the one FrameStep) and the Workout
screen's driver with its engine."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from coach.app.context import AppContext
from coach.app.rehearsal import InProcessFeed, drive
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.app.workout_driver import EngineDriver
from coach.app.workouts import Workouts
from coach.calibration import keep_sample, profile_ranges
from coach.live.engine import LiveEngine
from coach.pipeline import count_recorded, pose_frames
from coach.recording import LandmarkSequence
from coach.storage.repository import open_repository
from coach.synth.generator import IDLE, Segment, SynthClip, ViewRequest, generate_workout
from coach.workout.engine import EngineConfig
from tests.app.test_writer import SIX_SQUATS
from tests.counting.helpers import OFF

HALF_DEPTH = 0.5  # of the person's textbook range: thighs far from level
PERSON = 1  # the seed: the same person in the calibration recording and the workout
VIEW = ViewRequest(waist_up=False, partly_out_of_frame=False, pitch_range_deg=(-5.0, 15.0), forearm_depth_guess=False)


def _squats(reps: int, lead_in_s: float) -> SynthClip:
    segments = [Segment(IDLE, seconds=lead_in_s), Segment("squat", reps=reps, range_scale=HALF_DEPTH),
                Segment(IDLE, seconds=3.0)]  # fmt: skip
    return generate_workout(segments, PERSON, view=VIEW, off=OFF)


def _poses(clip: SynthClip) -> list:
    return [(i / clip.fps, clip.pose(i)) for i in range(clip.frames)]


def _recording(clip: SynthClip) -> LandmarkSequence:
    """The clip as `coach record` stores it: raw world landmarks and visibility, every frame."""
    return LandmarkSequence(clip.world.astype("float32"), clip.visibility.astype("float32"), clip.detected, clip.fps)


def test_half_depth_squats_are_partial_until_the_person_calibrates():
    workout = _squats(6, lead_in_s=2.0)
    uncalibrated = count_recorded("squat", _poses(workout))
    assert uncalibrated.events[0].partial and uncalibrated.count < 6  # judged against the textbook range


def _run_workout(workouts: Workouts, window: pygame.Surface) -> EngineDriver:
    engine, note = LiveEngine.build(workouts.model(), display_size=(160, 120))
    assert note is None, note
    feed = InProcessFeed(engine)
    context = AppContext(theme=Theme(window.get_size()), sounds=Sounds(muted=True), live=feed)  # type: ignore[arg-type]
    screen = workouts.start(context, SIX_SQUATS)
    driver = screen.driver
    assert isinstance(driver, EngineDriver)
    workout = _squats(6, lead_in_s=workouts.config.get_ready_s + 2.0)
    drive(engine, driver, pose_frames(_poses(workout), "squat"), lambda d: False)
    engine.close()
    return driver


@pytest.mark.parametrize("calibrated", [False, True])
def test_a_kept_calibration_gives_the_workout_the_persons_range(tmp_path: Path, window, calibrated: bool):
    repo = open_repository(f"sqlite:///{tmp_path / 'coach.db'}")
    if calibrated:
        sample = keep_sample(repo, "squat", _recording(_squats(5, lead_in_s=1.0)), source="test", reps=5)
        stored = repo.samples.list()[0]
        assert stored.id == sample and stored.rep_ranges is not None and len(stored.rep_ranges) >= 5
    workouts = Workouts(repo, "Test", config=EngineConfig(get_ready_s=2.0))
    ranges = workouts.ranges()
    driver = _run_workout(workouts, window)
    engine = driver.engine
    assert engine is not None
    finished = engine.summary().sets
    reps = finished[0].reps if finished else engine.snapshot().reps  # the set still waits for its 6th rep
    if calibrated:
        assert 35 <= ranges["squat"] <= 60, ranges  # half of a ~90 degree squat
        assert reps == 6, "every rep counted, from the first one"
    else:
        assert ranges == {} and reps < 6
    repo.close()


def test_ranges_of_samples_recorded_before_they_were_measured_are_measured_once(tmp_path: Path):
    repo = open_repository(f"sqlite:///{tmp_path / 'coach.db'}")
    sample = repo.samples.add("squat", _recording(_squats(5, lead_in_s=1.0)), source="an older Coach")
    assert repo.samples.list()[0].rep_ranges is None
    first = profile_ranges(repo)
    assert repo.samples.list()[0].rep_ranges is not None and sample == repo.samples.list()[0].id
    assert profile_ranges(repo) == first and 35 <= first["squat"] <= 60
    assert profile_ranges(repo, "someone else") == {}
    repo.close()
