"""Building blocks of gmmlab.numerics.gaussian against SciPy and closed forms."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal

from gmmlab.numerics.gaussian import (
    covariances_from_precision_cholesky,
    log_gaussian_prob,
    precision_cholesky,
    precision_cholesky_from_precisions,
)

TYPES = ["full", "tied", "diag", "spherical"]


def _params(covariance_type, K=3, d=3, seed=0):
    rng = np.random.default_rng(seed)
    means = rng.normal(size=(K, d)) * 3
    A = rng.normal(size=(K, d, d))
    full = A @ A.transpose(0, 2, 1) + 0.5 * np.eye(d)
    cov = {
        "full": full,
        "tied": full[0],
        "diag": rng.uniform(0.2, 3.0, size=(K, d)),
        "spherical": rng.uniform(0.2, 3.0, size=K),
    }[covariance_type]
    return means, cov


def _as_full(cov, covariance_type, K, d):
    if covariance_type == "full":
        return cov
    if covariance_type == "tied":
        return np.broadcast_to(cov, (K, d, d))
    if covariance_type == "diag":
        return np.stack([np.diag(c) for c in cov])
    return np.stack([c * np.eye(d) for c in cov])


@pytest.mark.parametrize("covariance_type", TYPES)
def test_log_gaussian_prob_matches_scipy(covariance_type):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 3)) * 2
    means, cov = _params(covariance_type)
    got = log_gaussian_prob(X, means, precision_cholesky(cov, covariance_type), covariance_type)
    full = _as_full(cov, covariance_type, 3, 3)
    want = np.column_stack([multivariate_normal(means[k], full[k]).logpdf(X) for k in range(3)])
    assert got.shape == (50, 3)
    np.testing.assert_allclose(got, want, rtol=1e-10)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_precision_cholesky_round_trips(covariance_type):
    _, cov = _params(covariance_type)
    pc = precision_cholesky(cov, covariance_type)
    if covariance_type in ("full", "tied"):
        prec = pc @ np.swapaxes(pc, -1, -2)
        np.testing.assert_allclose(prec, np.linalg.inv(cov), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(pc, np.triu(pc))  # upper triangular
        again = precision_cholesky_from_precisions(prec, covariance_type)
        np.testing.assert_allclose(again, pc, rtol=1e-8, atol=1e-10)
    else:
        np.testing.assert_allclose(pc, 1 / np.sqrt(cov))
    back = covariances_from_precision_cholesky(pc, covariance_type)
    np.testing.assert_allclose(back, cov, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_not_positive_definite_names_covariances(covariance_type):
    _, cov = _params(covariance_type)
    bad = -np.asarray(cov)
    with pytest.raises(ValueError, match="covariances"):
        precision_cholesky(bad, covariance_type)
