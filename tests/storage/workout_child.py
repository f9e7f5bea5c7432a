"""The process the durability test kills: a scripted workout that reports each rep after its commit returns.

Run as `python -m tests.storage.workout_child DB_URL`. Set 1 (squat, 5 reps) is finished; set 2 (squat) goes on, a
rep every 50 ms, until the process is killed. Lines: `session ID`, then `rep SET_POSITION SET_ID REP_ID` per commit.
"""

from __future__ import annotations

import sys
import time

from coach.storage import open_repository
from tests.storage.workouts import rep

CADENCE_S = 0.05


def main(url: str) -> None:
    repo = open_repository(url)
    session_id = repo.start_session("default", "Durability")
    print(f"session {session_id}", flush=True)
    first = repo.start_set(session_id, "squat", target_reps=5)
    for i in range(5):
        print(f"rep 1 {first} {repo.record_rep(session_id, first, rep(index=i))}", flush=True)
    repo.finish_set(session_id, first)
    second = repo.start_set(session_id, "squat", target_reps=10_000)
    i = 0
    while True:
        time.sleep(CADENCE_S)
        print(f"rep 2 {second} {repo.record_rep(session_id, second, rep(index=i))}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1])
