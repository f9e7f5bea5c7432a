"""Synthetic people: a kinematic body model, exercise motions, noise like MediaPipe's, and the avatar renderer.

Coach trains and tests on this instead of anyone's private recordings, and shows the avatar when no webcam exists.
"""
