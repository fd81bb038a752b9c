"""The chunked pass: same bits with any number of threads, float32 kept, k-means arguments."""

import warnings

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from gmmlab import GaussianMixture
from gmmlab.numerics.estep import e_step
from gmmlab.numerics.fast import passes
from gmmlab.numerics.gaussian import log_gaussian_prob, precision_cholesky
from gmmlab.numerics.mstep import m_step

TYPES = ["full", "tied", "diag", "spherical"]


def _data(n=30_000, d=5, K=4, seed=0):
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=4.0, size=(K, d))
    return centers[rng.integers(K, size=n)] + rng.normal(size=(n, d))


@pytest.mark.parametrize("ctype", TYPES)
def test_same_bits_with_one_two_and_four_threads(ctype, monkeypatch):
    """Chunks and blocks depend on n and the chunk size only, never on the core count."""
    X = _data()
    monkeypatch.setattr(passes, "_PARALLEL_WORK", 1)  # always use the pool
    fits = []
    for threads in (1, 2, 4):
        monkeypatch.setattr(passes, "n_threads", threads)
        with threadpool_limits(limits=threads), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gm = GaussianMixture(4, covariance_type=ctype, max_iter=5, tol=0.0,
                                 random_state=0).fit(X)
            fits.append((gm, gm.score_samples(X), gm.predict_proba(X)))
    first = fits[0]
    for other in fits[1:]:
        assert other[0].lower_bound_ == first[0].lower_bound_
        for name in ("weights_", "means_", "covariances_", "precisions_cholesky_"):
            np.testing.assert_array_equal(getattr(other[0], name), getattr(first[0], name))
        np.testing.assert_array_equal(other[1], first[1])
        np.testing.assert_array_equal(other[2], first[2])


@pytest.mark.parametrize("ctype", TYPES)
def test_float32_in_float32_out(ctype):
    """float32 data: the kernels compute and return float32, within float32 accuracy."""
    X64 = _data(n=5000, d=8)
    X32 = X64.astype(np.float32)
    rng = np.random.default_rng(1)
    resp = rng.dirichlet(np.ones(4), size=len(X64))
    w32, m32, c32 = m_step(X32, resp, ctype)
    w64, m64, c64 = m_step(X32.astype(np.float64), resp, ctype)
    assert w32.dtype == m32.dtype == c32.dtype == np.float32
    np.testing.assert_allclose(m32, m64, rtol=1e-5, atol=1e-5)
    p32, p64 = precision_cholesky(c32, ctype), precision_cholesky(c64, ctype)
    assert p32.dtype == np.float32
    lp32 = log_gaussian_prob(X32, m32, p32, ctype)
    lp64 = log_gaussian_prob(X32.astype(np.float64), m64, p64, ctype)
    assert lp32.dtype == np.float32
    np.testing.assert_allclose(lp32, lp64, rtol=1e-4, atol=1e-3)
    r32, ll32 = e_step(X32, w32, m32, p32, ctype)
    r64, ll64 = e_step(X32.astype(np.float64), w64, m64, p64, ctype)
    assert r32.dtype == np.float32
    np.testing.assert_allclose(ll32, ll64, rtol=1e-5)
    out = np.empty(len(X32), dtype=np.float32)
    ll, stats = passes.em_pass(X32, w32, m32, p32, ctype, logprob_out=out)
    np.testing.assert_allclose(ll, ll64, rtol=1e-5)
    np.testing.assert_allclose(stats.mean, (r64.T @ X64) / r64.sum(0)[:, None], rtol=1e-4,
                               atol=1e-4)


def _centred_reference(X, weights, means, covs, ctype):
    """Log-likelihood, N_k, weighted means and scatter about them, from SciPy densities."""
    from scipy.special import logsumexp
    from scipy.stats import multivariate_normal

    K, d = means.shape
    full = {"full": lambda k: covs[k], "tied": lambda k: covs,
            "diag": lambda k: np.diag(covs[k]), "spherical": lambda k: covs[k] * np.eye(d)}
    logp = np.column_stack([np.log(weights[k]) + multivariate_normal(means[k], full[ctype](k))
                            .logpdf(X) for k in range(K)])
    total = logsumexp(logp, axis=1)
    resp = np.exp(logp - total[:, None])
    nk = resp.sum(axis=0)
    m = resp.T @ X / nk[:, None]
    scatter = np.stack([(resp[:, k, None] * (X - m[k])).T @ (X - m[k]) for k in range(K)])
    return total.sum(), nk, m, scatter


@pytest.mark.parametrize("ctype", TYPES)
@pytest.mark.parametrize("group", [1, 2, 5])
def test_pass_statistics_for_every_group_size_match_a_centred_reference(ctype, group,
                                                                        monkeypatch):
    """Components one, two or all five at a time (small vs large data) give the same pass."""
    rng = np.random.default_rng(3)
    K, d = 5, 4
    X = _data(n=700, d=d, K=K, seed=3) + 1e5  # far from the origin as well
    means = X[rng.choice(len(X), K, replace=False)]
    covs = {"full": np.stack([np.cov(X.T) * s for s in (0.5, 1, 2, 1, 0.7)]),
            "tied": np.cov(X.T), "diag": np.var(X, axis=0) * rng.uniform(0.5, 2, (K, d)),
            "spherical": rng.uniform(5, 20, K)}[ctype]
    weights = rng.dirichlet(np.ones(K))
    monkeypatch.setattr(passes, "group_size", lambda n, d, K: group)
    monkeypatch.setattr(passes, "_MAX_ROWS", 128)  # several chunks
    monkeypatch.setattr(passes, "_MIN_ROWS", 128)
    ll, stats = passes.em_pass(X, weights, means, precision_cholesky(covs, ctype), ctype)
    ref_ll, nk, m, scatter = _centred_reference(X, weights, means, covs, ctype)
    np.testing.assert_allclose(ll, ref_ll, rtol=1e-10)
    np.testing.assert_allclose(stats.nk, nk, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(stats.mean, m, rtol=1e-12)
    expected = {"full": scatter, "tied": scatter.sum(axis=0),
                "diag": np.diagonal(scatter, axis1=1, axis2=2),
                "spherical": np.trace(scatter, axis1=1, axis2=2)}[ctype]
    np.testing.assert_allclose(stats.scatter, expected, rtol=1e-8, atol=1e-8 * np.abs(expected).max())
    assert stats.pairs == K * -(-len(X) // 128)


def test_group_size_keeps_buffers_within_the_data_and_all_components_on_large_data():
    assert passes.group_size(150, 4, 3) == 1  # Iris
    assert passes.group_size(1797, 64, 10) == 1  # digits
    assert passes.group_size(100_000, 32, 16) == 16
    assert passes.group_size(100_000, 2, 5) == 5
    for n, d, K in [(150, 4, 3), (1797, 64, 10), (5000, 2, 5), (100_000, 32, 16)]:
        rows = min(passes.chunk_rows(d, K), n)
        g = passes.group_size(n, d, K)
        assert g == 1 or 2 * g * rows * d <= n * (d + K) / 4
