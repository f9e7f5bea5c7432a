"""Reusable drawing pieces: each draws onto a given surface inside a given rect, from plain data."""
