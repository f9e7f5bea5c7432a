"""Exercise recognition: which exercise a window of pose features shows.

Keras (`models`) is only for training; the live app runs trained weights with the pure-numpy `runtime`, so importing
this package, or `runtime`, never pulls in TensorFlow (5-6 s and ~630 MB).
"""

from __future__ import annotations

# The model's timing; why these values: coach/recognition/dataset.py.
WINDOW_STEPS = 32  # time steps the classifier sees at once
FRAME_STRIDE = 2  # it sees every 2nd frame, so at 30 fps a window spans ~2.1 s
WINDOW_HOP = 8  # evaluation windows start every 8 steps; live, staggered states start 8 steps apart
MODEL_RATE_HZ = 15.0

# coach train's and the app's Retrain defaults: the shipped model's recipe on 300 people; the shipped pair itself was
# trained on 500 (`--subjects 500`: 19.4 minutes side by side on 2 cores, over the 15 allowed, and better on held-out
# people in every view; README, Recognition). 300 people side by side took 7.6 minutes on the same machine. 128
# units: with 64 units (300 people) held-out views were 97.1 / 97.2 / 96.2% (front / 45 / side, an earlier held-out
# set), with 200 people and 64 units (the model of 0608ac4) 90.5 / 89.4 / 81.6%.
DEFAULT_ARCHITECTURE = "attention"
DEFAULT_UNITS = 128  # LSTM units per layer
DEFAULT_SUBJECTS = 300  # synthetic people: 210 train, 45 validation, 45 test
# Training windows start every 16 steps and are labelled by their last 16 (~1 s); validation and test windows start
# every WINDOW_HOP steps and are labelled by their last WINDOW_HOP, as the live stream asks "what now?". Fewer windows
# (every 24 steps, 500 people) trained in 11.2 minutes but lost idle people from the side (95.0%, was 96.9%) and
# switched later; README, Recognition ("Training in under 15 minutes: what was tried").
DEFAULT_TRAIN_HOP = 16
DEFAULT_TRAIN_LABEL_STEPS = 16
DEFAULT_EPOCHS = 40  # at most; early stopping (validation loss on steady windows) ended the shipped pair at 23 and 30
# How the learning rate falls: "plateau" halves it when validation loss stalls (early stopping picks the length);
# "cosine" lowers it smoothly over exactly --epochs epochs (coach/recognition/fitting.py)
LR_SCHEDULES = ("plateau", "cosine")
DEFAULT_LR_SCHEDULE = "plateau"
# Two networks averaged, one reading the features with every hidden point zeroed, one with only hidden legs zeroed
# (coach/recognition/ensemble.py): either alone missed 98% of held-out windows in some view, their mean did not.
DEFAULT_MEMBERS = ("all", "legs")
# Processes that make synthetic people, and that fit the members side by side (coach/recognition/fitting.py)
DEFAULT_WORKERS = 2
HELDOUT_PEOPLE = 30  # people `coach train` measures per camera view (coach/recognition/views.py), never trained on
