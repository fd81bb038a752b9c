"""Diag and spherical passes by products on centred chunks: the error bound holds, and matters.

The reference distances are computed here from exact differences ``x - mu`` in float64 with
``math.fsum``-free NumPy sums (their own rounding is ~d eps q, far below the bound tested).
"""

import warnings

import numpy as np
import pytest

from gmmlab import GaussianMixture
from gmmlab.numerics.fast import expanded, passes
from tests.numerics.centred_reference import reference_em
from tests.numerics.centred_reference import start as _start

TYPES = ["diag", "spherical"]


def _reference_distances(X, means, pchol, ctype):
    p = pchol if ctype == "diag" else np.repeat(pchol[:, None], X.shape[1], axis=1)
    return np.stack([(((X - means[k]) * p[k]) ** 2).sum(axis=1) for k in range(len(means))])


def _family(rng):
    """Chunks and parameters of many kinds: offsets, scales, separations, dimensions."""
    for offset in (0.0, 1e3, 1e6, 1e8):
        for scale in (1e-6, 1.0, 1e6):
            for sep in (0.5, 5.0, 50.0):
                d, K = int(rng.integers(1, 40)), int(rng.integers(1, 12))
                centres = rng.normal(scale=sep, size=(K, d))
                spread = rng.uniform(0.2, 3.0, size=(K, d))
                labels = rng.integers(K, size=300)
                X = (centres[labels] + rng.normal(size=(300, d)) * spread[labels]) * scale
                X += offset
                means = (centres + rng.normal(scale=0.3, size=(K, d))) * scale + offset
                diag = 1.0 / (spread * scale * rng.uniform(0.7, 1.5, size=(K, d)))
                yield X, means, diag, diag.mean(axis=1)


@pytest.mark.parametrize("ctype", TYPES)
def test_error_bound_holds_on_a_family_of_chunks(ctype):
    rng = np.random.default_rng(0)
    trips = cases = 0
    for X, means, pdiag, psph in _family(rng):
        pchol = pdiag if ctype == "diag" else psph
        n, d = X.shape
        xc, xc2 = np.empty((n, d)), np.empty((n, d if ctype == "diag" else 1))
        out, tmp = np.empty((2, len(means), n))
        c = expanded.centre_chunk(X, xc, xc2)
        exact = expanded.expanded_distances(X, xc, xc2, c, means, pchol, ctype, out, tmp)
        ref = _reference_distances(X, means, pchol, ctype)
        near = ref <= 9 * d
        err = np.abs(out - ref)
        assert np.all(err[near] <= expanded.MAX_ERROR), (X.mean(), d, err[near].max())
        far = ~near
        assert np.all(err[far] <= 1e-9 * ref[far])
        trips += len(exact)
        cases += len(means)
    # offsets up to 1e8 are absorbed by the chunk's centre: only far, tight components trip
    assert trips < cases / 4


def test_without_the_bound_a_tight_component_far_away_gets_wrong_distances(monkeypatch):
    """The fallback is needed: with the bound switched off the hard case is off by far more."""
    rng = np.random.default_rng(1)
    X = np.concatenate([1e6 + rng.normal(scale=1e-4, size=(200, 2)), rng.normal(size=(200, 2))])
    means = np.array([[1e6, 1e6], [0.0, 0.0]])
    pchol = np.array([[1e4, 1e4], [1.0, 1.0]])
    ref = _reference_distances(X, means, pchol, "diag")
    out, tmp = np.empty((2, 2, len(X)))
    xc, xc2 = np.empty((2, *X.shape))
    c = expanded.centre_chunk(X, xc, xc2)
    exact = expanded.expanded_distances(X, xc, xc2, c, means, pchol, "diag", out, tmp)
    assert 0 in exact  # (the component at the origin is far from the chunk's centre too)
    allowed = expanded.MAX_ERROR
    np.testing.assert_allclose(out[0, :200], ref[0, :200], atol=allowed)
    monkeypatch.setattr(expanded, "MAX_ERROR", np.inf)
    exact = expanded.expanded_distances(X, xc, xc2, c, means, pchol, "diag", out, tmp)
    assert len(exact) == 0
    assert np.abs(out[0, :200] - ref[0, :200]).max() > 1e3 * allowed


@pytest.mark.parametrize("ctype", TYPES)
def test_without_the_bound_a_fit_with_a_tight_far_component_is_wrong(ctype, monkeypatch):
    """Spread 1e-5 at 1e3 from a unit cluster (d = 3, where the products are used): exact with
    the bound, wrong without it."""
    rng = np.random.default_rng(4)
    X = np.concatenate([rng.normal(size=(1000, 3)), 1e3 + 1e-5 * rng.normal(size=(1000, 3))])
    X = X[rng.permutation(len(X))]  # every chunk holds both clusters
    means = np.array([[0.1, -0.1, 0.0], [1e3, 1e3, 1e3]])
    start = _start(ctype, means, 1.0)
    cov0 = np.stack([np.eye(3)] * 2)
    bound, *_ = reference_em(X, start["weights_init"], means, cov0, ctype, 5, 1e-6)

    def fit():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return GaussianMixture(2, covariance_type=ctype, tol=0.0, max_iter=5,
                                   **start).fit(X).lower_bound_

    np.testing.assert_allclose(fit(), bound, rtol=1e-10)
    monkeypatch.setattr(expanded, "MAX_ERROR", np.inf)
    try:
        wrong = fit()
    except ValueError:
        return  # a collapsed covariance: wrong too, but loudly
    assert abs(wrong - bound) > 1e-8 * abs(bound)  # the tolerance of test_hard_data


@pytest.mark.parametrize("ctype", TYPES)
@pytest.mark.parametrize("data", ["separated", "iris", "overlapping"])
def test_ordinary_data_stay_on_the_product_path(ctype, data):
    from sklearn.datasets import load_iris

    rng = np.random.default_rng(2)
    X = {"separated": lambda: rng.normal(scale=6, size=(5, 8))[rng.integers(5, size=20_000)]
         + rng.normal(size=(20_000, 8)),
         "overlapping": lambda: rng.normal(scale=1.5, size=(5, 3))[rng.integers(5, size=20_000)]
         + rng.normal(size=(20_000, 3)),
         "iris": lambda: load_iris().data}[data]()
    K = {"separated": 5, "iris": 3, "overlapping": 5}[data]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gm = GaussianMixture(K, covariance_type=ctype, max_iter=20, random_state=0).fit(X)
    _, stats = passes.em_pass(X, gm.weights_, gm.means_, gm.precisions_cholesky_, ctype)
    assert stats.recomputed == 0
