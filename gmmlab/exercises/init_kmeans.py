"""Exercise of chapter 06: ``init_kmeans``, k-means++ seeds and Lloyd iterations."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .init_random import SEEDS, output, uses_rng, valid
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("First choose K seeds with k-means++, then run Lloyd's algorithm (assign each point to "
     "its nearest mean, recompute the means) until the labels stop changing; finish with an "
     "M-step on the hard labels."),
    (r"k-means++: first seed uniform from the data; each next seed $x$ drawn with probability "
     r"$\propto D(x)^2$, the squared distance to the nearest chosen seed (`rng.choice(n, p=D2 /"
     r" D2.sum())`). Then resp = one-hot labels, return `m_step(X, resp)`."),
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

from .variants import Alternative, Mutant, Replacement

# m_step is pasted from chapter 04's solution for the variants that call it (F821).


def _with_sklearn(X, n_components, rng):
    from sklearn.cluster import KMeans

    km = KMeans(n_components, n_init=1, random_state=int(rng.integers(1000))).fit(X)
    return m_step(X, np.eye(n_components)[km.labels_])  # noqa: F821


def _until_centres_stop(X, n_components, rng):
    n, K = X.shape[0], n_components
    centres = X[[rng.integers(n)]]
    while len(centres) < K:
        d2 = np.min(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
        centres = np.vstack([centres, X[rng.choice(n, p=d2 / d2.sum())]])
    while True:
        labels = np.argmin(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
        new = np.array([X[labels == k].mean(0) for k in range(K)])
        if np.allclose(new, centres, rtol=0, atol=0):
            break
        centres = new
    labels = np.argmin(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
    resp = np.zeros((n, K))
    resp[np.arange(n), labels] = 1.0
    return m_step(X, resp)  # noqa: F821


def _seed_indices(X, n_components, rng):
    n = X.shape[0]
    seeds = [rng.integers(n)]
    for _ in range(n_components - 1):
        d2 = np.array([min(((x - X[s]) ** 2).sum() for s in seeds) for x in X])
        seeds.append(rng.choice(n, p=d2 / d2.sum()))
    centres = X[seeds].astype(float)
    for _ in range(100):
        dist = np.linalg.norm(X[:, None, :] - centres[None, :, :], axis=2)
        labels = dist.argmin(axis=1)
        centres = np.array([X[labels == k].mean(axis=0) for k in range(n_components)])
    dist = np.linalg.norm(X[:, None, :] - centres[None, :, :], axis=2)
    resp = np.eye(n_components)[dist.argmin(axis=1)]
    return m_step(X, resp, reg_covar=1e-6)  # noqa: F821


_PLUS_PLUS = (
    "    centres[0] = X[rng.integers(n)]\n"
    "    closest = np.sum((X - centres[0]) ** 2, axis=1)\n"
    "    for j in range(1, n_components):\n"
    "        total = closest.sum()\n"
    "        pick = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)\n"
    "        centres[j] = X[pick]\n"
    "        closest = np.minimum(closest, np.sum((X - centres[j]) ** 2, axis=1))\n"
)
_MOVE_CENTRES = (
    "        for k in range(n_components):\n"
    "            if np.any(labels == k):\n"
    "                centres[k] = X[labels == k].mean(axis=0)\n"
)

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_MOVE_CENTRES, ""),),
           "fixed point", "never moves the centres: the means are the seeds"),
    Mutant(((_PLUS_PLUS, "    centres[:] = X[rng.choice(n, n_components, replace=False)]\n"),),
           "misses one of three", "uniform seeding instead of k-means++"),
    Mutant((("weights = counts / counts.sum()",
             "weights = np.full(n_components, 1.0 / n_components)"),),
           "fraction of points", "equal weights instead of the cluster fractions"),
    Replacement(_with_sklearn, "NumPy-only", "calls sklearn.cluster.KMeans",
                helpers=("m_step",)),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_until_centres_stop, "Lloyd until the centres stop moving, then an M-step",
                helpers=("m_step",)),
    Alternative(_seed_indices, "seeds as indices, 100 Lloyd iterations, then an M-step",
                helpers=("m_step",)),
)
# END INSTRUCTOR ONLY
