"""Exercise of chapter 06: ``init_kmeans``, k-means++ seeds and Lloyd iterations."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .init_random import SEEDS, output, uses_rng, valid
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    "First choose K seeds with k-means++, then run Lloyd's algorithm (assign each point to its nearest mean, recompute the means) until the labels stop changing; finish with an M-step on the hard labels.",
    'k-means++: first seed uniform from the data; each next seed $x$ drawn with probability $\\propto D(x)^2$, the squared distance to the nearest chosen seed (`rng.choice(n, p=D2 / D2.sum())`). Then resp = one-hot labels, return `m_step(X, resp)`.',
)


def _fixed_point(X, w, m, label=""):
    where = f" ({label})" if label else ""
    d2 = ((X[:, None, :] - m[None, :, :]) ** 2).sum(-1)
    labels = d2.argmin(1)
    k = len(m)
    counts = np.bincount(labels, minlength=k)
    if (counts == 0).any():
        raise Mistake(f"a mean has no nearest data point (an empty k-means cluster){where}")
    cell_means = np.stack([X[labels == j].mean(0) for j in range(k)])
    scale = max(1.0, float(np.abs(X).max()))
    if not np.allclose(cell_means, m, atol=1e-6 * scale):
        raise Mistake("the means are not a k-means fixed point (each mean should be the mean of "
                      f"the points closest to it): run Lloyd iterations until labels stop changing{where}")
    if not np.allclose(w, counts / X.shape[0], atol=1e-6):
        raise Mistake(f"weights should be the fraction of points in each k-means cluster{where}")


def _kmeans_valid(s):
    X, _ = ref.separated()
    valid(s, X, 3)


def _kmeans_fixed(s):
    X, _ = ref.separated()
    for seed in SEEDS:
        w, m, _ = output(s, X, 3, seed)
        _fixed_point(X, w, m)


def _kmeans_quality(s):
    X, centres = ref.separated()
    for seed in SEEDS:
        _, m, _ = output(s, X, 3, seed)
        dist = np.sqrt(((centres[:, None, :] - m[None, :, :]) ** 2).sum(-1)).min(1)
        if (dist > 3.0).any():
            raise Mistake("misses one of three well-separated clusters: k-means++ should pick "
                          "each next seed with probability proportional to its squared distance "
                          "to the nearest seed so far")
    p = ref.problem(602, n=50, d=2, k=3)
    uses_rng(s, p["X"], 3, require_variation=False)


def _kmeans_hidden(s, spec):
    X, _ = ref.separated(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"])
    for w, m, _ in valid(s, X, spec["k"], spec["label"]):
        _fixed_point(X, w, m, spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_kmeans_valid, _kmeans_fixed, _kmeans_quality,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _kmeans_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 971, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 972, "d": 1, "k": 2},
    {"label": "5-dimensional data", "seed": 973, "d": 5, "k": 4, "n": 80},
)
# END INSTRUCTOR ONLY
