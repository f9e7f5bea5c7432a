"""Workouts: plans (YAML, validated to the line), the engine that runs them, and scoring. Headless: no pygame, no
database (persistence goes through the `WorkoutRecorder` protocol)."""
