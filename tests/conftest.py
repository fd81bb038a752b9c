"""Shared pytest configuration: headless figures, and where the repository lives."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]

# Notebooks used as test fixtures are data, not nbval targets.
collect_ignore_glob = ["**/*.ipynb"]
