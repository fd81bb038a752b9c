"""Tied passes by one shared whitening on centred chunks: the error bound holds, and matters.

The reference distances are ``|(x - mu_k) L|**2`` from exact differences in extended precision
(``np.longdouble``, 64-bit significands on x86), and the reference scatter is formed from each
component's own differences ``x - m_k`` in extended precision too.
"""

import warnings

import numpy as np
import pytest

from gmmlab import GaussianMixture
from gmmlab.numerics.fast import expanded, passes, statistics, tied
from tests.numerics.centred_reference import reference_em
from tests.numerics.centred_reference import start as _start

LONG = np.longdouble


def _reference_distances(X, means, L):
    X, means, L = (np.asarray(a, dtype=LONG) for a in (X, means, L))
    return np.stack([(((X - m) @ L) ** 2).sum(axis=1) for m in means]).astype(np.float64)


def _distances(X, means, L):
    n, d = X.shape
    xc, y = np.empty((2, n, d))
    out = np.empty((len(means), n))
    c = X.mean(axis=0)
    np.subtract(X, c, out=xc)
    exact = tied.tied_distances(X, xc, y, c, means, L, tied.factor_growth(L), out)
    return out, exact, xc, c


def _random_factor(rng, d, scale, condition):
    """An upper-triangular precision factor with the given scale and conditioning."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    cov = (Q * np.geomspace(1.0, condition, d)) @ Q.T * scale**2
    return np.linalg.cholesky(np.linalg.inv(cov)).T  # P = L L^T with L upper triangular


def _family(rng):
    """Chunks and tied parameters: offsets, scales, separations, conditioning, dimensions."""
    for offset in (0.0, 1e3, 1e6, 1e8):
        for scale in (1e-6, 1.0, 1e6):
            for sep, condition in ((0.5, 1.0), (5.0, 30.0), (50.0, 1e4)):
                d, K = int(rng.integers(1, 40)), int(rng.integers(1, 12))
                L = _random_factor(rng, d, scale, condition)
                centres = rng.normal(scale=sep, size=(K, d)) * scale
                noise = np.linalg.solve(L.T, rng.normal(size=(d, 300))).T  # covariance P^-1
                X = centres[rng.integers(K, size=300)] + noise + offset
                means = centres + offset + 0.3 * noise[:K]
                yield X, means, L


def test_error_bound_holds_on_a_family_of_chunks():
    rng = np.random.default_rng(0)
    trips = cases = 0
    for X, means, L in _family(rng):
        d = X.shape[1]
        out, exact, _, _ = _distances(X, means, L)
        ref = _reference_distances(X, means, L)
        gamma = (d + 4) * np.finfo(float).eps
        allowed = max(expanded.MAX_ERROR, 36 * d * gamma * tied.factor_growth(L))
        near = ref <= 9 * d
        err = np.abs(out - ref)
        assert np.all(err[near] <= allowed), (X.mean(), d, err[near].max(), allowed)
        assert np.all(err[~near] <= allowed + 1e-9 * ref[~near])
        trips += len(exact)
        cases += len(means)
    # offsets up to 1e8 are absorbed by the chunk's centre: only far, tight components trip
    assert trips < cases / 4


def test_without_the_bound_a_tight_cluster_far_from_the_chunk_centre_is_wrong(monkeypatch):
    """Spread 1e-4 and two clusters 1e3 apart: M_k ~ 5e6, the products alone lose digits."""
    rng = np.random.default_rng(1)
    X = np.concatenate([1e3 + 1e-4 * rng.normal(size=(200, 3)), 1e-4 * rng.normal(size=(200, 3))])
    means = np.array([[1e3] * 3, [0.0] * 3])
    L = np.eye(3) * 1e4
    ref = _reference_distances(X, means, L)
    out, exact, _, _ = _distances(X, means, L)
    assert list(exact) == [0, 1]
    allowed = expanded.MAX_ERROR
    np.testing.assert_allclose(out, ref, rtol=1e-12, atol=allowed)
    monkeypatch.setattr(tied, "MAX_ERROR", np.inf)
    out, exact, _, _ = _distances(X, means, L)
    assert list(exact) == []
    near = ref <= 27
    assert np.abs(out[near] - ref[near]).max() > 1e3 * allowed


def _reference_scatter(X, resp):
    X, resp = np.asarray(X, dtype=LONG), np.asarray(resp, dtype=LONG)
    nk = resp.sum(axis=1)
    m = (resp @ X) / nk[:, None]
    S = sum((resp[k, :, None] * (X - m[k])).T @ (X - m[k]) for k in range(len(nk)))
    return nk.astype(float), m.astype(float), S.astype(float)


@pytest.mark.parametrize("separation", [1.0, 1e2, 1e6])
@pytest.mark.parametrize("offset", [0.0, 1e8])
def test_pooled_scatter_equals_an_extended_precision_reference(separation, offset):
    """Overlapping components take the one product; well separated ones (between-component
    scatter 1e12 times the within) the per-component differences; both are exact."""
    rng = np.random.default_rng(2)
    K, d, n = 3, 4, 600
    labels = rng.integers(K, size=n)
    X = rng.normal(scale=separation, size=(K, d))[labels] + rng.normal(size=(n, d)) + offset
    resp = np.full((K, n), 1e-16)
    resp[labels, np.arange(n)] = 1.0
    resp /= resp.sum(axis=0)
    c = X.mean(axis=0)
    got = tied.tied_statistics(X, X - c, c, resp, 1e-6)
    nk, m, S = _reference_scatter(X, resp)
    np.testing.assert_allclose(got.nk, nk, rtol=1e-14)
    np.testing.assert_allclose(got.mean, m, rtol=1e-15, atol=1e-13 * separation)
    np.testing.assert_allclose(got.scatter, S, rtol=1e-9, atol=1e-9 * np.abs(S).max())
    assert (got.recomputed == K) == (separation == 1e6)


def test_without_the_pivot_test_well_separated_components_lose_their_scatter(monkeypatch):
    rng = np.random.default_rng(3)
    labels = rng.integers(2, size=400)
    X = np.array([[0.0, 0.0], [1e7, -1e7]])[labels] + rng.normal(size=(400, 2))
    resp = np.stack([labels == 0, labels == 1]).astype(float)
    _, _, S = _reference_scatter(X, resp)
    c = X.mean(axis=0)
    np.testing.assert_allclose(tied.tied_statistics(X, X - c, c, resp, 1e-6).scatter, S,
                               rtol=1e-10)
    monkeypatch.setitem(statistics.MAX_PIVOT_RATIO, np.dtype(np.float64), np.inf)
    monkeypatch.setattr(tied, "MAX_PIVOT_RATIO", statistics.MAX_PIVOT_RATIO)
    wrong = tied.tied_statistics(X, X - c, c, resp, 1e-6).scatter
    assert np.abs(wrong - S).max() > 1e-6 * np.abs(S).max()


def test_a_tied_fit_with_a_tight_far_cluster_is_exact_with_the_bound_and_wrong_without(
        monkeypatch):
    rng = np.random.default_rng(4)
    X = np.concatenate([1e-3 * rng.normal(size=(1000, 3)), 1e3 + 1e-3 * rng.normal(size=(1000, 3))])
    X = X[rng.permutation(len(X))]  # every chunk holds both clusters
    means = np.array([[1e-3, -1e-3, 0.0], [1e3, 1e3, 1e3]])
    start = _start("tied", means, 1e-6)
    cov0 = np.stack([np.eye(3) * 1e-6] * 2)
    bound, *_ = reference_em(X, start["weights_init"], means, cov0, "tied", 5, 1e-6)

    def fit():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return GaussianMixture(2, covariance_type="tied", tol=0.0, max_iter=5,
                                   **start).fit(X).lower_bound_

    np.testing.assert_allclose(fit(), bound, rtol=1e-10)
    monkeypatch.setattr(tied, "MAX_ERROR", np.inf)
    monkeypatch.setattr(tied, "_limit_a", lambda d, g: np.inf)
    try:
        wrong = fit()
    except ValueError:
        return  # a collapsed covariance: wrong too, but loudly
    assert abs(wrong - bound) > 1e-8 * abs(bound)  # the tolerance of test_hard_data


@pytest.mark.parametrize("data", ["separated", "iris", "overlapping", "digits"])
def test_ordinary_data_stay_on_the_product_path(data):
    from sklearn.datasets import load_digits, load_iris

    rng = np.random.default_rng(2)
    X = {"separated": lambda: rng.normal(scale=6, size=(5, 8))[rng.integers(5, size=20_000)]
         + rng.normal(size=(20_000, 8)),
         "overlapping": lambda: rng.normal(scale=1.5, size=(5, 2))[rng.integers(5, size=20_000)]
         + rng.normal(size=(20_000, 2)),
         "iris": lambda: load_iris().data, "digits": lambda: load_digits().data}[data]()
    K = {"separated": 5, "iris": 3, "overlapping": 5, "digits": 10}[data]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gm = GaussianMixture(K, covariance_type="tied", max_iter=20, random_state=0).fit(X)
    _, stats = passes.em_pass(X, gm.weights_, gm.means_, gm.precisions_cholesky_, "tied",
                              reg_covar=1e-6)
    assert stats.recomputed == 0


def test_a_factor_without_a_finite_conditioning_takes_exact_differences_everywhere():
    assert tied._limit_a(4, np.inf) == 0.0
    X = np.arange(12.0).reshape(4, 3)
    means = X[:2] + 0.5
    L = np.diag([1.0, 1.0, 0.0])  # singular: no bound can be stated for the products
    assert tied.factor_growth(L) == np.inf
    out, exact, _, _ = _distances(X, means, L)
    assert list(exact) == [0, 1]
    np.testing.assert_allclose(out, _reference_distances(X, means, L), rtol=1e-15)
