"""Shared test set-up: a non-interactive matplotlib backend and a fixed random seed."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
