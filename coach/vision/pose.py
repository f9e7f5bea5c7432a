"""MediaPipe BlazePose behind a small typed interface: one RGB frame in, a `Pose` (or None for "no person") out.

Why the care at import: `import mediapipe` also imports TensorFlow when it is installed (6-7 s, ~800 MB), although pose
needs none of it. Blocking `tensorflow` in `sys.modules` for the duration of the import keeps it near 1 s and ~120 MB
(benchmarks/pipeline.py: ~1.5 s from process start to the first processed frame, ~285 MB peak RSS while running).
MediaPipe's C++ logs ignore TF_CPP_MIN_LOG_LEVEL, so native output is silenced around import and the graph's warm-up.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

from coach._quiet import native_output_silenced
from coach.errors import PoseModelError
from coach.vision.landmarks import NUM_LANDMARKS

# Only the "full" landmark model (complexity 1) ships inside the mediapipe 0.10.21 wheel; lite (0) and heavy (2) are
# downloaded on first use, which Coach never does.
_WARM_UP_CALLS = 60  # calls run with native output silenced; the second half only count once a person was found
_LANDMARK_MODEL_FILES = {
    0: "pose_landmark_lite.tflite",
    1: "pose_landmark_full.tflite",
    2: "pose_landmark_heavy.tflite",
}


@dataclass(frozen=True, eq=False)
class Pose:
    """One person's 33 landmarks in one frame.

    image_xy: (33, 2) x, y normalised to the frame (0..1, may fall outside when a limb leaves the picture).
    world_xyz: (33, 3) metres, origin between the hips, x to the image's right, y down, z away from the camera.
    visibility: (33,) 0..1, MediaPipe's belief that the landmark is visible (not occluded, inside the frame).
    """

    image_xy: np.ndarray
    world_xyz: np.ndarray
    visibility: np.ndarray

    def __post_init__(self) -> None:
        if self.image_xy.shape != (NUM_LANDMARKS, 2) or self.world_xyz.shape != (NUM_LANDMARKS, 3):
            raise ValueError(f"a Pose needs 33 landmarks, got {self.image_xy.shape} and {self.world_xyz.shape}")


def _import_mediapipe() -> ModuleType:
    """Import mediapipe without dragging TensorFlow in, and without its C++ log lines."""
    already_loaded = "tensorflow" in sys.modules
    blocked = False
    if not already_loaded:
        sys.modules["tensorflow"] = None  # type: ignore[assignment]
        blocked = True
    try:
        with native_output_silenced():
            import mediapipe as mp
    finally:
        if blocked and sys.modules.get("tensorflow", 0) is None:
            del sys.modules["tensorflow"]
    return mp


def landmark_model_path(model_complexity: int) -> Path:
    """Where the landmark model for `model_complexity` lives inside the installed mediapipe wheel."""
    if model_complexity not in _LANDMARK_MODEL_FILES:
        raise PoseModelError(f"model complexity must be 0, 1 or 2, not {model_complexity}")
    mp = _import_mediapipe()
    return Path(mp.__file__).parent / "modules" / "pose_landmark" / _LANDMARK_MODEL_FILES[model_complexity]


class PoseEstimator:
    """Runs BlazePose on RGB frames. Use `video=True` for consecutive frames (tracking), False for unrelated images."""

    def __init__(
        self,
        model_complexity: int = 1,
        *,
        video: bool = True,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        model = landmark_model_path(model_complexity)
        if not model.is_file():
            raise PoseModelError(
                f"pose model complexity {model_complexity} needs {model.name}, which is not inside the installed "
                "mediapipe wheel, and Coach never downloads models: use model complexity 1"
            )
        mp = _import_mediapipe()
        with native_output_silenced():
            self._pose = mp.solutions.pose.Pose(
                static_image_mode=not video,
                model_complexity=model_complexity,
                smooth_landmarks=True,
                enable_segmentation=False,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
            # The graph starts its calculators (and logs) on worker threads after the constructor returns; one blank
            # frame makes that happen here, inside the silenced window, instead of over the person's terminal.
            self._pose.process(np.zeros((64, 64, 3), np.uint8))
            self._pose.reset()
        # MediaPipe's worker threads log while the graph warms up (first detection, first landmark model run), and
        # may do so just after `process` returns; keep native output silenced until well past that point.
        self._quiet_calls_left = _WARM_UP_CALLS

    def estimate(self, rgb: np.ndarray) -> Pose | None:
        """The pose of the most prominent person in an RGB uint8 frame, or None when nobody is found."""
        if self._quiet_calls_left > 0:
            with native_output_silenced():
                result = self._pose.process(rgb)
            if result.pose_landmarks is not None or self._quiet_calls_left > _WARM_UP_CALLS // 2:
                self._quiet_calls_left -= 1
        else:
            result = self._pose.process(rgb)
        if result.pose_landmarks is None or result.pose_world_landmarks is None:
            return None
        image = np.array([(lm.x, lm.y, lm.visibility) for lm in result.pose_landmarks.landmark], dtype=np.float32)
        world = np.array([(lm.x, lm.y, lm.z) for lm in result.pose_world_landmarks.landmark], dtype=np.float32)
        return Pose(image_xy=image[:, :2].copy(), world_xyz=world, visibility=image[:, 2].copy())

    def close(self) -> None:
        """Release the MediaPipe graph (it logs while shutting down, too)."""
        with native_output_silenced():
            self._pose.close()

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
