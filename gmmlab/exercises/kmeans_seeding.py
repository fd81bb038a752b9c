"""A statistical test of k-means++ seeding, seen only through the k-means results it leads to.

The data are ``SEEDING_COUNTS[i]`` copies of ``SEEDING_LOCATIONS[i]`` (five locations) and
K = 3. Which locations end up in the same cluster after Lloyd's rounds depends only on where the
seeds fell, so the exact distribution of that outcome under k-means++ seeding follows by
enumerating the seed sequences (:func:`kmeans_pp_outcomes`): four outcomes, of probability 0.23
to 0.29 each. A function run with many generators must reproduce those frequencies: a G-test
(3 degrees of freedom) rejects at ``SEEDING_ALPHA``. Uniform, farthest-point, D-proportional,
"distance to the last centre" and fixed-first-centre seedings move the frequencies far (or give
outcomes k-means++ never gives) and fail with probability above 0.999 with 100 generators.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from . import reference as ref
from .harness import mixture_output

__all__ = ["SEEDING_ALPHA", "SEEDING_SEEDS", "kmeans_pp_outcomes", "nearest", "seeding_outcomes",
           "seeding_pvalue"]

#: Five locations and their multiplicities. Squared distances between them are integers and no
#: assignment is ever close to a tie.
SEEDING_LOCATIONS = ((-1.0, -5.0), (1.0, -9.0), (8.0, -14.0), (0.0, 4.0), (28.0, 39.0))
SEEDING_COUNTS = (14, 4, 10, 14, 1)

#: The generators of the check, and its false-alarm rate: a correct k-means++ seeding, whatever
#: its pattern of draws from rng, fails the test with probability SEEDING_ALPHA (chi-square
#: approximation of the G statistic; every expected count is above 23).
#: tests/exercises/test_init_spec.py measures the rate on other generators.
SEEDING_SEEDS = tuple(range(6100, 6200))
SEEDING_ALPHA = 1e-5


def nearest(X, w, m):
    """Label of every point: its nearest mean in ``m``.

    A tie can only come from means that coincide (an empty cluster's centre on a data point);
    it goes to the tied mean with the largest weight ``w``, i.e. the student's own choice.
    """
    d2 = ((X[:, None, :] - m[None, :, :]) ** 2).sum(-1)
    near = d2 <= d2.min(1, keepdims=True) + 1e-9 * max(1.0, float(np.abs(X).max())) ** 2
    return np.where(near, w[None, :], -np.inf).argmax(1)


def weighted_lloyd(locations, counts, centres, rounds=100):
    """Lloyd rounds on points given as locations with multiplicities; returns the labels.

    Ties go to the lowest index; a centre with no point stays where it is.
    """
    L = np.asarray(locations, dtype=float)
    c = np.asarray(counts, dtype=float)
    centres = np.array(centres, dtype=float)
    labels = None
    for _ in range(rounds):
        new = ((L[:, None, :] - centres[None, :, :]) ** 2).sum(-1).argmin(1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(len(centres)):
            if (labels == k).any():
                centres[k] = c[labels == k] @ L[labels == k] / c[labels == k].sum()
    return labels


def partition(labels) -> frozenset:
    """The clusters of a labelling as a set of sets of indices (empty clusters dropped)."""
    labels = np.asarray(labels)
    return frozenset(frozenset(np.flatnonzero(labels == k).tolist()) for k in set(labels.tolist()))


def kmeans_pp_outcomes(locations=SEEDING_LOCATIONS, counts=SEEDING_COUNTS, k=3) -> dict:
    """Exact ``{partition of the locations: probability}`` of k-means with k-means++ seeding.

    The first centre is a point drawn uniformly, each next one a point drawn with probability
    proportional to its squared distance to the nearest centre so far (uniformly if all are 0);
    Lloyd rounds follow.
    """
    L = np.asarray(locations, dtype=float)
    c = np.asarray(counts, dtype=float)
    out: dict = {}

    def grow(seq, prob):
        if len(seq) == k:
            key = partition(weighted_lloyd(L, c, L[list(seq)]))
            out[key] = out.get(key, 0.0) + prob
            return
        weights = c
        if seq:
            weights = c * ((L[:, None, :] - L[list(seq)][None, :, :]) ** 2).sum(-1).min(1)
            if weights.sum() == 0:
                weights = c
        for j in np.flatnonzero(weights):
            grow(seq + (int(j),), prob * weights[j] / weights.sum())

    grow((), 1.0)
    return out


@functools.lru_cache(maxsize=1)
def reference():
    """The seeding data X and the outcome probabilities under k-means++."""
    probs = kmeans_pp_outcomes()
    if len(probs) != 4:  # chi2_sf_3 assumes four outcomes
        raise RuntimeError("the seeding data no longer give four k-means outcomes")
    return ref.repeated_points(SEEDING_LOCATIONS, SEEDING_COUNTS), probs


def outcome(w, m):
    """Which locations end up together, or None when the means are no Lloyd fixed point."""
    L = np.asarray(SEEDING_LOCATIONS)
    counts = np.asarray(SEEDING_COUNTS, dtype=float)
    labels = nearest(L, w, m)
    for k in set(labels.tolist()):
        mask = labels == k
        if not np.allclose(counts[mask] @ L[mask] / counts[mask].sum(), m[k], rtol=0, atol=1e-4):
            return None
    return partition(labels)


def seeding_outcomes(call, seeds=SEEDING_SEEDS):
    """Outcomes of ``call(X, 3, default_rng(seed))`` for every seed, or None if one is no fixed
    point (the seeding cannot be judged then)."""
    X, _ = reference()
    found = []
    for seed in seeds:
        w, m, _ = mixture_output(call(X, 3, np.random.default_rng(seed)), 3, 2)
        found.append(outcome(w, m))
        if found[-1] is None:
            return None
    return found


def seeding_pvalue(outcomes) -> float:
    """p-value of "these outcomes come from k-means++ seeding" (0.0 for an impossible outcome)."""
    _, probs = reference()
    if any(o not in probs for o in outcomes):
        return 0.0
    observed = np.array([outcomes.count(key) for key in probs], dtype=float)
    expected = len(outcomes) * np.array(list(probs.values()))
    seen = observed > 0
    return chi2_sf_3(2.0 * float((observed[seen] * np.log(observed[seen] / expected[seen])).sum()))


def chi2_sf_3(x: float) -> float:
    """Upper tail of the chi-square distribution with 3 degrees of freedom, in closed form."""
    return math.erfc(math.sqrt(x / 2)) + math.sqrt(2 * x / math.pi) * math.exp(-x / 2)
