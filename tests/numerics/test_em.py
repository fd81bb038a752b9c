"""E-step and M-step building blocks against closed forms and scikit-learn's estimators."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

from gmmlab.numerics.estep import e_step
from gmmlab.numerics.gaussian import precision_cholesky
from gmmlab.numerics.mstep import m_step

TYPES = ["full", "tied", "diag", "spherical"]


def _data(n=400, d=3, K=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + rng.integers(0, 4, size=(n, 1)) * 3.0
    resp = rng.dirichlet(np.ones(K), size=n)
    return X, resp


def test_e_step_closed_form():
    X, _ = _data()
    rng = np.random.default_rng(3)
    weights = np.array([0.1, 0.2, 0.3, 0.4])
    means = rng.normal(size=(4, 3)) * 3
    covs = np.stack([np.eye(3) * s for s in (0.5, 1, 2, 4)])
    resp, ll = e_step(X, weights, means, precision_cholesky(covs, "full"), "full")
    dens = np.column_stack([w * multivariate_normal(m, c).pdf(X)
                            for w, m, c in zip(weights, means, covs)])
    np.testing.assert_allclose(resp, dens / dens.sum(axis=1, keepdims=True), rtol=1e-9)
    np.testing.assert_allclose(ll, np.log(dens.sum(axis=1)).sum(), rtol=1e-12)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_m_step_matches_scikit_learn(covariance_type):
    X, resp = _data()
    weights, means, cov = m_step(X, resp, covariance_type, reg_covar=1e-3)
    nk, means_ref, cov_ref = _estimate_gaussian_parameters(X, resp, 1e-3, covariance_type)
    np.testing.assert_allclose(weights, nk / nk.sum(), rtol=1e-12)
    np.testing.assert_allclose(means, means_ref, rtol=1e-12)
    np.testing.assert_allclose(cov, cov_ref, rtol=1e-10)


def test_m_step_full_closed_form():
    X, resp = _data()
    _, means, cov = m_step(X, resp, "full", reg_covar=0.0)
    for k in range(resp.shape[1]):
        w = resp[:, k]
        np.testing.assert_allclose(means[k], np.average(X, axis=0, weights=w), rtol=1e-10)
        np.testing.assert_allclose(cov[k], np.cov(X.T, aweights=w, bias=True), rtol=1e-9)
