"""Frames -> poses -> features. No pygame, no database: this runs headless in `coach analyze`, tests and benchmarks."""
