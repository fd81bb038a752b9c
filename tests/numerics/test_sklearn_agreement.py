"""gmmlab.GaussianMixture gives scikit-learn's numbers for the same data, start and iterations."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture as SkGaussianMixture

from gmmlab import GaussianMixture

TYPES = ["full", "tied", "diag", "spherical"]
RTOL = 1e-6


def _synthetic():
    rng = np.random.default_rng(42)
    parts = [
        rng.normal(size=(250, 2)),
        rng.normal(size=(150, 2)) @ np.array([[1.5, 0.9], [0.0, 0.4]]) + [5.0, 1.0],
        rng.normal(scale=0.6, size=(100, 2)) + [1.0, 6.0],
    ]
    return np.vstack(parts)


def _faithful():
    try:
        from gmmlab.datasets import load
    except ImportError:  # pragma: no cover - the loader ships with the package
        pytest.skip("gmmlab.datasets.load is not available")
    X, _ = load("faithful")
    return X


DATASETS = {
    "synthetic": _synthetic,
    "iris": lambda: load_iris().data,
    "faithful": _faithful,
}


def _start(X, K, covariance_type, seed):
    """Explicit, data-dependent initial parameters (shared by both implementations)."""
    rng = np.random.default_rng(seed)
    means = X[rng.choice(len(X), size=K, replace=False)]
    weights = rng.dirichlet(np.full(K, 5.0))
    P = np.linalg.inv(np.cov(X.T))
    prec = {
        "full": np.stack([P * s for s in np.linspace(0.8, 1.5, K)]),
        "tied": P,
        "diag": np.outer(np.linspace(0.8, 1.5, K), np.diag(P)),
        "spherical": np.linspace(0.8, 1.5, K) * np.mean(np.diag(P)),
    }[covariance_type]
    return {"weights_init": weights, "means_init": means, "precisions_init": prec}


def _fit_both(X, K, covariance_type, max_iter, seed=0):
    kw = dict(n_components=K, covariance_type=covariance_type, max_iter=max_iter, tol=0.0,
              **_start(X, K, covariance_type, seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = GaussianMixture(**kw).fit(X)
        ref = SkGaussianMixture(**kw).fit(X)
    return ours, ref


@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("covariance_type", TYPES)
def test_agrees_with_scikit_learn(dataset, covariance_type):
    X = DATASETS[dataset]()
    ours, ref = _fit_both(X, 3, covariance_type, max_iter=40)
    assert ours.n_iter_ == ref.n_iter_ == 40
    np.testing.assert_allclose(ours.weights_, ref.weights_, rtol=RTOL)
    np.testing.assert_allclose(ours.means_, ref.means_, rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(ours.covariances_, ref.covariances_, rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(ours.precisions_, ref.precisions_, rtol=RTOL, atol=1e-10)
    np.testing.assert_allclose(ours.precisions_cholesky_, ref.precisions_cholesky_,
                               rtol=RTOL, atol=1e-10)
    np.testing.assert_allclose(ours.lower_bound_, ref.lower_bound_, rtol=RTOL)
    np.testing.assert_allclose(ours.lower_bounds_, ref.lower_bounds_, rtol=RTOL)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=RTOL,
                               atol=1e-12)
    np.testing.assert_allclose(ours.score_samples(X), ref.score_samples(X), rtol=RTOL)
    np.testing.assert_allclose(ours.score(X), ref.score(X), rtol=RTOL)
    np.testing.assert_allclose(ours.bic(X), ref.bic(X), rtol=RTOL)
    np.testing.assert_allclose(ours.aic(X), ref.aic(X), rtol=RTOL)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("covariance_type", TYPES)
def test_convergence_rule_and_lower_bound_match(covariance_type):
    """Same stopping iteration with tol > 0, and lower_bound_ is the mean log-likelihood."""
    X = _synthetic()
    kw = dict(n_components=3, covariance_type=covariance_type, tol=1e-4, max_iter=500,
              **_start(X, 3, covariance_type, 1))
    ours = GaussianMixture(**kw).fit(X)
    ref = SkGaussianMixture(**kw).fit(X)
    assert ours.converged_ and ref.converged_
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(ours.lower_bound_, ref.lower_bound_, rtol=RTOL)
    # history_: total log-likelihood before each M-step, then after the last one
    hist = ours.history_["log_likelihood"]
    assert hist.shape == (ours.n_iter_ + 1,)
    np.testing.assert_allclose(hist[:-1] / len(X), ref.lower_bounds_, rtol=RTOL)
    np.testing.assert_allclose(hist[-1] / len(X), ref.score(X), rtol=RTOL)


@pytest.mark.parametrize("init_params", ["random", "random_from_data"])
@pytest.mark.parametrize("covariance_type", TYPES)
def test_random_initialisations_draw_like_scikit_learn(init_params, covariance_type):
    """With the same seed, the random initialisations consume the generator identically."""
    X = load_iris().data
    kw = {"n_components": 3, "covariance_type": covariance_type, "init_params": init_params,
              "random_state": 7, "max_iter": 25, "tol": 0.0, "n_init": 2}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = GaussianMixture(**kw).fit(X)
        ref = SkGaussianMixture(**kw).fit(X)
    np.testing.assert_allclose(ours.means_, ref.means_, rtol=RTOL)
    np.testing.assert_allclose(ours.lower_bound_, ref.lower_bound_, rtol=RTOL)


def test_warm_start_continues_like_scikit_learn():
    X = _synthetic()
    kw = dict(n_components=3, max_iter=5, tol=0.0, warm_start=True, **_start(X, 3, "full", 2))
    ours, ref = GaussianMixture(**kw), SkGaussianMixture(**kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(3):
            ours.fit(X)
            ref.fit(X)
    np.testing.assert_allclose(ours.means_, ref.means_, rtol=RTOL)
    np.testing.assert_allclose(ours.lower_bound_, ref.lower_bound_, rtol=RTOL)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_sample_matches_scikit_learn(covariance_type):
    X = _synthetic()
    ours, ref = _fit_both(X, 3, covariance_type, max_iter=10)
    ours.set_params(random_state=3)
    ref.set_params(random_state=3)
    Xo, yo = ours.sample(500)
    Xr, yr = ref.sample(500)
    np.testing.assert_array_equal(yo, yr)
    np.testing.assert_allclose(Xo, Xr, rtol=1e-6, atol=1e-8)
