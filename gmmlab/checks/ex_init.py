"""Checks for chapter 06: ``init_random`` and ``init_kmeans``, judged by properties over seeds."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .cases import Exercise, Session, mixture_output, spd_problem
from .verdict import Mistake

SEEDS = (7, 8, 9)


def _separated(seed=601, n=90, d=2, k=3):
    """Three tight clusters far apart (20 standard deviations)."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [20.0, 0.0], [10.0, 17.0]])[:k, :d] if d == 2 else \
        rng.normal(scale=20.0, size=(k, d))
    labels = np.arange(n) % (k + 2)  # unequal cluster sizes
    labels[labels >= k] = 0
    return centres[labels] + rng.normal(size=(n, d)), centres


def _output(s: Session, X, k, seed):
    _n, d = X.shape
    return mixture_output(s.call(X, k, np.random.default_rng(seed)), k, d)


def _valid(s, X, k, label=""):
    where = f" ({label})" if label else ""
    outs = []
    for seed in SEEDS:
        w, m, c = _output(s, X, k, seed)
        if (w < 0).any() or not np.isclose(w.sum(), 1.0, atol=1e-8):
            raise Mistake(f"weights must be non-negative and sum to 1{where}")
        problem = spd_problem(c, "covs")
        if problem:
            raise Mistake(problem + where)
        lo, hi = X.min(0), X.max(0)
        span = hi - lo
        if ((m < lo - 1e-9 * span) | (m > hi + 1e-9 * span)).any():
            raise Mistake(f"some means lie outside the range of the data{where}")
        outs.append((w, m, c))
    return outs


def _uses_rng(s, X, k, require_variation=True):
    a = _output(s, X, k, 11)
    b = _output(s, X, k, 11)
    if not all(np.allclose(x, y) for x, y in zip(a, b)):
        raise Mistake("two generators with the same seed give different results: draw all "
                      "randomness from rng (not np.random)")
    if not require_variation:
        return
    others = [_output(s, X, k, seed) for seed in (12, 13, 14)]
    if all(np.allclose(a[1], o[1]) for o in others):
        raise Mistake("gives the same means for every rng: the initialisation should be random")


def _random_valid(s):
    X, _ = _separated()
    _valid(s, X, 3)


def _random_rng(s):
    X, _ = _separated()
    _uses_rng(s, X, 3)


def _random_hidden(s, spec):
    X, _ = _separated(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"])
    _valid(s, X, spec["k"], spec["label"])


INIT_RANDOM = Exercise("init_random", [(1, _random_valid), (1, _random_rng)], _random_hidden)


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
    X, _ = _separated()
    _valid(s, X, 3)


def _kmeans_fixed(s):
    X, _ = _separated()
    for seed in SEEDS:
        w, m, _ = _output(s, X, 3, seed)
        _fixed_point(X, w, m)


def _kmeans_quality(s):
    X, centres = _separated()
    for seed in SEEDS:
        _, m, _ = _output(s, X, 3, seed)
        dist = np.sqrt(((centres[:, None, :] - m[None, :, :]) ** 2).sum(-1)).min(1)
        if (dist > 3.0).any():
            raise Mistake("misses one of three well-separated clusters: k-means++ should pick "
                          "each next seed with probability proportional to its squared distance "
                          "to the nearest seed so far")
    p = ref.problem(602, n=50, d=2, k=3)
    _uses_rng(s, p["X"], 3, require_variation=False)


def _kmeans_hidden(s, spec):
    X, _ = _separated(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"])
    for w, m, _ in _valid(s, X, spec["k"], spec["label"]):
        _fixed_point(X, w, m, spec["label"])


INIT_KMEANS = Exercise("init_kmeans", [(1, _kmeans_valid), (1, _kmeans_fixed),
                                       (1, _kmeans_quality)], _kmeans_hidden)
