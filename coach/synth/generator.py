"""Labelled synthetic clips: a seeded person performs an exercise (or a chain of them) in front of a seeded camera.

Returns the true scene, what MediaPipe would report (world landmarks in camera axes, image landmarks, visibility, with
MediaPipe-like noise and dropouts) and the truth: exercise per frame, every rep's start/bottom/end, partial reps, hold
seconds. Deterministic for a seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from coach.exercises.registry import get_exercise
from coach.synth.body import Subject, body_landmarks
from coach.synth.camera import Camera
from coach.synth.families import families_off
from coach.synth.motions import motion_for
from coach.synth.noise import (
    NoiseProfile,
    apply_noise,
    forearms_towards_camera,
    invent_hidden_legs,
    legs_behind_furniture,
    visibility_model,
)
from coach.synth.timing import Pacing, RepSchedule, RepTruth, schedule_hold, schedule_reps
from coach.vision.landmarks import INDEX, MIRROR_PERMUTATION
from coach.vision.pose import Pose

DEFAULT_REPS = 8
DEFAULT_HOLD_S = 20.0
REST_AS_EXERCISE_S = 0.75  # stillness within this of a rep still belongs to the set; longer rests are idle
IDLE = "idle"
DEFAULT_NOISE = NoiseProfile()


@dataclass(frozen=True)
class ViewRequest:
    """Camera wishes; None means "draw it at random" (yaw, pitch, distance, framing, mirror)."""

    yaw_deg: float | None = None
    # Drawn from when yaw_deg is None: straight in front to full profile on either side, which is how people film
    # themselves; the shipped model once trained only to 70 and read profile curls and presses as squats or idle.
    yaw_range_deg: tuple[float, float] = (-90.0, 90.0)
    pitch_deg: float | None = None
    # Drawn from when pitch_deg is None: from a laptop on a low table looking up (-10) to a phone on a shelf looking
    # down (25). MediaPipe's world axes follow the camera, so a look-down makes an upright person seem to lean
    # towards it (20 degrees on a real curl clip), which recognition must not read as a squat.
    pitch_range_deg: tuple[float, float] = (-10.0, 25.0)
    mirror: bool | None = None
    width: int = 640
    height: int = 480
    partly_out_of_frame: bool | None = None
    waist_up: bool | None = None  # framed from the hips up (standing exercises), as a desk webcam often is
    legs_hidden: bool | None = None  # legs behind a rack, bench or desk, which MediaPipe invents
    forearm_depth_guess: bool | None = None  # MediaPipe tilting a raised forearm towards the camera (noise.py)


@dataclass
class SynthClip:
    """A generated clip and its truth."""

    fps: float
    subject: Subject
    camera: Camera
    scene: np.ndarray  # (T, 33, 3) true landmarks, scene frame (floor y=0, y up)
    world: np.ndarray  # (T, 33, 3) as MediaPipe reports: metres, hip-centred, camera axes (x right, y down, z away)
    image_xy: np.ndarray  # (T, 33, 2) normalised to the picture
    visibility: np.ndarray  # (T, 33)
    detected: np.ndarray  # (T,) False where the pose model would have lost the person
    labels: list[str]  # exercise id per frame ("idle" between and around sets)
    reps: list[RepTruth] = field(default_factory=list)
    holds: dict[str, float] = field(default_factory=dict)  # exercise -> seconds held

    @property
    def frames(self) -> int:
        """Number of frames."""
        return len(self.labels)

    @property
    def exercise(self) -> str:
        """The main exercise: the most frequent non-idle label (idle if there is none)."""
        active = [label for label in self.labels if label != IDLE]
        return max(set(active), key=active.count) if active else IDLE

    def count(self, exercise: str | None = None) -> int:
        """True number of full (non-partial) reps, of one exercise or of all."""
        return sum(1 for r in self.reps if not r.partial and (exercise is None or r.exercise == exercise))

    def pose(self, i: int) -> Pose | None:
        """Frame i as the pipeline's Pose (None in a dropout)."""
        if not self.detected[i]:
            return None
        return Pose(
            image_xy=self.image_xy[i].astype(np.float32),
            world_xyz=self.world[i].astype(np.float32),
            visibility=self.visibility[i].astype(np.float32),
        )

    def truth_json(self) -> dict[str, Any]:
        """The truth file written next to `coach synth` output."""
        full = [r for r in self.reps if not r.partial]
        return {
            "exercise": self.exercise,
            "reps": len(full),
            "rep_frames": [[r.start, r.end] for r in full],
            "fps": self.fps,
            "frames": self.frames,
            "rep_details": [
                {"exercise": r.exercise, "start": r.start, "bottom": r.bottom, "end": r.end, "side": r.side,
                 "range_of_motion": round(r.range_of_motion, 3), "partial": r.partial}
                for r in self.reps
            ],
            "holds_s": {k: round(v, 2) for k, v in self.holds.items()},
            "subject": {"height_m": round(self.subject.height_m, 3)},
            "camera": {"yaw_deg": round(self.camera.yaw_deg, 1), "pitch_deg": round(self.camera.look_down_deg, 1),
                       "distance_m": round(self.camera.distance_m, 2), "mirror": self.camera.mirror},
        }  # fmt: skip


@dataclass(frozen=True)
class Segment:
    """One part of a workout: an exercise with reps, or seconds of a hold or of idle. `range_scale` fixes how far the
    person goes (1 = their full range, 0.5 = half-depth squats) instead of drawing it."""

    exercise: str
    reps: int | None = None
    seconds: float | None = None
    range_scale: float | None = None


def _schedule(segment: Segment, fps: float, rng: np.random.Generator, partial_rate: float) -> tuple[RepSchedule, str]:
    motion = motion_for(segment.exercise)
    if motion.hold:
        return schedule_hold(segment.seconds or DEFAULT_HOLD_S, fps), "both"
    side_mode = motion.side_modes[rng.integers(len(motion.side_modes))]
    pacing = Pacing.random(rng, partial_rate)
    if segment.range_scale is not None:  # after the draw, so the person's other traits stay as the seed made them
        pacing = replace(pacing, range_scale=segment.range_scale)
    count = segment.reps if segment.reps is not None else DEFAULT_REPS
    if segment.seconds is not None and segment.reps is None:
        typical = (motion.tempo.down_s + motion.tempo.up_s + motion.tempo.pause_top_s) * pacing.tempo_factor
        count = max(1, round(segment.seconds / typical))
    return schedule_reps(count, fps, motion.tempo, pacing, rng, side_mode), side_mode


def _segment_scene(
    segment: Segment,
    subject: Subject,
    fps: float,
    rng: np.random.Generator,
    partial_rate: float,
    off: frozenset[str] = frozenset(),
) -> tuple[np.ndarray, list[str], list[RepTruth], float]:
    """Landmarks, labels, reps and hold seconds of one segment, starting at frame 0."""
    schedule, _ = _schedule(segment, fps, rng, partial_rate)
    motion = motion_for(segment.exercise)
    controls = (
        motion.build(subject, schedule, rng, off=off) if motion.switchable else motion.build(subject, schedule, rng)
    )
    scene = body_landmarks(subject, controls)
    reps = [replace(r, exercise=segment.exercise) for r in schedule.reps]
    hold_s = 0.0
    if segment.exercise == IDLE:
        labels = [IDLE] * schedule.frames
    elif get_exercise(segment.exercise).kind == "hold":
        held = schedule.blend >= 0.5
        labels = [segment.exercise if h else IDLE for h in held]
        hold_s = float(held.sum()) / fps
    else:  # a long rest between reps is standing still, which is what idle means: label it so
        margin = round(REST_AS_EXERCISE_S * fps)
        active = np.zeros(schedule.frames, dtype=bool)
        for rep in reps:
            active[max(0, rep.start - margin) : rep.end + margin + 1] = True
        labels = [segment.exercise if a else IDLE for a in active]
    return scene, labels, reps, hold_s


# Limb bones walked from the trunk outwards when a blended pose is made rigid again.
_LIMB_CHAIN = tuple(
    (INDEX[f"{s}_{a}"], INDEX[f"{s}_{b}"])
    for s in ("left", "right")
    for a, b in (
        ("shoulder", "elbow"), ("elbow", "wrist"), ("wrist", "index"), ("wrist", "pinky"), ("wrist", "thumb"),
        ("hip", "knee"), ("knee", "ankle"), ("ankle", "heel"), ("ankle", "foot_index"),
    )
)  # fmt: skip


def _transition(a: np.ndarray, b: np.ndarray, frames: int) -> np.ndarray:
    """Move from pose a (33, 3) to pose b over `frames` (getting up, down, into position); bones keep their length."""
    w = 0.5 - 0.5 * np.cos(np.pi * np.linspace(0.0, 1.0, frames))[:, None, None]
    path = (1 - w) * a + w * b
    for parent, child in _LIMB_CHAIN:
        length = np.linalg.norm(a[child] - a[parent])
        bone = path[:, child] - path[:, parent]
        moved = path[:, parent] + bone / (np.linalg.norm(bone, axis=-1, keepdims=True) + 1e-9) * length
        shift = moved - path[:, child]
        path[:, child] = moved
        for grandchild_parent, grandchild in _LIMB_CHAIN:  # carry the rest of the limb along
            if grandchild_parent == child:
                path[:, grandchild] += shift
    return path


def _centre(scene: np.ndarray) -> np.ndarray:
    """Shift the scene so the body's middle (over the clip) is above the origin, where the camera aims."""
    mid = 0.5 * (scene[:, INDEX["left_hip"]] + scene[:, INDEX["right_shoulder"]])
    offset = np.median(mid, axis=0)
    return scene - np.array([offset[0], 0.0, offset[2]])


def _camera(scene: np.ndarray, view: ViewRequest, rng: np.random.Generator, legs_matter: bool = False) -> Camera:
    """A camera that frames the whole movement (or, sometimes, deliberately crops it).

    With `legs_matter` (an exercise counted on the legs), a drawn framing never leaves the legs out: a squat filmed
    from the hips up shows MediaPipe's invented legs under arms that rise and fall, which is a front raise or a curl
    to anyone, so labelled "squat" it taught the recognizer to call arm exercises with hidden legs squats."""
    yaw = view.yaw_deg if view.yaw_deg is not None else float(rng.uniform(*view.yaw_range_deg))
    pitch = view.pitch_deg if view.pitch_deg is not None else float(rng.uniform(*view.pitch_range_deg))
    mirror = view.mirror if view.mirror is not None else bool(rng.random() < 0.3)
    crop = view.partly_out_of_frame if view.partly_out_of_frame is not None else bool(rng.random() < 0.1)
    base = Camera(width=view.width, height=view.height, yaw_deg=yaw, mirror=mirror)
    low, high = scene[..., 1].min(), scene[..., 1].max()
    hips = float(np.median(scene[:, [INDEX["left_hip"], INDEX["right_hip"]], 1]))
    waist_up = (
        view.waist_up if view.waist_up is not None else bool(high > 1.2 and rng.random() < 0.2) and not legs_matter
    )
    if waist_up and high > 1.2:  # a webcam on a desk: the legs are below the picture
        low = hips - float(rng.uniform(0.0, 0.2))
    extent_vertical = high - low + 0.3
    extent_horizontal = float(np.ptp(scene[..., [0, 2]].reshape(-1, 2), axis=0).max()) + 0.4
    vfov = 2 * math.atan(0.5 * view.height / base.focal_px)
    hfov = math.radians(base.horizontal_fov_deg)
    fit = max(0.5 * extent_vertical / math.tan(0.5 * vfov), 0.5 * extent_horizontal / math.tan(0.5 * hfov)) + 0.3
    distance = fit * float(rng.uniform(0.6, 0.8) if crop else rng.uniform(1.05, 1.5))
    shift = float(rng.uniform(0.1, 0.3)) * (high - low) if crop else 0.0  # cropped: aimed higher, legs cut
    target = 0.5 * (low + high - 0.3) + 0.15 + (-shift if legs_matter else shift)
    lens = max(0.2, target + distance * math.tan(math.radians(pitch)))  # the pitch comes from the lens height
    return replace(base, distance_m=distance, height_m=lens, target_height_m=target, pitch_deg=0.0)


_LEG_JOINTS = ("hip", "knee", "ankle", "body_line")


def _arms_only(segments: list[Segment]) -> bool:
    """Whether the legs play no part in any segment (arm exercises and idle): only then may a rack or desk hide them
    without hiding the exercise itself."""
    return all(
        s.exercise == IDLE or not any(a.endswith(_LEG_JOINTS) for a in get_exercise(s.exercise).key_angles)
        for s in segments
    )


def _observe(scene: np.ndarray, camera: Camera) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What a perfect pose model would report: (world in camera axes, hip-centred; image x,y normalised; depth)."""
    mid_hip = 0.5 * (scene[:, INDEX["left_hip"]] + scene[:, INDEX["right_hip"]])
    world = ((scene - mid_hip[:, None, :]).reshape(-1, 3) @ camera.rotation.T).reshape(scene.shape)
    pixels, depth = camera.project(scene)
    image = pixels / np.array([camera.width, camera.height])
    if camera.mirror:  # a mirrored picture shows a body whose left looks like a right: MediaPipe labels it so
        world = world[:, MIRROR_PERMUTATION].copy()
        world[..., 0] *= -1.0
        image = image[:, MIRROR_PERMUTATION]
        depth = depth[:, MIRROR_PERMUTATION]
    return world, image, depth


def _without(view: ViewRequest, off: frozenset[str]) -> ViewRequest:
    """Camera wishes with the switched-off families (coach/synth/families.py) back to what preceded them."""
    changes: dict[str, Any] = {}
    if "profile_views" in off:
        changes["yaw_range_deg"] = (-70.0, 70.0)
    if "wide_pitch" in off:
        changes["pitch_range_deg"] = (-5.0, 15.0)
    for family, field_name in (("forearm_depth_guess", "forearm_depth_guess"), ("legs_behind_furniture", "legs_hidden"),
                               ("waist_up", "waist_up")):  # fmt: skip
        if family in off and getattr(view, field_name) is None:
            changes[field_name] = False
    return replace(view, **changes) if changes else view


def generate_workout(
    segments: list[Segment],
    seed: int = 0,
    *,
    fps: float = 30.0,
    view: ViewRequest | None = None,
    noise: NoiseProfile | None = DEFAULT_NOISE,
    partial_rate: float = 0.0,
    transition_s: float = 1.2,
    off: frozenset[str] | tuple[str, ...] = frozenset(),
) -> SynthClip:
    """Chain segments (exercises, holds, idle) performed by one seeded person in front of one seeded camera.

    `off` names generator families (coach/synth/families.py) to leave out, for measuring what each is worth."""
    off = families_off(off)
    # Each later stream (the room, then visibility) was added without changing the earlier streams' draws.
    seeds = np.random.SeedSequence(seed).spawn(5)
    body_rng, camera_rng, noise_rng, room_rng, visibility_rng = (np.random.default_rng(s) for s in seeds)
    subject = Subject.random(body_rng)
    parts: list[np.ndarray] = []
    labels: list[str] = []
    reps: list[RepTruth] = []
    holds: dict[str, float] = {}
    for segment in segments:
        scene, seg_labels, seg_reps, hold_s = _segment_scene(segment, subject, fps, body_rng, partial_rate, off)
        offset = sum(len(p) for p in parts)
        if parts:
            steps = max(2, round(transition_s * fps))
            parts.append(_transition(parts[-1][-1], scene[0], steps))
            labels += [IDLE] * steps
            offset += steps
        parts.append(scene)
        labels += seg_labels
        reps += [replace(r, start=r.start + offset, bottom=r.bottom + offset, end=r.end + offset) for r in seg_reps]
        if hold_s:
            holds[segment.exercise] = holds.get(segment.exercise, 0.0) + hold_s
    scene = _centre(np.concatenate(parts))
    view = _without(view or ViewRequest(), off)
    camera = _camera(
        scene, view, camera_rng, legs_matter="leg_exercises_in_view" not in off and not _arms_only(segments)
    )
    world, image, depth = _observe(scene, camera)
    spread = None if "visibility_spread" in off else visibility_rng
    visibility = visibility_model(depth, image, far_side="far_side_visibility" not in off, rng=spread)
    world = invent_hidden_legs(world, image, camera_rng)
    hide = room_rng.random() < 0.08 if view.legs_hidden is None else view.legs_hidden
    if hide and _arms_only(segments):
        world, visibility = legs_behind_furniture(world, image, visibility, room_rng)
    guess = room_rng.random() < 0.7 if view.forearm_depth_guess is None else view.forearm_depth_guess
    if guess:
        world = forearms_towards_camera(world, camera.yaw_deg, room_rng)
    detected = np.ones(len(labels), dtype=bool)
    if noise is not None:
        noise = replace(noise, depth_model="global") if "limb_depth" in off else noise
        world, image, visibility, detected = apply_noise(world, image, visibility, fps, noise, noise_rng)
    return SynthClip(fps, subject, camera, scene, world, image, visibility, detected, labels, reps, holds)


def generate_clip(
    exercise: str,
    *,
    reps: int | None = None,
    seconds: float | None = None,
    seed: int = 0,
    fps: float = 30.0,
    view: ViewRequest | None = None,
    noise: NoiseProfile | None = DEFAULT_NOISE,
    partial_rate: float = 0.0,
    lead_in_s: float = 0.0,
    lead_out_s: float = 0.0,
    off: frozenset[str] | tuple[str, ...] = frozenset(),
) -> SynthClip:
    """One exercise (optionally with idle before and after) by a seeded person."""
    segments = [Segment(exercise, reps=reps, seconds=seconds)]
    if lead_in_s > 0:
        segments.insert(0, Segment(IDLE, seconds=lead_in_s))
    if lead_out_s > 0:
        segments.append(Segment(IDLE, seconds=lead_out_s))
    transition = 0.6 if get_exercise(exercise).position == "standing" else 1.5
    return generate_workout(
        segments, seed, fps=fps, view=view, noise=noise, partial_rate=partial_rate, transition_s=transition, off=off
    )
