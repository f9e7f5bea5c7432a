"""Coach: a desktop fitness coach that sees your pose, recognises the exercise and counts your reps, offline."""

__version__ = "0.1.0"
