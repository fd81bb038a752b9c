"""Chapter 06's checks verify what the chapter states: init_random's recipe, init_kmeans's k-means.

The k-means++ seeding test is statistical: its false-alarm rate is measured here by running the
written solution with many other generators, and its power by running wrong seedings.
"""

import numpy as np
import pytest
from scipy.stats import chi2

from gmmlab.exercises import EXERCISES, kmeans_seeding, run_check, variants
from gmmlab.exercises import init_kmeans as ik
from gmmlab.exercises import reference as ref
from gmmlab.exercises.harness import Session


def solution(name):
    return variants.solution_namespace(name)[name]


def as_student(func, name):
    """``func`` defined in the chapter's solution namespace under ``name``, like a student cell."""
    return variants.define(variants.solution_namespace(name), func, name)[name]


# ----------------------------------------------------------------- correct variants, the hints

def hint_random(X, n_components, rng):
    """init_random's second hint, completed as it says."""
    n, d = X.shape
    K = n_components
    rows = rng.choice(n, size=K, replace=False)
    means = X[rows]
    cov = np.cov(X, rowvar=False).reshape(d, d) + 1e-6 * np.eye(d)
    covs = np.repeat(cov[None, :, :], K, axis=0)
    weights = np.full(K, 1 / K)
    return weights, means, covs


def hint_kmeans(X, n_components, rng):
    """init_kmeans's second hint, completed as it says."""
    n, d = X.shape
    K = n_components
    centres = np.zeros((K, d))
    centres[0] = X[rng.integers(n)]
    for j in range(1, K):
        D2 = np.min(((X[:, None, :] - centres[None, :j, :]) ** 2).sum(axis=2), axis=1)
        centres[j] = X[rng.choice(n, p=D2 / D2.sum()) if D2.sum() > 0 else rng.integers(n)]
    labels = None
    for _ in range(100):
        new = np.argmin(((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.maximum(np.bincount(labels, minlength=K), 1)
    covs = np.zeros((K, d, d))
    for k in range(K):
        if np.sum(labels == k) > d:
            diff = X[labels == k] - centres[k]
            covs[k] = diff.T @ diff / len(diff) + 1e-6 * np.eye(d)
        else:
            covs[k] = np.cov(X, rowvar=False).reshape(d, d) + 1e-6 * np.eye(d)
    return counts / counts.sum(), centres, covs


def inverse_cdf(X, n_components, rng):
    """Other draws from rng (rng.random), one-hot updates, expanded distances, lists returned."""
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    chosen = [int(rng.integers(0, n))]
    closest = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    while len(chosen) < n_components:
        cdf = np.cumsum(closest)
        if cdf[-1] <= 0:
            nxt = int(rng.integers(0, n))
        else:
            nxt = int(min(np.searchsorted(cdf, rng.random() * cdf[-1], side="right"), n - 1))
        chosen.append(nxt)
        closest = np.minimum(closest, ((X - X[nxt]) ** 2).sum(axis=1))
    centres = X[chosen].copy()
    sq = (X ** 2).sum(1)[:, None] - 2 * X @ centres.T + (centres ** 2).sum(1)[None, :]
    labels = sq.argmin(axis=1)
    for _ in range(100):
        onehot = np.eye(n_components)[labels]
        counts = onehot.sum(axis=0)
        centres = np.where(counts[:, None] > 0, onehot.T @ X / np.maximum(counts, 1)[:, None],
                           centres)
        sq = (X ** 2).sum(1)[:, None] - 2 * X @ centres.T + (centres ** 2).sum(1)[None, :]
        new = sq.argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    covs = np.empty((n_components, d, d))
    for k in range(n_components):
        pts = X[labels == k]
        if len(pts) > d:
            covs[k] = np.cov(pts, rowvar=False, bias=True).reshape(d, d)
        else:
            covs[k] = np.atleast_2d(np.cov(X, rowvar=False))
    weights = np.array([max(np.sum(labels == k), 1) for k in range(n_components)], dtype=float)
    return list(weights / weights.sum()), centres.tolist(), covs + 1e-6 * np.eye(d)


@pytest.mark.parametrize("name,func", [("init_random", hint_random),
                                       ("init_kmeans", hint_kmeans),
                                       ("init_kmeans", inverse_cdf)],
                         ids=["random-hint", "kmeans-hint", "kmeans-inverse-cdf"])
def test_correct_variants_get_full_marks(name, func):
    result = run_check(name, as_student(func, name), hidden=True)
    assert result.points == result.max_points, result.line()


@pytest.mark.parametrize("name", ["init_random", "init_kmeans"])
def test_hints_use_only_what_chapter_06_has(name):
    for text in EXERCISES[name].hints:
        assert "m_step" not in text and "M-step" not in text


# ----------------------------------------------------------------- the data exercise the rules

def test_the_data_force_a_tiny_and_an_empty_cluster():
    f = solution("init_kmeans")
    tiny = ref.tiny_clusters()
    for seed in ik.SEEDS:
        w, _, _ = f(tiny, 5, np.random.default_rng(seed))
        assert sorted(np.round(w * len(tiny)).astype(int).tolist()) == [2, 3, 8, 12, 20]
    empty = ref.repeated_points(ref.EMPTY_LOCATIONS, ref.EMPTY_COUNTS)
    for seed in ik.SEEDS:
        w, _, _ = f(empty, 5, np.random.default_rng(seed))
        assert sorted(np.round(w * (len(empty) + 1)).astype(int).tolist()) == [1, 2, 4, 8, 12]


def test_python_work_does_not_grow_with_n_for_the_solution_only():
    groups = ((0.0, 0.0), (100.0, 0.0), (0.0, 100.0))
    small, large = (ref.repeated_points(groups, c) for c in ((12, 10, 8), (240, 200, 160)))
    s = Session("init_kmeans", solution("init_kmeans"))
    assert ik.python_lines(s, large, 3, 5) <= ik.python_lines(s, small, 3, 5) + 20
    loop = next(m for m in ik.MUTANTS if m.fragment == "loops over the samples")
    s = Session("init_kmeans", loop.namespace("init_kmeans")["init_kmeans"])
    assert ik.python_lines(s, large, 3, 5) > 10 * ik.python_lines(s, small, 3, 5)


# ----------------------------------------------------------------- the seeding test

def test_the_enumeration_matches_the_solution():
    """The exact outcome probabilities agree with 2000 runs of the written solution."""
    f = solution("init_kmeans")
    outcomes = kmeans_seeding.seeding_outcomes(f, range(20_000, 22_000))
    _, probs = kmeans_seeding.reference()
    for key, p in probs.items():
        freq = outcomes.count(key) / len(outcomes)
        assert abs(freq - p) < 4 * np.sqrt(p * (1 - p) / len(outcomes)), (sorted(key), freq, p)


def test_false_alarm_rate_of_the_g_test_is_as_stated():
    """Under exact k-means++ frequencies (multinomial draws of 100), the test rejects at the rate
    SEEDING_ALPHA: 10^6 simulated checks, about 10 false alarms expected."""
    _, probs = kmeans_seeding.reference()
    p = np.array(list(probs.values()))
    counts = np.random.default_rng(0).multinomial(len(kmeans_seeding.SEEDING_SEEDS), p,
                                                  size=1_000_000)
    expected = len(kmeans_seeding.SEEDING_SEEDS) * p
    with np.errstate(divide="ignore", invalid="ignore"):
        g = 2 * np.where(counts > 0, counts * np.log(counts / expected), 0.0).sum(1)
    threshold = chi2.isf(kmeans_seeding.SEEDING_ALPHA, 3)
    assert np.isclose(kmeans_seeding.chi2_sf_3(threshold), kmeans_seeding.SEEDING_ALPHA)
    rate = np.mean(g > threshold)
    assert rate < 5 * kmeans_seeding.SEEDING_ALPHA, rate


@pytest.mark.slow
def test_the_solution_passes_with_other_generators():
    """The written solution, run with 60 other blocks of 100 generators: no block fails at
    SEEDING_ALPHA, and the p-values look uniform (about 5% of them below 0.05)."""
    f = solution("init_kmeans")
    outcomes = kmeans_seeding.seeding_outcomes(f, range(100_000, 106_000))
    pvalues = np.array([kmeans_seeding.seeding_pvalue(outcomes[i:i + 100])
                        for i in range(0, len(outcomes), 100)])
    assert pvalues.min() >= kmeans_seeding.SEEDING_ALPHA
    assert np.mean(pvalues < 0.05) <= 0.15
    assert 0.3 <= np.mean(pvalues < 0.5) <= 0.7


SEEDING_MUTANTS = [m for m in ik.MUTANTS if m.fragment == ik._KPP]


@pytest.mark.parametrize("mutant", SEEDING_MUTANTS, ids=[m.description for m in SEEDING_MUTANTS])
def test_wrong_seedings_fail_with_other_generators_too(mutant):
    f = mutant.namespace("init_kmeans")["init_kmeans"]
    for start in (30_000, 40_000, 50_000):
        outcomes = kmeans_seeding.seeding_outcomes(f, range(start, start + 100))
        assert kmeans_seeding.seeding_pvalue(outcomes) < kmeans_seeding.SEEDING_ALPHA


def test_seeding_is_not_judged_without_lloyd():
    never_moves = ik.MUTANTS[0]
    assert never_moves.fragment == "fixed point"
    f = never_moves.namespace("init_kmeans")["init_kmeans"]
    assert kmeans_seeding.seeding_outcomes(f, range(10)) is None
    result = run_check("init_kmeans", f)
    assert result.points == 2 and "fixed point" in result.feedback


# ----------------------------------------------------------------- init_random's draws

def test_init_random_uniformity_test_passes_the_solution_with_other_generators():
    """The solution's row counts over 60 starts stay below the threshold for 100 seed blocks."""
    f = solution("init_random")
    X = ref.correlated(615, n=6)
    from gmmlab.exercises.init_random import DRAWS, row_indices

    for block in range(100):
        seeds = range(1000 + block * DRAWS, 1000 + (block + 1) * DRAWS)
        rows = np.concatenate([row_indices(X, f(X, 2, np.random.default_rng(s))[1])
                               for s in seeds])
        counts = np.bincount(rows, minlength=6)
        expected = DRAWS * 2 / 6
        assert counts.min() > 0 and ((counts - expected) ** 2 / expected).sum() <= 35.9
