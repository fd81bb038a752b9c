"""Shared pytest configuration: headless figures in this process, and where the repository lives."""

from pathlib import Path

import matplotlib

# Only this process: an MPLBACKEND variable would leak into the nbval kernels, which must store
# figures inline exactly as `make sync` did.
matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]

# Notebooks used as test fixtures are data, not nbval targets.
collect_ignore_glob = ["**/*.ipynb"]
