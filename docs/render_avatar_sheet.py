"""Render the README's still of the avatar: eight exercises, each at the far end of its first rep.

Run from the repo root: `.venv/bin/python docs/render_avatar_sheet.py` (writes docs/images/avatar.png).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from coach.exercises import get_exercise
from coach.synth.generator import ViewRequest, generate_clip
from coach.synth.render import AvatarRenderer

SHOTS = (  # exercise, camera yaw, seed
    ("squat", 35.0, 3),
    ("pushup", 60.0, 1),
    ("bicep_curl", -20.0, 2),
    ("shoulder_press", 10.0, 4),
    ("lunge", 55.0, 5),
    ("jumping_jack", 0.0, 6),
    ("situp", -60.0, 7),
    ("plank", 65.0, 8),
)
TILE = (320, 240)


def tile(exercise: str, yaw: float, seed: int) -> np.ndarray:
    """One labelled frame of the avatar mid-exercise."""
    view = ViewRequest(yaw_deg=yaw, mirror=False, partly_out_of_frame=False, width=TILE[0] * 2, height=TILE[1] * 2)
    kind = get_exercise(exercise).kind
    clip = (
        generate_clip(exercise, reps=2, seed=seed, view=view)
        if kind == "reps"
        else generate_clip(exercise, seconds=6, seed=seed, view=view)
    )
    frame = clip.reps[0].bottom if clip.reps else clip.frames // 2
    image = cv2.resize(AvatarRenderer(clip.camera).render(clip.scene[frame]), TILE, interpolation=cv2.INTER_AREA)
    label = get_exercise(exercise).display_name
    cv2.putText(image, label, (10, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (30, 30, 30), 2, cv2.LINE_AA)
    return image


def main() -> None:
    """Write the sheet."""
    tiles = [tile(*shot) for shot in SHOTS]
    sheet = np.vstack([np.hstack(tiles[i : i + 4]) for i in range(0, len(tiles), 4)])
    out = Path(__file__).parent / "images" / "avatar.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(out), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    print(out)


if __name__ == "__main__":
    main()
