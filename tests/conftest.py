"""Shared pytest configuration: headless figures in this process, and where the repository lives."""

import sys
from pathlib import Path

import matplotlib

# Only this process: an MPLBACKEND variable would leak into the nbval kernels, which must store
# figures inline exactly as `make sync` did.
matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]

# The helper module shared by several test folders (grading_helpers) lives here.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Notebooks used as test fixtures are data, not nbval targets.
collect_ignore_glob = ["**/*.ipynb"]
