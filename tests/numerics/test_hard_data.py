"""Fits on hard data against an independent, centred float64 EM (tests.numerics.centred_reference).

Both run the same fixed number of
iterations from the same explicit start; they must agree to 1e-8 relative.
"""

import warnings

import numpy as np
import pytest

from gmmlab import GaussianMixture
from gmmlab.numerics.fast import passes
from tests.numerics.centred_reference import as_full as _as_full
from tests.numerics.centred_reference import reference_em, reference_log_px
from tests.numerics.centred_reference import start as _start

TYPES = ["full", "tied", "diag", "spherical"]
N_ITER = 8
RTOL = 1e-8


def _clusters(rng, n, centers, spreads):
    labels = rng.integers(len(centers), size=n)
    return centers[labels] + rng.normal(size=(n, centers.shape[1])) * spreads[labels, None]


def _offset(rng, offset):
    X = _clusters(rng, 3000, np.array([[0.0, 0], [5, 1], [1, 6]]), np.ones(3)) + offset
    return X, X[[0, 1, 2]] + 0.5, 2.0


def _tight_far(rng):
    """The two clusters at 1e6, one of them with spread 1e-4."""
    X = _clusters(rng, 2000, np.array([[1e6, 1e6], [1e6 + 3, 1e6 - 2]]), np.array([1e-4, 1.0]))
    return X, np.array([[1e6 + 0.5, 1e6 - 0.5], [1e6 + 2, 1e6 - 1]]), 1.0


def _duplicates_outlier(rng):
    """300 duplicated zeros, values on a grid, one outlier at 1e7 (d = 1)."""
    X = np.concatenate([np.zeros(300), np.linspace(1, 50, 700), [1e7]])[:, None]
    return X, np.array([[0.5], [20.0], [40.0]]), 100.0


def _collinear(rng):
    A = _clusters(rng, 3000, np.array([[0.0, 0], [4, 4], [-4, 3]]), np.ones(3))
    X = np.column_stack([A, A[:, 0] + 2 * A[:, 1]])  # third feature = a combination of two
    return X, X[[0, 1, 2]] + 0.3, 2.0


def _scaled(rng, scale):
    X, means, var = _offset(rng, 0.0)
    return X * scale, means * scale, var * scale**2


CASES = {
    "offset 1e4": lambda rng: _offset(rng, 1e4),
    "offset 1e8": lambda rng: _offset(rng, 1e8),
    "tight far from origin": _tight_far,
    "duplicates and outlier": _duplicates_outlier,
    "collinear": _collinear,
    "scale 1e6": lambda rng: _scaled(rng, 1e6),
    "scale 1e-6": lambda rng: _scaled(rng, 1e-6),
}


@pytest.fixture
def many_small_chunks(monkeypatch):
    """Chunks of 64 samples, several blocks, on the thread pool: every merge is exercised."""
    monkeypatch.setattr(passes, "_MAX_ROWS", 64)
    monkeypatch.setattr(passes, "_PARALLEL_WORK", 1)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("ctype", TYPES)
def test_fit_equals_centred_reference(case, ctype, many_small_chunks):
    X, means, var = CASES[case](np.random.default_rng(3))
    K, d = means.shape
    start = _start(ctype, means, var)
    reg = 1e-6
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gm = GaussianMixture(K, covariance_type=ctype, tol=0.0, max_iter=N_ITER,
                             reg_covar=reg, **start).fit(X)
    cov0 = _as_full(np.linalg.inv(start["precisions_init"]) if ctype in ("full", "tied")
                    else 1 / start["precisions_init"], ctype, K, d)
    bound, w, mu, cov = reference_em(X, start["weights_init"], means, cov0, ctype, N_ITER, reg)
    spread = X.std(axis=0).max()
    np.testing.assert_allclose(gm.lower_bound_, bound, rtol=RTOL)
    np.testing.assert_allclose(gm.weights_, w, rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(gm.means_ - X.mean(axis=0), mu - X.mean(axis=0), rtol=RTOL,
                               atol=RTOL * spread)
    got_cov = _as_full(gm.covariances_, ctype, K, d)
    scale = np.abs(cov).max(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(got_cov / scale, cov / scale, rtol=RTOL, atol=RTOL)
    log_px = reference_log_px(X, gm.weights_, gm.means_, got_cov)
    np.testing.assert_allclose(gm.score_samples(X), log_px, rtol=RTOL, atol=RTOL)
