"""Rep counting, tempo and form feedback: per-exercise specs from the registry turned into `RepEvent`s."""

from coach.counting.events import HoldEvent, RepEvent, RepTempo

__all__ = ["HoldEvent", "RepEvent", "RepTempo"]
