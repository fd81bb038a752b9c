"""A fit of float32 data computes in float32 and is as accurate as float32 allows, or falls back.

Each case fits the same float32 numbers twice from the same explicit start, as float32 and as
float64, for ten iterations, and compares.  What float32 may lose (see
``gmmlab.numerics.fast.precision``): each product and sum of a pass is rounded at
``eps32 = 1.2e-7`` relative to its terms, so the lower bound (a mean of log-densities) and the
weights move by a few eps32, and a precision matrix by about ``kappa eps32`` where ``kappa`` is
the condition number of its correlation matrix; the stored attributes are float32 themselves
(a mean at 1e6 is rounded by up to 0.03).  EM carries each iteration's rounding into the next,
so ten iterations may multiply a bound by up to ten; the tolerances are that times 10 for the
parameters, and the single-pass bound times 10 for the lower bound, weights and means.
Data whose ``kappa`` exceeds ``MAX_KAPPA_FLOAT32`` must give the float64 fit, rounded to float32.
"""

import warnings

import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

from gmmlab import GaussianMixture
from gmmlab.numerics.fast import passes, precision
from gmmlab.numerics.fast.precision import correlation_condition, pass_dtype, split_means

TYPES = ["full", "tied", "diag", "spherical"]
EPS32 = float(np.finfo(np.float32).eps)
K, D = 4, 8


def _data(mixing=0.0, offset=0.0, n=20_000, seed=0):
    """Four clusters in d = 8; ``mixing`` correlates the features (x -> x (I + mixing 11^T))."""
    rng = np.random.default_rng(seed)
    X = rng.normal(scale=5.0, size=(K, D))[rng.integers(K, size=n)] + rng.normal(size=(n, D))
    X = X @ (np.eye(D) + mixing * np.ones((D, D))) + offset
    return X.astype(np.float32)


def _fits(X32, ctype):
    """(float32 fit, float64 fit) of the same numbers from the same start."""
    X64 = X32.astype(np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g0 = GaussianMixture(K, covariance_type=ctype, max_iter=1, random_state=0).fit(X64)
        start = {"weights_init": g0.weights_, "means_init": g0.means_,
                 "precisions_init": g0.precisions_}
        fits = [GaussianMixture(K, covariance_type=ctype, max_iter=10, tol=0.0, **start).fit(X)
                for X in (X32, X64)]
    return fits


def _rel(a, b):
    """Largest difference per component relative to the component's largest entry."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    axes = tuple(range(1, b.ndim)) if b.ndim > 1 else None
    scale = np.abs(b).max(axis=axes, keepdims=True) if axes else np.abs(b)
    return float((np.abs(a - b) / scale).max())


CASES = {"well separated": {}, "offset 1e6": {"offset": 1e6}, "correlated": {"mixing": 3.0}}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("ctype", TYPES)
def test_float32_fit_is_within_float32_accuracy_of_the_float64_fit(case, ctype):
    X32 = _data(**CASES[case])
    f32, f64 = _fits(X32, ctype)
    kappa = max(correlation_condition(f64.precisions_cholesky_, ctype), 1.0)
    assert kappa <= precision.MAX_KAPPA_FLOAT32  # this case computes in float32 ...
    expected = np.float32 if ctype == "full" else np.float64  # ... or by products (float64)
    assert pass_dtype(X32.dtype, f64.precisions_cholesky_, ctype, D) == expected
    for name in ("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"):
        assert getattr(f32, name).dtype == np.float32, name
    np.testing.assert_allclose(f32.lower_bound_, f64.lower_bound_, rtol=10 * EPS32)
    np.testing.assert_allclose(f32.weights_, f64.weights_, rtol=0, atol=10 * EPS32)
    spread = X32.astype(np.float64).std(axis=0).max()
    atol = EPS32 * np.abs(f64.means_).max() + 10 * EPS32 * kappa * spread
    np.testing.assert_allclose(f32.means_, f64.means_, rtol=0, atol=atol)
    assert _rel(f32.covariances_, f64.covariances_) <= 100 * EPS32 * kappa
    assert _rel(f32.precisions_, f64.precisions_) <= 100 * EPS32 * kappa


@pytest.mark.parametrize("ctype", ["full", "diag"])
def test_float32_predictions_match_a_float64_evaluation_of_the_same_model(ctype):
    """score_samples / predict_proba of the float32 model against SciPy on its parameters."""
    X32 = _data(offset=1e6)
    f32, _ = _fits(X32, ctype)
    X = X32.astype(np.float64)
    covs = f32.covariances_.astype(np.float64)
    covs = covs if ctype == "full" else np.stack([np.diag(c) for c in covs])
    # SciPy on the data centred on each mean (its own formula, in float64)
    cols = [np.log(float(f32.weights_[k])) + multivariate_normal(np.zeros(D), covs[k]).logpdf(
        X - f32.means_[k].astype(np.float64)) for k in range(K)]
    logp = np.column_stack(cols)
    want = logsumexp(logp, axis=1)
    got = f32.score_samples(X32)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=10 * EPS32, atol=10 * EPS32 * np.abs(want).max())
    resp = f32.predict_proba(X32)
    np.testing.assert_allclose(resp, np.exp(logp - want[:, None]), rtol=0, atol=1e-5)


@pytest.mark.parametrize("ctype", ["full", "tied"])
def test_ill_conditioned_float32_data_falls_back_to_float64(ctype):
    """kappa ~ 1e6: float32 would lose ~10 % of the precisions; the pass runs in float64."""
    X32 = _data(mixing=100.0)
    f32, f64 = _fits(X32, ctype)
    assert correlation_condition(f64.precisions_cholesky_, ctype) > precision.MAX_KAPPA_FLOAT32
    assert pass_dtype(X32.dtype, f64.precisions_cholesky_, ctype) == np.float64
    assert f32.means_.dtype == np.float32
    # the float64 computation on the same numbers, only stored in float32
    assert f32.lower_bound_ == np.float32(f64.lower_bound_)
    for name in ("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"):
        np.testing.assert_array_equal(getattr(f32, name),
                                      getattr(f64, name).astype(np.float32), err_msg=name)


@pytest.mark.parametrize("ctype", ["full"])
def test_without_the_fallback_float32_would_be_wrong_or_fail(ctype, monkeypatch):
    """The fallback is needed: computed in float32 the same fit is off or raises.

    (Tied passes always compute in float64, by products: fast.tied.)"""
    X32 = _data(mixing=100.0)
    monkeypatch.setattr(precision, "MAX_KAPPA_FLOAT32", np.inf)
    try:
        f32, f64 = _fits(X32, ctype)
    except ValueError as err:  # float32 scatter no longer positive definite
        assert "ill-defined empirical covariance" in str(err)
        return
    assert _rel(f32.precisions_, f64.precisions_) > 1e-3


def test_means_far_from_the_origin_keep_their_digits_in_float32():
    """hi + lo carries a mean at 1e6 to ~1e-14 relative; x - hi - lo is exact near the mean."""
    rng = np.random.default_rng(5)
    means = 1e6 + rng.normal(size=(3, 2))
    pchol = np.full((3, 2), 100.0)  # spread 0.01: float32 rounding of the mean alone is 3 sigma
    hi, lo = split_means(means, pchol, "diag", np.float32)
    assert hi.dtype == lo.dtype == np.float32
    np.testing.assert_allclose(hi.astype(np.float64) + lo, means, rtol=1e-14)
    assert split_means(means, pchol, "diag", np.float64)[1] is None
    near = split_means(rng.normal(size=(3, 2)), np.ones((3, 2)), "diag", np.float32)
    assert near[1] is None  # near the origin the rest is below float32's own rounding


def test_float32_pass_statistics_at_an_offset(monkeypatch):
    """One pass with tiny chunks: the centred statistics of float32 data at 1e6 are float32
    accurate relative to the spread (not to the offset)."""
    monkeypatch.setattr(passes, "_MAX_ROWS", 64)
    X32 = _data(offset=1e6, n=4000)
    f64 = _fits(X32, "full")[1]
    args = (f64.weights_, f64.means_, f64.precisions_cholesky_, "full")
    ll32, s32 = passes.em_pass(X32, *args)
    ll64, s64 = passes.em_pass(X32.astype(np.float64), *args)
    np.testing.assert_allclose(ll32, ll64, rtol=10 * EPS32)
    np.testing.assert_allclose(s32.mean - 1e6, s64.mean - 1e6, rtol=0, atol=1e-4)
    assert _rel(s32.scatter, s64.scatter) <= 100 * EPS32
