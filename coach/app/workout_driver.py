"""The Workout screen's driver: a real `WorkoutEngine` fed from the live feed, on the feed's clock.

Per UI frame: the counter's rep events (counted in the worker's per-frame step, every frame), the recognizer's label
for verification, the plank's running hold total, then a tick at the newest frame's timestamp. Time is the source's
`timestamp_s` only (one clock): the engine starts with the first analysed frame, and countdowns move as frames do.
The worker is told which exercise to count whenever a set starts (a fresh counter, judged against the person's
calibrated range for that exercise when they recorded one) and to stop outside sets.

With a `BackgroundRecorder` (the app), the HUD shown is the newest one whose writes have all landed: a rep appears
the moment its commit does (a frame or so later), so a rep on screen is a rep on disk. When writes stop landing
(`SaveState.problem`), the screen shows everything at once and says how many reps are not saved yet.

When the pictures stop (`SourceWatch`: the camera is lost, the video ended, a camera gone quiet) the workout pauses
and the HUD says why; it resumes at the first frame that comes back (from the same source, or one the person picked:
`use_feed`). Rep events that began before that moment are dropped: they span the gap.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import cast

from coach.app.feed import LiveFeed
from coach.app.source_watch import SourceWatch
from coach.app.views import Phase as HudPhase
from coach.app.views import SetSummary, SummaryView, WorkoutHud
from coach.app.writer import BackgroundRecorder
from coach.counting.events import HoldEvent, RepEvent
from coach.live.client import LiveUpdate
from coach.live.frame import CountExercise, LiveFrame
from coach.workout.engine import EngineConfig, WorkoutEngine, display_name
from coach.workout.plan import Plan
from coach.workout.recorder import SetStatus, WorkoutRecorder
from coach.workout.view import EventKind, Phase, WorkoutSummary, WorkoutView

SOUND_FOR = {
    EventKind.REP_COUNTED: "rep",
    EventKind.SET_DONE: "set_done",
    EventKind.SET_SKIPPED: "click",
    EventKind.REST_OVER: "rest_over",
}
Finisher = Callable[[WorkoutEngine, WorkoutSummary], SummaryView]


class EngineDriver:
    """Runs `plan` through a WorkoutEngine as frames arrive; `finish` turns the engine's summary into the Summary
    screen's view once the workout is over (the caller adds what storage knows: unlocks, the level)."""

    def __init__(
        self,
        plan: Plan,
        recorder: WorkoutRecorder,
        feed: LiveFeed | None,
        *,
        config: EngineConfig | None = None,
        xp_before: int = 0,
        finish: Finisher | None = None,
        known_ranges: Mapping[str, float] | None = None,
        saves: BackgroundRecorder | None = None,
        watch: SourceWatch | None = None,
    ) -> None:
        self.plan = plan
        self.config = config or EngineConfig()
        self.recorder = recorder
        self.feed = feed
        self.xp_before = xp_before
        self.known_ranges = dict(known_ranges or {})
        self.engine: WorkoutEngine | None = None
        self._finish = finish
        self._now = 0.0
        self._counting: tuple[int, str] | None = None
        self._countdown: tuple[Phase, int, float] | None = None  # (phase, position, its length) for the ring
        self._sounds: list[str] = []
        self._summary: SummaryView | None = None
        self._quit_early = False
        self.saves = saves
        self._unlanded: deque[tuple[int, WorkoutHud]] = deque()  # HUDs waiting for their writes to land
        self._shown: WorkoutHud | None = None
        self.watch = watch or SourceWatch()
        self._source_problem: str | None = None
        self._paused_for_source = False
        self._resumed_at: float | None = None  # when pictures came back after a problem
        self._switched = False  # another source was picked since the problem began

    @property
    def now_s(self) -> float:
        """The newest frame's time (the engine's clock)."""
        return self._now

    # ---- WorkoutDriver ------------------------------------------------------------------------------------------

    def update(self, dt: float, update: LiveUpdate, frame: LiveFrame | None) -> WorkoutHud:
        """Feed what the live feed delivered this UI frame to the engine; return the HUD."""
        newest = update.frame
        problem = self._source_problem = self.watch.problem(self.feed, update)
        if self.engine is None and newest is not None and newest.analysed and not self._quit_early:
            self.engine = WorkoutEngine(self.plan, self.recorder, newest.timestamp_s, self.config, self.xp_before)
        engine = self.engine
        if engine is None:
            return self._as_saved(replace(self._waiting_hud(), source_problem=problem))
        events = update.events
        if self._paused_for_source and problem is None and newest is not None:
            self._pictures_back(engine, newest.timestamp_s)
        if self._resumed_at is not None:
            resumed = self._resumed_at
            events = tuple(e for e in events if not (isinstance(e, RepEvent) and e.start_s < resumed))
        feed_frame(engine, events, newest)
        if newest is not None:
            self._now = max(self._now, newest.timestamp_s)
        if problem is not None and engine.phase not in (Phase.PAUSED, Phase.DONE):
            engine.pause(self._now)
            self._paused_for_source = True
        self._sounds.extend(SOUND_FOR[e.kind] for e in engine.drain_events() if e.kind in SOUND_FOR)
        view = engine.snapshot()
        self._steer_counter(view)
        hud = self._hud(view)
        if problem is not None or self._paused_for_source:
            hud = replace(hud, source_problem=problem or "waiting for the first picture…")
        return self._as_saved(hud)

    def use_feed(self, feed: LiveFeed) -> None:
        """Another source was picked: read and steer this feed from now on (its counter is told what to count)."""
        self.feed = feed
        self._counting = None  # its counter is told at the next update
        self._switched = True
        self.watch.reset()

    def command(self, action: str) -> None:
        """Pause/resume/skip/quit at the newest frame's time."""
        engine = self.engine
        if engine is None:
            self._quit_early = action == "quit"
            return
        if action == "pause":
            engine.pause(self._now)
        elif action == "resume" and self._source_problem is not None:
            return  # nothing to resume with: it resumes itself when the pictures are back
        elif action == "resume":
            engine.resume(self._now)
        elif action == "skip":
            engine.skip(self._now)
        elif action == "quit":
            engine.quit(self._now)
        self._sounds.extend(SOUND_FOR[e.kind] for e in engine.drain_events() if e.kind in SOUND_FOR)
        self._steer_counter(engine.snapshot())

    def summary(self) -> SummaryView | None:
        """The Summary screen's view (None when the workout was quit before it began)."""
        engine = self.engine
        if engine is None or engine.phase is not Phase.DONE:
            return None
        if self._summary is None:
            result = engine.summary()
            total = engine.snapshot().total_sets
            self._summary = self._finish(engine, result) if self._finish else summary_view(result, set_total=total)
        return self._summary

    def drain_sounds(self) -> list[str]:
        """The cues for what the engine reported since the last call."""
        sounds, self._sounds = self._sounds, []
        return sounds

    # ---- inside -------------------------------------------------------------------------------------------------

    def _pictures_back(self, engine: WorkoutEngine, t: float) -> None:
        """Resume at the first frame after a source problem, with a fresh counter."""
        if engine.phase is Phase.PAUSED:
            engine.resume(t)
        self._paused_for_source = False
        self._resumed_at = t
        if not self._switched:
            self._counting = None  # the same source came back: its counter saw the gap, so a fresh one
        self._switched = False

    def _as_saved(self, hud: WorkoutHud) -> WorkoutHud:
        """The HUD to show: the newest whose writes have landed; everything, with the banner, when saving is stuck."""
        if self.saves is None:
            return hud
        state = self.saves.state()
        if state.problem is not None:
            self._unlanded.clear()
            self._shown = hud
            return replace(hud, save_problem=state.problem, unsaved_reps=state.unsaved_reps)
        self._unlanded.append((state.queued, hud))
        while self._unlanded and self._unlanded[0][0] <= state.landed:
            self._shown = self._unlanded.popleft()[1]
        return self._shown if self._shown is not None else self._waiting_hud()

    def _steer_counter(self, view: WorkoutView) -> None:
        """A fresh counter for each set that starts; none during countdowns and after the end. A pause keeps it
        running (the engine credits nothing while paused, and the set goes on where it was)."""
        counting = view.phase is Phase.ACTIVE or (view.phase is Phase.PAUSED and view.paused_phase is Phase.ACTIVE)
        wanted = (view.position, view.exercise) if counting else None
        if wanted != self._counting:
            self._counting = wanted
            if self.feed is not None:
                exercise = wanted[1] if wanted else None
                self.feed.send(CountExercise(exercise, self.known_ranges.get(exercise) if exercise else None))

    def _waiting_hud(self) -> WorkoutHud:
        first = self.plan.blocks[0].items[0]
        return WorkoutHud(
            plan_name=self.plan.name,
            exercise_id=first.exercise,
            exercise_name=display_name(first.exercise),
            phase="done" if self._quit_early else "get_ready",
            block_count=len(self.plan.blocks),
            set_count=self.plan.set_count(),
            target_reps=first.reps,
            target_hold_s=first.hold_seconds,
            seconds_left=self.config.get_ready_s,
            seconds_total=self.config.get_ready_s,
            cue="Waiting for the camera…",
        )

    def _hud(self, view: WorkoutView) -> WorkoutHud:
        phase = view.paused_phase if view.phase is Phase.PAUSED else view.phase
        total = None
        if view.countdown_s is not None and phase is not None:
            if self._countdown is None or self._countdown[:2] != (phase, view.position):
                self._countdown = (phase, view.position, view.countdown_s)
            total = self._countdown[2]
        resting = view.phase is Phase.REST or (view.phase is Phase.PAUSED and view.paused_phase is Phase.REST)
        done = view.phase is Phase.DONE
        return WorkoutHud(
            plan_name=view.plan_name,
            exercise_id=view.exercise,
            exercise_name=view.exercise_name,
            phase=cast(HudPhase, view.phase.value),
            block_number=view.block_index + 1,
            block_count=view.block_count,
            set_number=view.total_sets if done else view.position + (0 if resting else 1),  # resting: the one done
            set_count=view.total_sets,
            reps=view.reps,
            target_reps=view.target_reps,
            hold_s=view.hold_seconds,
            target_hold_s=view.target_seconds,
            seconds_left=view.countdown_s,
            seconds_total=total,
            cue=view.cue,
            cue_age_s=max(0.0, self._now - view.cue_s) if view.cue_s is not None else 0.0,
            score=view.score,
            combo=view.combo,
            last_quality=view.last_quality,
            next_exercise_name=view.exercise_name if resting else None,
        )


def feed_frame(engine: WorkoutEngine, events: Sequence[object], frame: LiveFrame | None) -> None:
    """One step of the engine from the live chain's output: the counter's reps and finished holds, the recognizer's
    label, the plank's hold total, then the clock. Shared by the app, rehearsals and tests, so all run the same code."""
    for event in events:
        if isinstance(event, RepEvent):
            engine.on_rep(event)
        elif isinstance(event, HoldEvent):
            engine.on_hold_ended(event)
    if frame is None or not frame.analysed:
        return
    t = frame.timestamp_s
    if frame.label is not None:
        engine.on_prediction(frame.label, frame.confidence, t)
    state = frame.counting
    if state is not None:
        engine.on_hold(state.exercise_id, state.hold_seconds, t)
    engine.tick(t)


def summary_view(result: WorkoutSummary, *, level: int | None = None, level_up: bool = False,
                 unlocks: tuple[str, ...] = (), set_total: int | None = None) -> SummaryView:  # fmt: skip
    """The Summary screen's view of the engine's report."""
    sets = tuple(
        SetSummary(
            exercise_id=s.exercise,
            exercise_name=s.exercise_name,
            reps=s.reps,
            target_reps=s.target_reps,
            hold_s=s.hold_seconds,
            target_hold_s=s.target_seconds,
            quality=s.avg_quality,
            skipped=s.status is SetStatus.SKIPPED,
        )
        for s in result.sets
    )
    best = result.best_rep
    best_text = f"{best.exercise_name}, set {best.position + 1}: {best.quality:.0%}" if best is not None else None
    return SummaryView(
        plan_name=result.plan_name,
        duration_s=result.total_s,
        xp_earned=result.xp_earned,
        sets=sets,
        best_rep=best_text,
        aborted=result.status.value == "aborted",
        level=level,
        level_up=level_up,
        unlocks=unlocks,
        set_total=set_total,
    )
