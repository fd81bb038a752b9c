"""The one-pass, multi-threaded EM iteration against the reference E-step and M-step."""

import itertools

import numpy as np
import pytest

from gmmlab.numerics.estep import e_step
from gmmlab.numerics.fast.fused import fused_pass, params_from_statistics
from gmmlab.numerics.fast.quadratic_forms import NaturalParameters, circulant_pairs
from gmmlab.numerics.gaussian import log_gaussian_prob, precision_cholesky
from gmmlab.numerics.mstep import m_step

TYPES = ["full", "tied", "diag", "spherical"]


def _problem(n, d, K, covariance_type, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + rng.integers(0, 4, size=(n, 1)) * 3.0
    resp0 = rng.dirichlet(np.ones(K), size=n)
    weights, means, cov = m_step(X, resp0, covariance_type)
    return X, weights, means, precision_cholesky(cov, covariance_type)


@pytest.mark.parametrize("D", range(1, 14))
def test_circulant_pairs_lists_every_pair_once(D):
    a, b = circulant_pairs(D)
    pairs = sorted(tuple(sorted(p)) for p in zip(a.tolist(), b.tolist()))
    assert pairs == list(itertools.combinations_with_replacement(range(D), 2))


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("d", [3, 4])  # y = (x, 1) has an even and an odd length
def test_features_times_coefficients_is_the_log_density(covariance_type, d):
    """W @ F(x) equals log pi_k + log N(x | mu_k, S_k) (tied: up to the shared term)."""
    n, K = 50, 3
    X, weights, means, pchol = _problem(n, d, K, covariance_type, seed=d)
    shift = X.mean(axis=0)
    params = NaturalParameters(weights, means, pchol, covariance_type, shift)
    ws = params.workspace(2, n // 2)
    np.subtract(X.reshape(2, n // 2, d).transpose(0, 2, 1), shift[:, None], out=ws.xc)
    F = params.features(ws)
    got = np.matmul(params.W, F).transpose(0, 2, 1).reshape(n, K)
    expected = log_gaussian_prob(X, means, pchol, covariance_type) + np.log(weights)
    if covariance_type == "tied":
        y = (X - shift) @ pchol
        got = got - 0.5 * (y * y).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(got, expected, rtol=1e-11, atol=1e-9)


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize(("n", "d", "K", "n_threads"), [
    (10000, 4, 3, None),  # one block, one tile per chunk
    (45001, 20, 10, 2),  # several blocks on two threads, several tiles per chunk, short tails
    (45001, 19, 10, 2),  # the same with y = (x, 1) of even length
])
def test_fused_pass_equals_reference_steps(covariance_type, n, d, K, n_threads):
    """The chunked, threaded pass gives the same E-step and M-step as the reference."""
    X, weights, means, pchol = _problem(n, d, K, covariance_type, seed=5)
    resp_ref, ll_ref = e_step(X, weights, means, pchol, covariance_type)
    resp = np.empty_like(resp_ref)
    logp = np.empty(len(X))
    labels = np.empty(len(X), dtype=np.intp)
    shift = X.mean(axis=0)
    ll, stats = fused_pass(X, weights, means, pchol, covariance_type, shift=shift,
                           resp_out=resp, logprob_out=logp, labels_out=labels,
                           n_threads=n_threads)
    np.testing.assert_allclose(ll, ll_ref, rtol=1e-12)
    np.testing.assert_allclose(resp, resp_ref, rtol=1e-9, atol=1e-250)
    clear = np.sort(resp_ref, axis=1)[:, -1] - np.sort(resp_ref, axis=1)[:, -2] > 1e-9
    np.testing.assert_array_equal(labels[clear], resp_ref.argmax(axis=1)[clear])
    weighted = log_gaussian_prob(X, means, pchol, covariance_type) + np.log(weights)
    top = weighted.max(axis=1)
    np.testing.assert_allclose(logp, top + np.log(np.exp(weighted - top[:, None]).sum(axis=1)),
                               rtol=1e-11)
    Xc = X - shift
    w, m, c, loss = params_from_statistics(stats, covariance_type, 1e-6, gram=Xc.T @ Xc,
                                           n_samples=len(X))
    w_ref, m_ref, c_ref = m_step(X, resp_ref, covariance_type)
    assert loss < 1e-12
    np.testing.assert_allclose(w, w_ref, rtol=1e-10)
    np.testing.assert_allclose(m, m_ref, rtol=1e-10)
    np.testing.assert_allclose(c, c_ref, rtol=1e-9)


def test_fused_pass_is_reproducible_to_the_bit():
    X, weights, means, pchol = _problem(45001, 20, 10, "full", seed=1)
    first = fused_pass(X, weights, means, pchol, "full", shift=X.mean(axis=0), n_threads=2)
    again = fused_pass(X, weights, means, pchol, "full", shift=X.mean(axis=0), n_threads=2)
    assert first[0] == again[0]
    for key in ("nk_raw", "s1", "s2"):
        np.testing.assert_array_equal(first[1][key], again[1][key])
