"""Exceptions the core raises; the CLI and the app turn each into one clear line for the person.

Every message names the thing to fix (a file, a camera index, a setting) and what is wrong with it.
"""

from __future__ import annotations


class CoachError(Exception):
    """Base for every error a person can act on; never shown with a traceback."""


class SourceError(CoachError):
    """A camera, video file or image folder that cannot be read."""


class PoseModelError(CoachError):
    """The pose model cannot be loaded as asked (for example a model that is not inside the mediapipe wheel)."""


class FeatureSpecError(CoachError):
    """A trained model expects features that this pipeline does not produce."""


class ModelFileError(CoachError):
    """A trained model file that is missing, damaged or not a Coach model."""
