"""`ExerciseCounter`: one exercise's reps (or hold seconds) from a stream of features, as `RepEvent`s.

Per side, an `ExcursionTracker` finds out-and-back movements of the exercise's signal. A rep is announced the moment
its first side is back; both sides at their far end together make one rep (side "both": the second side's half is
absorbed, not waited for); alternating arms make one rep each. Whether a rep was full is judged against the person's own
range: the median of their last counted reps (or a range from calibration), so the thresholds adapt to the person and
the camera instead of being constants. Reps only count while the body is in the exercise's posture (no squats while
lying down, no push-ups while standing up from the floor).
"""

from __future__ import annotations

from collections import deque
from statistics import median

import numpy as np

from coach.counting.events import HoldEvent, RepEvent, RepTempo
from coach.counting.excursion import Excursion, ExcursionTracker
from coach.counting.form import DERIVED, FrameSignals, judge
from coach.counting.hold import HoldTimer
from coach.errors import CoachError
from coach.exercises.registry import get_exercise
from coach.exercises.specs import COUNTING, CountingSpec, counting_spec, hold_spec
from coach.vision.features import Features, FeatureSpec
from coach.vision.pose import Pose

RANGE_KEY = "all"  # one range per person and exercise: reps are one side, the other, or both, from one body
SECOND_HALF_WITHIN_S = 1.5  # the other side of a both-sides rep comes back within this of the first
TOGETHER_S = 0.1  # slack for comparing when two sides were at their far ends (about three frames)
HISTORY_S = 15.0  # frames kept for judging form (longer than any rep)
RANGE_MEMORY = 5  # the person's range is the median of this many recent full reps
# Counting trusts a joint at lower visibility than the classifier does: an elbow crossing the body dips to ~0.4 for a
# moment, and losing it there loses the rep; a limb that is really out of view (legs below a desk webcam) reads below
# 0.3 most of the time and barely moves, which makes no excursions.
SIGNAL_MIN_VISIBILITY = 0.3


def _span(e: Excursion) -> tuple[float, float]:
    return e.arrive_s, e.depart_s


def _together(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two sides were at their far ends at the same time (their times near the peak overlap by half the
    shorter one): a both-sides rep. Alternating arms, even overlapping ones, reach the top one after the other."""
    shared = min(a[1], b[1]) - max(a[0], b[0]) + TOGETHER_S
    return shared >= 0.5 * (min(a[1] - a[0], b[1] - b[0]) + TOGETHER_S)


class NothingToCountError(CoachError):
    """The exercise has neither reps nor a hold to count (idle)."""


class ExerciseCounter:
    """Counts one exercise. `update` returns the events that happened at this frame (usually none).

    Rep exercises emit `RepEvent`s (partial ones too, with `partial=True`, not counted); holds emit a `HoldEvent` when
    a hold ends, and `hold_seconds` grows while it lasts.
    """

    def __init__(
        self, exercise_id: str, feature_spec: FeatureSpec | None = None, known_range_deg: float | None = None
    ) -> None:
        self.exercise = get_exercise(exercise_id).id
        self.feature_spec = feature_spec or FeatureSpec()
        self.spec: CountingSpec | None = counting_spec(exercise_id)
        hold = hold_spec(exercise_id)
        self.hold = HoldTimer(self.exercise, hold, self.feature_spec) if hold else None
        if self.spec is None and self.hold is None:
            raise NothingToCountError(f"'{exercise_id}' has no reps or hold to count")
        self.events: list[RepEvent | HoldEvent] = []
        self.count = 0
        self.partials = 0
        # the person's range per side ("left", "right" or "both"): alternating arms often differ, seen from the front
        self._side_ranges: dict[str, deque[float]] = {}
        self._side_partials: dict[str, deque[float]] = {}
        self._known_range = known_range_deg
        names = self.feature_spec.angles
        self._names = names
        self._lean = names.index("trunk_lean")
        self._knees = [names.index("left_knee"), names.index("right_knee")]
        self._frames: deque[FrameSignals] = deque()
        self._announced: list[Excursion] = []  # recent reps: the other side's half of a both-sides rep is not new
        self._trackers: dict[str, ExcursionTracker] = {}
        self._signal_index: dict[str, int] = {}
        if self.spec is not None:
            sides = ("left", "right") if self.spec.per_side else ("both",)
            for side in sides:
                name = f"{side}_{self.spec.signal}" if self.spec.per_side else self.spec.signal
                self._signal_index[side] = names.index(name)
                self._trackers[side] = ExcursionTracker(
                    side, self.spec.min_rom_deg, self.spec.return_fraction, self.spec.min_rep_s, self.spec.max_rep_s
                )
            self._derived = sorted({r.signal for r in self.spec.form if r.signal in DERIVED})

    # -- what the UI and the workout engine read ---------------------------------------------------------------------

    @property
    def hold_seconds(self) -> float:
        """Good seconds held so far (0 for rep exercises)."""
        return self.hold.seconds if self.hold else 0.0

    @property
    def person_range_deg(self) -> float | None:
        """The person's usual range of motion in this exercise, once known."""
        every = [r for ranges in self._side_ranges.values() for r in ranges]
        return median(every) if every else self._known_range

    def _ranges(self, side: str) -> deque[float]:
        if side not in self._side_ranges:
            self._side_ranges[side] = deque([self._known_range] if self._known_range else [], maxlen=RANGE_MEMORY)
            self._side_partials[side] = deque(maxlen=3)
        return self._side_ranges[side]

    def depth(self) -> float:
        """How far into a rep the person is right now, 0..1 of their usual range (for a live gauge)."""
        if self.spec is None:
            return 0.0
        scale = self.person_range_deg or abs(self.spec.far_deg - self.spec.rest_deg)
        values = [p for t in self._trackers.values() if (p := t.progress()) is not None]
        return float(np.clip(max(values) / scale, 0.0, 1.0)) if values else 0.0

    # -- feeding -----------------------------------------------------------------------------------------------------

    def update(self, t: float, features: Features | None, pose: Pose | None = None) -> list[RepEvent | HoldEvent]:
        """One frame (features None when nobody is in view); returns the reps or holds that ended at this frame."""
        out: list[RepEvent | HoldEvent] = []
        if self.hold is not None:
            held = self.hold.update(t, features, pose)
            if held is not None:
                out.append(held)
        if self.spec is not None:
            self._remember(t, features, pose)
            out_of_posture = features is not None and not self._in_posture(features)
            for side, tracker in self._trackers.items():
                if out_of_posture:  # standing up from the floor, lying down to start: whatever happened is no rep
                    tracker.reset()
                    continue
                value = self._signal(features, side)
                done = tracker.update(t, None if value is None else self.spec.direction * value)
                if done is not None:
                    out.extend(self._completed(done))
            self._announced = [a for a in self._announced if a.end_s > t - HISTORY_S]
        self.events.extend(out)
        return out

    def finish(self, t: float) -> list[RepEvent | HoldEvent]:
        """The stream or set ended: reps on their way back and holds in progress are closed and returned."""
        out: list[RepEvent | HoldEvent] = []
        for tracker in self._trackers.values():
            done = tracker.finish(t)
            if done is not None:
                out.extend(self._completed(done))
        if self.hold is not None and (held := self.hold.finish()) is not None:
            out.append(held)
        self.events.extend(out)
        return out

    # -- internals ---------------------------------------------------------------------------------------------------

    def _signal(self, features: Features | None, side: str) -> float | None:
        if features is None:
            return None
        i = self._signal_index[side]
        if features.angle_visibility[i] < SIGNAL_MIN_VISIBILITY:
            return None
        return float(features.angles_deg[i])

    def _in_posture(self, features: Features) -> bool:
        assert self.spec is not None
        posture, trusted = self.spec.posture, features.angle_visibility >= self.feature_spec.min_visibility
        if trusted[self._lean]:
            lean = float(features.angles_deg[self._lean])
            if not posture.min_trunk_lean <= lean <= posture.max_trunk_lean:
                return False
        knees = [float(features.angles_deg[i]) for i in self._knees if trusted[i]]
        return not knees or min(knees) <= posture.max_knee_deg

    def _remember(self, t: float, features: Features | None, pose: Pose | None) -> None:
        if features is not None:
            visible = features.angle_visibility >= self.feature_spec.min_visibility
            values = np.where(visible, features.angles_deg, np.nan)
            angles = dict(zip(self._names, values.tolist(), strict=True))
            derived = {name: DERIVED[name](pose) for name in self._derived} if pose is not None else {}
            self._frames.append(FrameSignals(t, angles, derived))
        while self._frames and self._frames[0].t < t - HISTORY_S:
            self._frames.popleft()

    def _completed(self, done: Excursion) -> list[RepEvent]:
        """An excursion finished on one side: announce it now, as one side's rep or (when the other side is at or past
        its far end with it) a both-sides rep, whose other half is absorbed when it finishes, not counted again."""
        assert self.spec is not None
        zone = self.spec.rest_zone_deg
        if zone is not None and done.rest > self.spec.direction * zone:
            return []  # it did not start from this exercise's rest position: some other movement
        beyond = self.spec.beyond_deg
        if beyond is not None and done.peak > self.spec.direction * beyond:
            return []  # it went far past this exercise's end: some other movement (a stretch)
        if not self._companion_agrees(done):
            return []
        for i, announced in enumerate(self._announced):
            if (
                announced.side != done.side
                and done.end_s - announced.end_s <= SECOND_HALF_WITHIN_S
                and _together(_span(announced), _span(done))
            ):
                del self._announced[i]  # the other side's half of a rep already announced
                return []
        others = [tr for side, tr in self._trackers.items() if side != done.side]
        partners = [o for o in others if (span := o.near_peak_span()) is not None and _together(span, _span(done))]
        if not partners and self._one_sided_but_should_not_be(done):
            return []
        self._announced.append(done)
        if not partners:
            return [self._event(done, done.side)]
        # both sides' mean range, unless the other side barely moved (half hidden, or only swaying along)
        other_rom, other_peak = partners[0].peak - partners[0].rest, partners[0].peak
        rom = 0.5 * (done.rom + other_rom) if other_rom >= 0.6 * done.rom else done.rom
        return [self._event(done, "both", rom=rom, peak=max(done.peak, other_peak))]

    def _companion_agrees(self, done: Excursion) -> bool:
        """The spec's second signal, around the moment of the peak, is where this exercise puts it (or unseen)."""
        assert self.spec is not None
        if self.spec.companion is None:
            return True
        template, good, limit = self.spec.companion
        sides = ("left", "right") if done.side == "both" else (done.side,)
        names = [template.format(side=s) for s in sides]
        values = [f.value(n) for f in self._frames if abs(f.t - done.far_s) <= 0.2 for n in names]
        seen = [v for v in values if np.isfinite(v)]
        if not seen:
            return True
        value = float(np.median(seen))
        return value >= limit if good == "above" else value <= limit

    def _one_sided_but_should_not_be(self, done: Excursion) -> bool:
        """A lone side moved in a both-sides exercise while the other side was in view (nearly all the time) and
        still: a step, not a rep. A side seen only now and then (behind the body in a side view) proves nothing."""
        assert self.spec is not None
        if not self.spec.both_sides:
            return False
        frames = len(self._trackers[done.side].seen_between(done.start_s, done.end_s))
        for side, tracker in self._trackers.items():
            other = tracker.seen_between(done.start_s, done.end_s)
            if side != done.side and len(other) >= 0.85 * frames and np.ptp(other) < 0.5 * done.rom:
                return True
        return False

    def _is_partial(self, rom: float, known: deque[float]) -> bool:
        """Judged against the person's range once two reps are known. Before that, the first rep may have been
        unusual (it often starts from wherever the weights were picked up), so a rep is partial only when it is
        clearly smaller than that first rep and also short of the exercise's typical range."""
        assert self.spec is not None
        if not known:
            return rom < self.spec.full_rom_deg
        usual = median(known)
        if len(known) >= 2:
            return rom < self.spec.partial_below * usual
        prior = abs(self.spec.far_deg - self.spec.rest_deg)
        return rom < min(self.spec.partial_below, 0.7) * usual and rom < 0.85 * prior

    def _relearn_range_if_it_changed(self, side: str) -> None:
        """Three "partial" reps in a row of the same size: the person's range has changed (tired, or the first reps
        were unusual), so their range is learnt again from these and later reps are judged against it."""
        partials = self._side_partials[side]
        if len(partials) == partials.maxlen:
            mean = float(np.mean(partials))
            if all(abs(r - mean) <= 0.2 * mean for r in partials):
                self._side_ranges[side].clear()
                self._side_ranges[side].extend(partials)
                partials.clear()

    def _event(self, done: Excursion, side: str, rom: float | None = None, peak: float | None = None) -> RepEvent:
        """The RepEvent for a finished excursion (`rom`/`peak`: both sides' when both moved): partial or not, its form,
        tempo and cues."""
        assert self.spec is not None
        rom = done.rom if rom is None else rom
        peak = done.peak if peak is None else peak
        start, end = done.start_s, done.end_s
        way_in = done.arrive_s - done.start_s
        # The rep is counted `return_fraction` of the way back (so the count comes the moment the rep is clearly done);
        # the way back is timed to there and scaled to the whole way, as the movement back is close to even.
        way_back = (done.end_s - done.depart_s) / self.spec.return_fraction
        ranges = self._ranges(RANGE_KEY)
        known = ranges or deque(r for rs in self._side_ranges.values() for r in rs)  # a side's first rep: any side's
        usual = median(known) if known else None
        far_zone = None if self._known_range else self.spec.far_zone_deg  # a calibrated range is the person's own
        short = far_zone is not None and peak < self.spec.direction * far_zone
        partial = short or self._is_partial(rom, known)
        frames = [f for f in self._frames if start <= f.t <= end]
        verdict = judge(self.spec.form, frames, side, rom / usual if usual else 1.0)
        cues = verdict.cues
        if partial:
            self.partials += 1
            self._side_partials[RANGE_KEY].append(rom)
            self._relearn_range_if_it_changed(RANGE_KEY)
            depth_cue = next((r.cue for r in self.spec.form if r.id in ("depth", "height")), "Use your full range")
            cues = (depth_cue, *(c for c in cues if c != depth_cue))
        else:
            self.count += 1
            ranges.append(rom)
            self._side_partials[RANGE_KEY].clear()
        eccentric, concentric = (way_in, way_back) if self.spec.lowering_first else (way_back, way_in)
        return RepEvent(
            exercise=self.exercise, side=side, start_s=start, end_s=end,  # type: ignore[arg-type]
            tempo=RepTempo(eccentric_s=eccentric, concentric_s=concentric), range_of_motion=rom,
            quality=verdict.quality * (0.5 if partial else 1.0), cues=cues, partial=partial,
            body_matches=body_matches(frames),
        )  # fmt: skip


MIN_SAMPLES = 5  # fewer trusted frames of a signal during a rep say nothing about it


def body_matches(frames: list[FrameSignals]) -> frozenset[str]:
    """The rep exercises whose own signal travelled that exercise's range (`full_rom_deg`, what a first rep needs to
    count in full; 5th to 95th percentile, either side) during these frames, with the body in its posture. A signal
    hidden for most of the rep (the far knee in a side view, legs behind a desk) is no evidence, so it matches
    nothing: the person gets the benefit of the doubt.

    Measured on the real clips' reps (README, Verification): the knees travel 0-16 degrees during curls, presses and
    raises and 72-97 during squats, against the squat's 60; the shoulder's forward swing during a curl reaches 40,
    against the front raise's 45."""
    if len(frames) < MIN_SAMPLES:
        return frozenset()
    lean = _median([f.angles.get("trunk_lean", np.nan) for f in frames])
    knee = _median([_lower(f.angles.get("left_knee", np.nan), f.angles.get("right_knee", np.nan)) for f in frames])
    out = set()
    for exercise, spec in COUNTING.items():
        posture = spec.posture
        if np.isfinite(lean) and not posture.min_trunk_lean <= lean <= posture.max_trunk_lean:
            continue
        if np.isfinite(knee) and knee > posture.max_knee_deg:
            continue
        names = [f"{side}_{spec.signal}" for side in ("left", "right")] if spec.per_side else [spec.signal]
        if any(_travel([f.angles.get(n, np.nan) for f in frames]) >= spec.full_rom_deg for n in names):
            out.add(exercise)
    return frozenset(out)


def _lower(a: float, b: float) -> float:
    """The smaller of two angles, ignoring an unseen (NaN) one."""
    return b if not np.isfinite(a) else a if not np.isfinite(b) else min(a, b)


def _median(values: list[float]) -> float:
    seen = [v for v in values if np.isfinite(v)]
    return float(np.median(seen)) if seen else float("nan")


def _travel(values: list[float]) -> float:
    seen = np.asarray([v for v in values if np.isfinite(v)])
    if len(seen) < MIN_SAMPLES or len(seen) < 0.5 * len(values):
        return 0.0
    low, high = np.percentile(seen, [5, 95])
    return float(high - low)
