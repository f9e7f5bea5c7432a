"""The MediaPipe wrapper: the shipped model loads, nobody in the picture is None, unavailable models fail clearly."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from coach.errors import PoseModelError
from coach.vision.pose import PoseEstimator, landmark_model_path


def test_an_empty_room_has_no_pose():
    with PoseEstimator(video=False) as estimator:
        assert estimator.estimate(np.zeros((240, 320, 3), np.uint8)) is None


def test_the_full_model_ships_inside_the_wheel():
    assert landmark_model_path(1).is_file()


@pytest.mark.parametrize("complexity", [0, 2])
def test_models_that_would_need_a_download_are_refused_clearly(complexity: int):
    if landmark_model_path(complexity).is_file():
        pytest.skip(f"model complexity {complexity} happens to be installed here")
    with pytest.raises(PoseModelError, match="never downloads models: use model complexity 1"):
        PoseEstimator(model_complexity=complexity)


def test_pose_estimation_does_not_import_tensorflow():
    code = (
        "import sys, numpy as np\n"
        "from coach.vision.pose import PoseEstimator\n"
        "PoseEstimator().estimate(np.zeros((64, 64, 3), np.uint8))\n"
        "print('tensorflow' in sys.modules and sys.modules['tensorflow'] is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"
    assert out.stderr == "", "MediaPipe's native log lines should not reach the terminal"
