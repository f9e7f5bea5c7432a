"""The workout engine: runs a plan as a state machine, fed from outside, and says what the screen should show.

    get_ready -> active -> rest -> active ... (next item) rest or get_ready -> active ... -> done
                 any of the three <-> paused;  skip ends a countdown or the current set;  quit -> done (aborted)

It never reads a camera or a clock: every input carries a time on the pipeline's clock (seconds), and the engine first
catches up to that time (`tick`) before it acts. A set ends the moment its target is reached. Between the sets of an
item comes the item's `rest_seconds`; before the next item, its predecessor's `rest_after_seconds` when that is
more than 0, else a `get_ready_s` countdown (also before the first set). Reps are credited unless the classifier
clearly saw another exercise and the body moved like it (`verification.py`); each credited rep goes to the recorder
the moment it happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.counting.events import HoldEvent, RepEvent
from coach.exercises.registry import EXERCISES
from coach.workout.plan import Block, Plan, PlanItem
from coach.workout.recorder import SessionStatus, SetStatus, WorkoutRecorder
from coach.workout.scoring import ScoreKeeper, ScoringRules
from coach.workout.verification import VerificationRules, Verifier
from coach.workout.view import BestRep, EngineEvent, EventKind, Phase, SetResult, WorkoutSummary, WorkoutView

_COUNTDOWNS = (Phase.GET_READY, Phase.REST)


@dataclass(frozen=True)
class EngineConfig:
    """Timing and rules of a workout."""

    get_ready_s: float = 5.0  # long enough to get down to the floor for push-ups or a plank
    scoring: ScoringRules = field(default_factory=ScoringRules)
    verification: VerificationRules = field(default_factory=VerificationRules)


@dataclass(frozen=True)
class PlannedSet:
    """One set of the plan, in order."""

    position: int
    block_index: int
    item_index: int
    set_index: int
    block: Block
    item: PlanItem


def planned_sets(plan: Plan) -> tuple[PlannedSet, ...]:
    """Every set of a plan, in the order they are done."""
    out: list[PlannedSet] = []
    for b, block in enumerate(plan.blocks):
        for i, item in enumerate(block.items):
            out.extend(PlannedSet(len(out) + s, b, i, s, block, item) for s in range(item.sets))
    return tuple(out)


@dataclass
class _OpenSet:
    """The running set's progress."""

    planned: PlannedSet
    set_id: int
    started_s: float
    paused_s: float = 0.0
    qualities: list[float] = field(default_factory=list)
    hold_seconds: float = 0.0
    hold_last_total: float | None = None  # the counter's last hold total: the first report of a set is the baseline
    hold_blocked: bool = False
    xp: int = 0


def display_name(exercise: str) -> str:
    """The registry's display name, or the id for a class the registry does not know."""
    entry = EXERCISES.get(exercise)
    return entry.display_name if entry else exercise


class WorkoutEngine:
    """Runs one plan for one person; the workout (and its recorder session) starts at `start_s`."""

    def __init__(
        self, plan: Plan, recorder: WorkoutRecorder, start_s: float, config: EngineConfig | None = None,
        xp_before: int = 0,
    ) -> None:  # fmt: skip
        self.plan = plan
        self.config = config or EngineConfig()
        self._recorder = recorder
        self._sets = planned_sets(plan)
        self._score = ScoreKeeper(self.config.scoring)
        self._verifier = Verifier(self.config.verification)
        self._xp_before = xp_before
        self._started_s = self._now = start_s
        self._ended_s: float | None = None
        self._status = SessionStatus.IN_PROGRESS
        self._position = 0
        self._open: _OpenSet | None = None
        self._results: list[SetResult] = []
        self._events: list[EngineEvent] = []
        self._cue: tuple[str, float] | None = None
        self.disagreements: list[tuple[float, float, str]] = []  # (start_s, end_s, seen) of reps credited anyway
        self._last_quality: float | None = None
        self._best: BestRep | None = None
        self._paused_total = 0.0
        self._pause_started: float | None = None
        self._paused_phase: Phase | None = None
        self.session_id = recorder.start_session(plan.name)
        self._phase = Phase.GET_READY
        self._countdown_end = start_s + self.config.get_ready_s

    # ---- inputs -------------------------------------------------------------------------------------------------

    def tick(self, now_s: float) -> None:
        """Let time pass: ends a get-ready or rest countdown whose time is up."""
        self._now = max(self._now, now_s)
        if self._phase in _COUNTDOWNS and self._now >= self._countdown_end:
            self._go()

    def on_prediction(self, label: str, confidence: float, now_s: float) -> None:
        """What the recognizer currently says (a class id, `idle` or `unknown`), for verification."""
        self._verifier.observe(label, confidence, now_s)
        self.tick(now_s)

    def on_rep(self, rep: RepEvent) -> None:
        """A rep the counter finished: credited to the running set when most of it happened after the set began,
        unless it is partial, or the classifier clearly saw another exercise and the body moved like it."""
        self.tick(rep.end_s)
        current = self._open
        if self._phase is not Phase.ACTIVE or current is None or current.planned.item.is_hold:
            return
        if (rep.start_s + rep.end_s) / 2 < current.started_s:
            return  # mostly done before the set began (during the rest)
        exercise = current.planned.item.exercise
        if rep.partial:
            self._score.break_combo()
            if rep.cues:
                self._set_cue(rep.cues[0], rep.end_s)
            return
        judgement = self._verifier.judge(exercise, rep)
        if judgement.refused and judgement.seen is not None:
            self._score.break_combo()
            self._set_cue(_mismatch_cue(judgement.seen, exercise), rep.end_s)
            self._emit(EventKind.REP_NOT_CREDITED, rep.end_s)
            return
        if judgement.seen is not None:  # the recognizer disagreed but the body did not move like that: counted
            self.disagreements.append((rep.start_s, rep.end_s, judgement.seen))
        scored = self._score.rep(rep.quality)
        current.qualities.append(rep.quality)
        current.xp += scored.xp
        self._recorder.record_rep(current.set_id, rep)
        self._recorder.add_xp(self.session_id, scored.xp, "rep")
        self._last_quality = rep.quality
        if self._best is None or rep.quality > self._best.quality:
            self._best = BestRep(exercise, display_name(exercise), rep.quality, current.planned.position, rep.end_s)
        if rep.cues:
            self._set_cue(rep.cues[0], rep.end_s)
        self._emit(EventKind.REP_COUNTED, rep.end_s)
        if len(current.qualities) >= (current.planned.item.reps or 0):
            self._finish_set(SetStatus.COMPLETED)

    def on_hold_ended(self, hold: HoldEvent) -> None:
        """A hold the counter closed (the body line broke, or the person got up): its form cue is shown, so a person
        whose hips sagged hears why the clock stopped."""
        self.tick(hold.end_s)
        current = self._open
        if current is None or not current.planned.item.is_hold or hold.exercise != current.planned.item.exercise:
            return
        if self._phase is Phase.ACTIVE and hold.cues:
            self._set_cue(hold.cues[0], hold.end_s)

    def on_hold(self, exercise: str, total_seconds: float, now_s: float) -> None:
        """The hold counter's running total (its `hold_seconds`); the running hold set gains its increase since the
        last report. The first report of a set is only the baseline, and a smaller total means the counter restarted."""
        self.tick(now_s)
        current = self._open
        if current is None or not current.planned.item.is_hold or exercise != current.planned.item.exercise:
            return
        last, current.hold_last_total = current.hold_last_total, total_seconds
        if self._phase is not Phase.ACTIVE or last is None:
            return  # while paused the total moves on without being credited
        target = current.planned.item.hold_seconds or 0.0
        gained = min(total_seconds - last if total_seconds >= last else total_seconds, target - current.hold_seconds)
        if gained <= 0:
            return
        seen = self._verifier.contradiction(exercise, now_s - gained, now_s)
        if seen is not None:
            self._set_cue(_mismatch_cue(seen, exercise), now_s)
            if not current.hold_blocked:
                self._emit(EventKind.REP_NOT_CREDITED, now_s)
            current.hold_blocked = True
            return
        current.hold_blocked = False
        current.hold_seconds += gained
        xp = self._score.hold(gained)
        if xp:
            current.xp += xp
            self._recorder.add_xp(self.session_id, xp, "hold")
        if current.hold_seconds >= target - 1e-6:
            self._finish_set(SetStatus.COMPLETED)

    def pause(self, now_s: float) -> None:
        """Freeze countdowns and the set's clock; reps and hold seconds are not credited until `resume`."""
        self.tick(now_s)
        if self._phase in (Phase.GET_READY, Phase.ACTIVE, Phase.REST):
            self._paused_phase, self._phase, self._pause_started = self._phase, Phase.PAUSED, self._now

    def resume(self, now_s: float) -> None:
        """Carry on where the pause left off; countdowns resume with the time they had left."""
        self._now = max(self._now, now_s)
        self._unpause()
        self.tick(self._now)

    def skip(self, now_s: float) -> None:
        """End the current countdown now, or move on from the current set without reaching its target."""
        self.tick(now_s)
        if self._phase in _COUNTDOWNS:
            self._go()
        elif self._phase is Phase.ACTIVE:
            self._finish_set(SetStatus.SKIPPED)

    def quit(self, now_s: float) -> None:
        """Stop the workout: the running set and the session are saved as aborted, with everything done so far."""
        if self._phase is Phase.DONE:
            return
        self._now = max(self._now, now_s)
        self._unpause()
        if self._open is not None:
            self._finish_set(SetStatus.ABORTED)
        self._finish_workout(SessionStatus.ABORTED)

    # ---- outputs ------------------------------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self._phase

    @property
    def status(self) -> SessionStatus:
        """In progress, completed or aborted."""
        return self._status

    def drain_events(self) -> list[EngineEvent]:
        """What happened since the last call (oldest first), for sounds."""
        events, self._events = self._events, []
        return events

    def snapshot(self) -> WorkoutView:
        """Everything the workout screen draws now."""
        planned = self._sets[min(self._position, len(self._sets) - 1)]
        item = planned.item
        current = self._open
        countdown_phase = self._paused_phase if self._phase is Phase.PAUSED else self._phase
        countdown = None
        if countdown_phase in _COUNTDOWNS:
            at = self._pause_started if self._phase is Phase.PAUSED and self._pause_started is not None else self._now
            countdown = max(0.0, self._countdown_end - at)
        return WorkoutView(
            plan_name=self.plan.name, status=self._status, phase=self._phase, paused_phase=self._paused_phase,
            block_index=planned.block_index, block_count=len(self.plan.blocks), block_name=planned.block.name,
            item_index=planned.item_index, item_count=len(planned.block.items),
            set_index=planned.set_index, set_count=item.sets, position=planned.position, total_sets=len(self._sets),
            exercise=item.exercise, exercise_name=display_name(item.exercise), is_hold=item.is_hold,
            reps=len(current.qualities) if current else 0, target_reps=item.reps,
            hold_seconds=current.hold_seconds if current else 0.0, target_seconds=item.hold_seconds,
            countdown_s=countdown, cue=self._cue[0] if self._cue else None, cue_s=self._cue[1] if self._cue else None,
            score=self._score.xp, total_xp=self._xp_before + self._score.xp, combo=self._score.combo,
            multiplier=self._score.multiplier, last_quality=self._last_quality,
            last_set=self._results[-1] if self._results else None,
        )  # fmt: skip

    def summary(self) -> WorkoutSummary:
        """The report of the workout so far (final once the phase is done)."""
        end = self._ended_s if self._ended_s is not None else self._now
        ongoing_pause = end - self._pause_started if self._pause_started is not None else 0.0
        return WorkoutSummary(
            plan_name=self.plan.name, status=self._status, sets=tuple(self._results), xp_earned=self._score.xp,
            best_rep=self._best, best_combo=self._score.best_combo, total_reps=sum(r.reps for r in self._results),
            total_hold_seconds=sum(r.hold_seconds for r in self._results), total_s=end - self._started_s,
            paused_s=self._paused_total + ongoing_pause,
        )  # fmt: skip

    # ---- transitions --------------------------------------------------------------------------------------------

    def _go(self) -> None:
        """A countdown is over: the next set starts."""
        self._emit(EventKind.REST_OVER, self._now)
        self._begin_set()

    def _begin_set(self) -> None:
        planned = self._sets[self._position]
        item = planned.item
        set_id = self._recorder.start_set(
            self.session_id, position=planned.position, exercise=item.exercise, target_reps=item.reps,
            target_seconds=item.hold_seconds,
        )  # fmt: skip
        self._open = _OpenSet(planned, set_id, self._now)
        self._phase = Phase.ACTIVE

    def _finish_set(self, status: SetStatus) -> None:
        current = self._open
        assert current is not None
        planned, item = current.planned, current.planned.item
        if status is SetStatus.COMPLETED:
            bonus = self._score.set_completed()
            current.xp += bonus
            self._recorder.add_xp(self.session_id, bonus, "set_bonus")
            self._emit(EventKind.SET_DONE, self._now)
        elif status is SetStatus.SKIPPED:
            self._score.break_combo()
            self._emit(EventKind.SET_SKIPPED, self._now)
        duration = self._now - current.started_s - current.paused_s
        reps = len(current.qualities)
        self._recorder.finish_set(
            current.set_id, reps=reps, hold_seconds=current.hold_seconds, duration_s=duration, status=status.value
        )
        self._results.append(SetResult(
            position=planned.position, block_index=planned.block_index, item_index=planned.item_index,
            set_index=planned.set_index, exercise=item.exercise, exercise_name=display_name(item.exercise), reps=reps,
            target_reps=item.reps, hold_seconds=current.hold_seconds, target_seconds=item.hold_seconds,
            avg_quality=sum(current.qualities) / reps if reps else None,
            best_quality=max(current.qualities) if reps else None, duration_s=duration, xp=current.xp, status=status,
        ))  # fmt: skip
        self._open = None
        if status is not SetStatus.ABORTED:
            self._next(planned)

    def _next(self, finished: PlannedSet) -> None:
        """After a set: rest, get ready, start the next set at once, or finish."""
        self._position += 1
        if self._position >= len(self._sets):
            self._finish_workout(SessionStatus.COMPLETED)
            return
        same_item = self._sets[self._position].item_index == finished.item_index and (
            self._sets[self._position].block_index == finished.block_index
        )
        if same_item:
            self._start_countdown(Phase.REST, finished.item.rest_seconds)
        elif finished.item.rest_after_seconds > 0:
            self._start_countdown(Phase.REST, finished.item.rest_after_seconds)
        else:
            self._start_countdown(Phase.GET_READY, self.config.get_ready_s)

    def _unpause(self) -> None:
        """Leave a pause: countdowns and the set's clock move on by the time it lasted."""
        if self._phase is not Phase.PAUSED or self._paused_phase is None or self._pause_started is None:
            return
        paused = self._now - self._pause_started
        self._paused_total += paused
        self._countdown_end += paused
        if self._open is not None:
            self._open.paused_s += paused
        self._phase, self._paused_phase, self._pause_started = self._paused_phase, None, None

    def _start_countdown(self, phase: Phase, seconds: float) -> None:
        if seconds <= 0:
            self._begin_set()
            return
        self._phase, self._countdown_end = phase, self._now + seconds

    def _finish_workout(self, status: SessionStatus) -> None:
        self._phase, self._status, self._ended_s = Phase.DONE, status, self._now
        self._paused_phase = None
        self._recorder.finish_session(self.session_id, status.value, self._score.xp)
        kind = EventKind.WORKOUT_DONE if status is SessionStatus.COMPLETED else EventKind.WORKOUT_ABORTED
        self._emit(kind, self._now)

    def _set_cue(self, text: str, t_s: float) -> None:
        self._cue = (text, t_s)

    def _emit(self, kind: EventKind, t_s: float) -> None:
        self._events.append(EngineEvent(kind, t_s))


def _mismatch_cue(seen: str, planned: str) -> str:
    """The cue for a rep the classifier says was another exercise."""
    return f"That looks like {display_name(seen)} — this set is {display_name(planned)}"
