"""The record as people and spreadsheets read it: tables, JSON and CSV for `coach history` and `coach stats`.

Times are shown in local time; JSON/CSV carry ISO 8601 with the UTC offset so they sort and import cleanly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from coach.storage.history import SessionDetail, SessionSummary, SetDetail, Stats, local_day
from coach.workout.bests import METRICS


def _local(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone().strftime(fmt) if moment is not None else "-"


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone().isoformat(timespec="seconds") if moment is not None else None


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}" if minutes >= 60 else f"{minutes}:{secs:02d}"


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def summary_record(s: SessionSummary) -> dict[str, Any]:
    """One session as a flat JSON/CSV record."""
    return {
        "id": s.id, "profile": s.profile, "plan": s.plan_name, "status": s.status, "started": _iso(s.started_at),
        "ended": _iso(s.ended_at), "duration_s": None if s.duration_s is None else round(s.duration_s, 1),
        "sets": s.sets, "reps": s.reps, "hold_seconds": round(s.hold_seconds, 1), "score": s.score, "xp": s.xp,
    }  # fmt: skip


def history_table(sessions: Sequence[SessionSummary]) -> str:
    """Past sessions, one line each."""
    if not sessions:
        return "No workouts recorded yet."
    plan_width = max(4, *(len(s.plan_name) for s in sessions))
    lines = [f"{'id':>4}  {'started':<16}  {'plan':<{plan_width}}  {'status':<11}  {'length':>7}  "
             f"{'sets':>4}  {'reps':>5}  {'hold s':>6}  {'score':>5}"]  # fmt: skip
    for s in sessions:
        lines.append(
            f"{s.id:>4}  {_local(s.started_at):<16}  {s.plan_name:<{plan_width}}  {s.status:<11}  "
            f"{_clock(s.duration_s):>7}  {s.sets:>4}  {s.reps:>5}  {_num(s.hold_seconds):>6}  {_num(s.score):>5}"
        )
    return "\n".join(lines)


def _target(s: SetDetail) -> str:
    if s.target_seconds is not None:
        return f"{_num(s.achieved_seconds)}/{_num(s.target_seconds)} s"
    if s.target_reps is not None:
        return f"{s.achieved_reps}/{s.target_reps} reps"
    return f"{s.achieved_reps} reps" if s.reps or not s.holds else f"{_num(s.achieved_seconds)} s"


def session_text(detail: SessionDetail) -> str:
    """One session: its sets, and every rep and hold in them."""
    s = detail.summary
    score = f", score {_num(s.score)}" if s.score is not None else ""
    lines = [f"Session {s.id}: {s.plan_name} ({s.status}), {_local(s.started_at)}, {_clock(s.duration_s)}{score}, "
             f"{s.xp} XP"]  # fmt: skip
    if not detail.sets:
        lines.append("  no sets")
    for st in detail.sets:
        quality = f"  quality {st.quality:.2f}" if st.quality is not None else ""
        lines.append(f"  set {st.position}  {st.exercise:<15} {_target(st):<14} {_clock(st.duration_s):>6}{quality}")
        for number, rep in enumerate((r for r in st.reps if r.counted), start=1):
            lines.append(_rep_line(f"rep {number:>2}", rep))
        for rep in (r for r in st.reps if not r.counted):
            lines.append(_rep_line("partial", rep))
        for hold in st.holds:
            cues = f"  {'; '.join(hold.cues)}" if hold.cues else ""
            lines.append(f"     hold     {hold.start_s:6.1f}-{hold.end_s:6.1f} s  {hold.seconds:5.1f} s held  "
                         f"quality {hold.quality:.2f}{cues}")  # fmt: skip
    return "\n".join(lines)


def _rep_line(label: str, rep: Any) -> str:
    cues = f"  {'; '.join(rep.cues)}" if rep.cues else ""
    return (
        f"     {label:<8} {rep.start_s:6.1f}-{rep.end_s:6.1f} s  {rep.side:<5}  down {rep.tempo.eccentric_s:.1f} s "
        f"up {rep.tempo.concentric_s:.1f} s  range {rep.range_of_motion:.0f}  quality {rep.quality:.2f}{cues}"
    )


def session_record(detail: SessionDetail) -> dict[str, Any]:
    """One session with its sets, reps and holds as JSON (reps and holds in the counter's own JSON shape)."""
    return {**summary_record(detail.summary), "sets": [_set_record(st) for st in detail.sets]}


def _set_record(st: SetDetail) -> dict[str, Any]:
    return {
        "id": st.id, "position": st.position, "exercise": st.exercise, "target_reps": st.target_reps,
        "target_seconds": st.target_seconds, "achieved_reps": st.achieved_reps,
        "achieved_seconds": round(st.achieved_seconds, 2), "quality": st.quality, "started": _iso(st.started_at),
        "ended": _iso(st.ended_at), "reps": [r.to_json() for r in st.reps], "holds": [h.to_json() for h in st.holds],
    }  # fmt: skip


def session_rows(detail: SessionDetail) -> list[dict[str, Any]]:
    """One CSV row per rep and hold of a session."""
    rows: list[dict[str, Any]] = []
    for st in detail.sets:
        base = {"session": detail.summary.id, "set": st.position, "exercise": st.exercise}
        for rep in st.reps:
            rows.append({**base, "kind": "partial" if rep.partial else "rep", **_event(rep.to_json())})
        for hold in st.holds:
            rows.append({**base, "kind": "hold", **_event(hold.to_json())})
    return rows


def _event(data: dict[str, Any]) -> dict[str, Any]:
    tempo = data.get("tempo") or {}
    return {
        "side": data.get("side", ""), "start_s": data["start_s"], "end_s": data["end_s"],
        "seconds": data.get("seconds", ""), "eccentric_s": tempo.get("eccentric_s", ""),
        "concentric_s": tempo.get("concentric_s", ""), "range_of_motion": data.get("range_of_motion", ""),
        "quality": data["quality"], "cues": "; ".join(data["cues"]),
    }  # fmt: skip


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


SUMMARY_COLUMNS = ("id", "profile", "plan", "status", "started", "ended", "duration_s", "sets", "reps", "hold_seconds",
                   "score", "xp")  # fmt: skip
EVENT_COLUMNS = ("session", "set", "exercise", "kind", "side", "start_s", "end_s", "seconds", "eccentric_s",
                 "concentric_s", "range_of_motion", "quality", "cues")  # fmt: skip


def to_json(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)


def stats_record(stats: Stats) -> dict[str, Any]:
    """`coach stats --json`."""
    return {
        "weeks": [{"week_start": w.week_start.isoformat(), "exercise": w.exercise, "sets": w.sets, "reps": w.reps,
                   "hold_seconds": round(w.hold_seconds, 1)} for w in stats.weeks],
        "personal_bests": [{"exercise": b.exercise, "metric": b.metric.value, "value": round(b.value, 4),
                            "unit": METRICS[b.metric].unit, "session": b.session_id,
                            "day": local_day(b.achieved_at).isoformat()} for b in stats.bests],
        "current_streak_days": stats.current_streak, "longest_streak_days": stats.longest_streak,
        "workouts": stats.workouts, "xp": stats.xp,
    }  # fmt: skip


def stats_text(stats: Stats, weeks: int = 8) -> str:
    """Totals per exercise for the latest `weeks` weeks, personal bests, streak."""
    if not stats.weeks:
        return "No workouts recorded yet."
    starts = sorted({w.week_start for w in stats.weeks}, reverse=True)[:weeks]
    lines = [f"Totals per week (latest {len(starts)}; weeks start on Monday)"]
    for start in starts:
        label = f"  week of {start.isoformat()}"
        for w in (w for w in stats.weeks if w.week_start == start):
            amount = f"{_num(w.hold_seconds)} s" if w.hold_seconds and not w.reps else f"{w.reps} reps"
            sets = f"{w.sets} set" + ("s" if w.sets != 1 else "")
            lines.append(f"{label:<22}  {w.exercise:<15} {sets:>8}  {amount:>9}")
            label = ""
    lines.append("Personal bests (each within one set)")
    shown = ""
    for b in stats.bests:
        name = b.exercise if b.exercise != shown else ""
        shown = b.exercise
        lines.append(f"  {name:<15} {b.describe()} ({local_day(b.achieved_at).isoformat()})")
    day = "day" if stats.current_streak == 1 else "days"
    workouts = "workout" if stats.workouts == 1 else "workouts"
    lines.append(f"Streak: {stats.current_streak} {day} (longest {stats.longest_streak}); "
                 f"{stats.workouts} {workouts}; {stats.xp} XP")  # fmt: skip
    return "\n".join(lines)
