"""The pygame-ce app: scenes, widgets, the theme. The only package that imports pygame."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # pygame's import banner would land in the person's terminal
