"""Make perfect landmarks look like MediaPipe's: slow wander, fast jitter, spikes, rare dropouts and visibility.

Every figure below was measured on the 16 real clips in ../shared/data with `benchmarks/noise_stats.py` (MediaPipe
0.10.21, model complexity 1, its own smoothing on; medians over clips). What it showed, and what we match:
- The noise is mostly slow, correlated wander (per-axis std, world): face 21 mm, shoulders/hips 9, elbows/knees 15,
  wrists/ankles 27, hands 19, feet 32; correlation time 0.2-0.4 s; smoother than AR(1), so it is white noise
  low-passed twice. Most of it is shared by the whole body: a still, hanging arm's elbow angle wobbles by only 1.3 deg
  (SD) on real clips, which independent 20 mm wander per landmark would turn into ~8 deg. So the wander is a slow
  whole-body wobble (rotation ~3.5 deg, scale ~2%, image shift ~2% of torso) plus a small independent part per point.
- MediaPipe underestimates depth from one camera: a front-view curl's 3D elbow angle bottoms out near 85-95 deg on
  real clips where the arm truly bends to ~50, yet front-view squats read as deep as 53 deg: the error depends on the
  movement and on how much of the body points at the camera. World depth (z) is compressed by a per-clip factor drawn
  from 0.45-1.0, so the recognizer learns both; 0.7-1.0 left real front-view curls and push-ups unrecognised.
- Fast jitter is small: 1.4 / 0.8 / 2.3 / 4.6 / 2.3 / 6.8 mm (same groups) on still stretches, and doubles below
  visibility 0.8. Neighbouring joints jitter together (the resting arm's 1.3 deg again), so independent jitter per
  point is set to about half those figures for limbs. Depth (world z) is 2.4x noisier than x and y.
- Limbs spike on ~1-2% of landmark-frames (elbows/knees 1.0%, wrists/ankles 1.4%, hands 0.3%, feet 2.3%; face and
  trunk never), by more than 10% of torso length, for 2 frames (median) to 6 (p90); mostly where a point is uncertain
  (a still, visible arm shows none), so the rate is weighted by 1 - visibility.
- Pose found on 99.9% of frames: dropouts of 1 frame, 0.6 per minute.
- MediaPipe reports a near-canonical body: torso 0.478 m with only 0.021 m spread between people of any height.
- Visibility: trunk and face 1.0; limbs 0.92-0.99 seen from the front; seen from the side/45 degrees the near side
  stays ~0.97 while the far side drops to medians 0.33 (elbows/knees), 0.54 (wrists/ankles), 0.43 (hands), 0.65 (feet).
  Legs cut off by the frame's edge fall low but spread (knees median 0.25, p90 0.71; ankles 0.07, p90 0.40), and
  MediaPipe still reports them: invented, bent (knees 40-70 deg) and drifting. Wrists outside the frame stay ~0.9.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coach.synth.kinematics import rot_x, rot_y, rot_z
from coach.vision.landmarks import INDEX, LANDMARK_NAMES, MIRROR_PERMUTATION, NUM_LANDMARKS

GROUPS: dict[str, tuple[int, ...]] = {
    "face": tuple(range(0, 11)),
    "trunk": (11, 12, 23, 24),
    "mid_limb": (13, 14, 25, 26),
    "end_limb": (15, 16, 27, 28),
    "hands": tuple(range(17, 23)),
    "feet": tuple(range(29, 33)),
}
_GROUP_OF = np.empty(NUM_LANDMARKS, dtype=int)
for _i, _members in enumerate(GROUPS.values()):
    _GROUP_OF[list(_members)] = _i
_LEGS = np.array([n.split("_", 1)[-1] in ("knee", "ankle", "heel", "foot_index") for n in LANDMARK_NAMES])
_FAR_SIDE_DROP = np.array([0.0, 0.0, 0.64, 0.43, 0.54, 0.32])  # per group, 0.97 - measured far-side median
MEDIAPIPE_TORSO_M = 0.478
MEDIAPIPE_TORSO_SPREAD_M = 0.021


@dataclass(frozen=True)
class NoiseProfile:
    """Noise levels per landmark group, in the order of GROUPS (face, trunk, mid_limb, end_limb, hands, feet)."""

    wander_m: tuple[float, ...] = (0.003, 0.002, 0.0015, 0.002, 0.003, 0.004)  # independent part, per axis
    wander_torso: tuple[float, ...] = (0.005, 0.005, 0.008, 0.012, 0.012, 0.010)  # image, fraction of torso length
    wander_time_s: float = 0.3
    body_wobble_deg: float = 3.5  # shared slow rotation of the whole world skeleton
    body_scale_wobble: float = 0.02
    image_shift_torso: float = 0.02
    depth_compression: tuple[float, float] = (0.45, 1.0)  # "global": one factor for all of world z
    # "limbs": each kind of limb bone's reach towards the camera is scaled by its own factor, drawn per clip, and the
    # trunk and face stay rigid, as MediaPipe reports them (compress_limb_depth)
    depth_model: str = "limbs"
    limb_depth_compression: tuple[float, float] = (0.3, 1.0)
    jitter_m: tuple[float, ...] = (0.0014, 0.0008, 0.0012, 0.0020, 0.0015, 0.0035)  # see "fast jitter" above
    jitter_torso: tuple[float, ...] = (0.0013, 0.0014, 0.0043, 0.0063, 0.0031, 0.0063)
    depth_factor: float = 2.4
    spike_rate: tuple[float, ...] = (0.0, 0.0, 0.010, 0.014, 0.003, 0.023)  # per landmark-frame
    spike_frames: tuple[int, int] = (2, 6)
    spike_size_torso: tuple[float, float] = (0.10, 0.30)
    dropouts_per_min: float = 0.6
    visibility_noise: float = 0.02
    scale_to_mediapipe: bool = True


HIDDEN_LEVEL = (0.02, 0.7)  # per clip and limb group: how visible MediaPipe calls a fully hidden far-side point


def visibility_model(
    depth: np.ndarray, image_xy: np.ndarray, far_side: bool = True, rng: np.random.Generator | None = None
) -> np.ndarray:
    """How visible each landmark is (T, 33), from each point's distance to the camera (T, 33) and image position:
    low where a far-side limb hides behind its near-side twin (unless `far_side` is off), and for legs out of the
    frame. Trunk and face stay visible, as on real clips.

    With `rng`, how visible a hidden point is varies by clip and limb group, and wanders: in profile, real far-side
    medians range 0.20-0.56 (elbows), 0.18-0.65 (wrists), 0.13-0.36 (knees), 0.06-0.59 (ankles) and 0.10-0.76 (feet)
    between clips, and one clip's far elbow spans 0.04-0.67 (p10-p90). Without it, one fixed level per group."""
    twin_depth = depth[:, MIRROR_PERMUTATION]
    behind = depth - twin_depth  # > 0: this point is further away than its left/right twin
    image_torso = np.linalg.norm(
        image_xy[:, [INDEX["left_shoulder"], INDEX["right_shoulder"]]].mean(1)
        - image_xy[:, [INDEX["left_hip"], INDEX["right_hip"]]].mean(1),
        axis=-1,
    )
    overlap = (
        np.linalg.norm(image_xy - image_xy[:, MIRROR_PERMUTATION], axis=-1) / np.maximum(image_torso, 0.02)[:, None]
    )
    hidden = (1.0 / (1.0 + np.exp(-(behind - 0.06) / 0.03))) * np.clip(1.3 - overlap / 0.6, 0.0, 1.0) * far_side
    if rng is None:
        visibility = 0.97 - _FAR_SIDE_DROP[_GROUP_OF] * 1.5 * hidden
    else:
        level = rng.uniform(*HIDDEN_LEVEL, size=len(GROUPS))[_GROUP_OF]
        wander = 0.1 * _smooth_noise(rng, depth.shape, 30.0)
        visibility = 0.97 - (0.97 - level - wander) * hidden
    visibility[:, list(GROUPS["face"]) + list(GROUPS["trunk"])] = 0.995
    margin = np.minimum(image_xy, 1.0 - image_xy).min(axis=-1)  # < 0 outside the picture
    cut_leg = _LEGS[None, :] & (margin < 0.0)
    visibility = np.where(cut_leg, np.clip(0.25 + 2.0 * margin, 0.03, 0.25), visibility)
    return np.clip(visibility, 0.01, 0.999)


def invent_hidden_legs(
    world: np.ndarray, image_xy: np.ndarray, rng: np.random.Generator, hidden_below: float | None = None
) -> np.ndarray:
    """Where a leg is below or beside the picture (or, with `hidden_below`, below that image height, behind
    something), replace it with the bent, drifting leg MediaPipe invents there."""
    out = world.copy()
    fold = np.radians(rng.uniform(40, 75))  # the invented knee angle
    drift = _smooth_noise(rng, (world.shape[0], 2), 60.0) * 0.08
    thigh = np.array([0.0, 0.55, -0.83])  # camera axes: down and towards the camera, as if sitting
    if hidden_below is not None:  # seen on a real clip: a thigh more down than forward
        down = rng.uniform(0.55, 0.85)
        thigh = np.array([0.0, down, -np.sqrt(1.0 - down**2)])
    for side in ("left", "right"):
        hip, knee, ankle = (INDEX[f"{side}_{j}"] for j in ("hip", "knee", "ankle"))
        legs = image_xy[:, [knee, ankle]]
        hidden = (legs > 1.0).any(axis=(1, 2)) | (legs < 0.0).any(axis=(1, 2))
        if hidden_below is not None:
            hidden |= image_xy[:, knee, 1] > hidden_below
        if not hidden.any():
            continue
        shin_angle = np.arctan2(thigh[2], thigh[1]) + np.pi - fold
        shin = np.array([0.0, np.cos(shin_angle), np.sin(shin_angle)])
        new_knee = out[:, hip] + 0.37 * thigh + np.stack([drift[:, 0], drift[:, 1], drift[:, 0]], axis=-1)
        new_ankle = new_knee - 0.37 * shin
        heel, toe = new_ankle + np.array([0, 0.05, 0.03]), new_ankle + np.array([0, 0.05, -0.12])
        for index, point in ((knee, new_knee), (ankle, new_ankle), (INDEX[f"{side}_heel"], heel),
                             (INDEX[f"{side}_foot_index"], toe)):  # fmt: skip
            out[hidden, index] = point[hidden]
    return out


def legs_behind_furniture(
    world: np.ndarray, image_xy: np.ndarray, visibility: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A rack, bench or desk in front of a standing person's legs: (world, visibility) as MediaPipe reports them.

    On a real curl clip filmed over a dumbbell rack MediaPipe kept the legs, invented (knees bent forward, ankles
    folded back up), with knees "visible" at 0.5-0.75 and ankles at 0.01-0.03; unlike legs cut by the frame's edge,
    whose knees fall to ~0.25. The occluder's top edge is drawn between the hips and the knees.
    """
    hips = float(np.median(image_xy[:, [INDEX["left_hip"], INDEX["right_hip"]], 1]))
    knees = float(np.median(image_xy[:, [INDEX["left_knee"], INDEX["right_knee"]], 1]))
    if knees <= hips:  # not standing (lying, or upside down): nothing sensible to hide
        return world, visibility
    edge = hips + float(rng.uniform(0.2, 0.8)) * (knees - hips)
    world = invent_hidden_legs(world, image_xy, rng, hidden_below=edge)
    visibility = visibility.copy()
    behind = image_xy[:, :, 1] > edge
    knee_level, ankle_level = float(rng.uniform(0.3, 0.78)), float(rng.uniform(0.01, 0.1))
    for side in ("left", "right"):
        hidden = behind[:, INDEX[f"{side}_knee"]]
        visibility[hidden, INDEX[f"{side}_knee"]] = knee_level
        for part in ("ankle", "heel", "foot_index"):
            visibility[hidden, INDEX[f"{side}_{part}"]] = ankle_level
    return world, visibility


def forearms_towards_camera(world: np.ndarray, yaw_deg: float, rng: np.random.Generator) -> np.ndarray:
    """MediaPipe's depth guess for a hand raised near the shoulder with the elbow down (the top of a curl, hands on a
    bar behind the neck): seen from the front, it reports the forearm tilted ~60 degrees towards the camera where the
    true forearm points up (measured on two real clips: medians 59-63, p10-p90 56-68). A raised forearm with the
    elbow out at shoulder height (a press) is reported true (-4 to 11), so the tilt grows with how much the upper arm
    hangs. Seen from the side the forearm's tilt is in the picture, so the guess fades with the camera's yaw.
    """
    out = world.copy()
    target = np.radians(rng.uniform(45.0, 70.0))
    facing = np.cos(np.radians(yaw_deg)) ** 2
    for side in ("left", "right"):
        shoulder, elbow, wrist = (INDEX[f"{side}_{j}"] for j in ("shoulder", "elbow", "wrist"))
        upper, fore = out[:, elbow] - out[:, shoulder], out[:, wrist] - out[:, elbow]  # camera axes: y down
        raised = np.clip(-fore[:, 1] / (np.linalg.norm(fore, axis=-1) + 1e-9), 0.0, 1.0)
        hanging = np.clip(upper[:, 1] / (np.linalg.norm(upper, axis=-1) + 1e-9), 0.0, 1.0)
        tilt = np.arctan2(-fore[:, 2], -fore[:, 1])  # 0 straight up, +90 pointing at the camera
        tilt = tilt + facing * raised * hanging * np.clip(target - tilt, 0.0, None)
        reach = np.hypot(fore[:, 1], fore[:, 2])
        moved = np.stack([fore[:, 0], -reach * np.cos(tilt), -reach * np.sin(tilt)], axis=-1) - fore
        for part in ("wrist", "pinky", "index", "thumb"):  # the hand goes where the wrist goes
            out[:, INDEX[f"{side}_{part}"]] += moved
    return out


# Limb bones from the trunk outwards (a parent is placed before its children), each with the bone whose depth
# factor it takes: a hand follows its forearm, a foot its shin.
_LIMB_BONES = tuple(
    (INDEX[f"{s}_{a}"], INDEX[f"{s}_{b}"], kind)
    for s in ("left", "right")
    for a, b, kind in (
        ("shoulder", "elbow", "upper_arm"), ("elbow", "wrist", "forearm"), ("wrist", "pinky", "forearm"),
        ("wrist", "index", "forearm"), ("wrist", "thumb", "forearm"), ("hip", "knee", "thigh"),
        ("knee", "ankle", "shin"), ("ankle", "heel", "shin"), ("ankle", "foot_index", "shin"),
    )
)  # fmt: skip
LIMB_BONE_KINDS = ("upper_arm", "forearm", "thigh", "shin")


def compress_limb_depth(world: np.ndarray, factors: dict[str, float]) -> np.ndarray:
    """MediaPipe's depth underestimate, bone by bone: each limb bone's reach along the camera axis is scaled by its
    kind's factor (`LIMB_BONE_KINDS`); shoulders, hips and face stay as they are.

    Why not scale all of world z: MediaPipe keeps the trunk's shape from any view. On the real clips the shoulder width
    is 0.67-0.76 torso lengths in profile as from the front (0.66-0.74); scaling z made a profile body's shoulders as
    narrow as 0.32 and turned a body seen at 45 degrees by only 26-43 degrees, which no real clip shows. Limbs, on the
    other hand, lose depth: on the avatar run through MediaPipe, a bone's depth came back at ~0.3-0.45 of the truth
    for upper arms and thighs and ~0.85 for forearms (front and 45 degrees), and a real front-view curl's elbow reads
    85-95 degrees where it bends to ~50. Bones pointing at the camera get shorter, as MediaPipe reports them.
    """
    out = world.copy()
    for parent, child, kind in _LIMB_BONES:
        bone = world[:, child] - world[:, parent]
        bone[:, 2] *= factors[kind]
        out[:, child] = out[:, parent] + bone
    return out


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, ...], frames_per_tau: float) -> np.ndarray:
    """Unit-variance noise, correlated over ~frames_per_tau frames, low-passed twice (smoother than AR(1))."""
    alpha = 1.0 - np.exp(-2.0 / max(frames_per_tau, 1e-3))
    out = rng.standard_normal(size=shape, dtype=np.float32)
    for _ in range(2):
        from scipy.signal import lfilter  # imported here: it takes ~1.4 s, which the app's start-up should not pay

        out = lfilter([alpha], [1.0, alpha - 1.0], out, axis=0, zi=out[:1] * (1.0 - alpha))[0]
    std = out.std(axis=0, keepdims=True)
    return out / np.where(std > 1e-9, std, 1.0)


def _spikes(rng: np.random.Generator, visibility: np.ndarray, rate: np.ndarray, length: tuple[int, int]) -> np.ndarray:
    """(T, 33) mask of short spikes. Uncertain (less visible) points spike more; the average matches `rate`."""
    frames = visibility.shape[0]
    weight = 0.2 + 4.0 * (1.0 - visibility)  # ~0.3x on a clearly visible point, ~2x on a half-hidden one
    starts = rng.random((frames, NUM_LANDMARKS)) < (rate[_GROUP_OF] / np.mean(length))[None, :] * weight
    mask = np.zeros_like(starts)
    for t, landmark in zip(*np.nonzero(starts), strict=True):
        mask[t : t + rng.integers(length[0], length[1] + 1), landmark] = True
    return mask


def apply_noise(
    world: np.ndarray,
    image_xy: np.ndarray,
    visibility: np.ndarray,
    fps: float,
    profile: NoiseProfile,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Noisy copies of (world, image_xy, visibility) and the per-frame detected mask."""
    frames = world.shape[0]
    world, image_xy = world.astype(np.float32), image_xy.astype(np.float32)  # copies; float32 halves the work
    if profile.scale_to_mediapipe:
        torso = np.linalg.norm(
            0.5 * (world[:, INDEX["left_shoulder"]] + world[:, INDEX["right_shoulder"]])
            - 0.5 * (world[:, INDEX["left_hip"]] + world[:, INDEX["right_hip"]]),
            axis=-1,
        ).mean()
        world *= rng.normal(MEDIAPIPE_TORSO_M, MEDIAPIPE_TORSO_SPREAD_M) / torso

    factor = rng.uniform(*profile.depth_compression)
    if profile.depth_model == "global":
        world[..., 2] *= factor
    else:
        factors = dict(zip(LIMB_BONE_KINDS, rng.uniform(*profile.limb_depth_compression, size=4), strict=True))
        world = compress_limb_depth(world, factors)
    tau_frames = profile.wander_time_s * fps
    wobble = _smooth_noise(rng, (frames, 4), tau_frames * 2)
    rotation = rot_x(wobble[:, 0] * profile.body_wobble_deg) @ rot_y(wobble[:, 1] * profile.body_wobble_deg)
    rotation = rotation @ rot_z(wobble[:, 2] * profile.body_wobble_deg)
    world = np.matmul(world, rotation.transpose(0, 2, 1).astype(np.float32))
    world *= (1.0 + profile.body_scale_wobble * wobble[:, 3])[:, None, None]

    uncertain = np.where(visibility < 0.8, 2.0, 1.0)[..., None]
    depth = np.array([1.0, 1.0, profile.depth_factor])
    g = _GROUP_OF
    world += _smooth_noise(rng, world.shape, tau_frames) * np.asarray(profile.wander_m)[g][None, :, None] * depth
    world += (
        rng.standard_normal(size=world.shape, dtype=np.float32)
        * np.asarray(profile.jitter_m)[g][None, :, None]
        * depth
        * uncertain
    )

    image_torso = np.linalg.norm(
        0.5 * (image_xy[:, INDEX["left_shoulder"]] + image_xy[:, INDEX["right_shoulder"]])
        - 0.5 * (image_xy[:, INDEX["left_hip"]] + image_xy[:, INDEX["right_hip"]]),
        axis=-1,
    )
    image_scale = np.maximum(image_torso, 0.05)[:, None, None]
    image_xy += _smooth_noise(rng, (frames, 1, 2), tau_frames * 2) * profile.image_shift_torso * image_scale
    image_xy += (
        _smooth_noise(rng, image_xy.shape, tau_frames)
        * np.asarray(profile.wander_torso)[g][None, :, None]
        * image_scale
    )
    image_xy += (
        rng.normal(size=image_xy.shape) * np.asarray(profile.jitter_torso)[g][None, :, None] * image_scale * uncertain
    )

    spikes = _spikes(rng, visibility, np.asarray(profile.spike_rate), profile.spike_frames)
    if spikes.any():
        size = rng.uniform(*profile.spike_size_torso, size=spikes.sum())
        direction = rng.normal(size=(spikes.sum(), 3))
        direction /= np.linalg.norm(direction, axis=-1, keepdims=True)
        world[spikes] += direction * (size * MEDIAPIPE_TORSO_M)[:, None]
        image_xy[spikes] += (
            direction[:, :2] * (size * np.broadcast_to(image_scale[..., 0], spikes.shape)[spikes])[:, None]
        )

    # MediaPipe's world origin is the middle of the hips: keep it there after the noise.
    world -= 0.5 * (world[:, INDEX["left_hip"]] + world[:, INDEX["right_hip"]])[:, None, :]
    visibility = np.clip(
        visibility + profile.visibility_noise * rng.standard_normal(visibility.shape, np.float32), 0, 1
    )
    detected = np.ones(frames, dtype=bool)
    dropouts = rng.random(frames) < profile.dropouts_per_min / (60.0 * fps)
    detected[dropouts] = False
    return world, image_xy, visibility, detected
