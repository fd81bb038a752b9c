"""Bad input gets a clear error naming the parameter; hard data never produces NaN or inf."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from gmmlab import GaussianMixture

TYPES = ["full", "tied", "diag", "spherical"]
X_OK = np.random.default_rng(0).normal(size=(50, 2))


@pytest.mark.parametrize(
    "X, match",
    [
        (np.array([[1.0, np.nan], [0.0, 1.0], [2.0, 2.0]]), "NaN"),
        (np.array([[1.0, np.inf], [0.0, 1.0], [2.0, 2.0]]), "inf"),
        (np.empty((0, 2)), "n_samples"),
        (np.arange(5.0), "2-D"),
        (np.zeros((3, 2, 2)), "2-D"),
        (np.array([["a", "b"], ["c", "d"]]), "numbers"),
        (np.empty((5, 0)), "feature"),
    ],
)
def test_bad_data(X, match):
    with pytest.raises(ValueError, match=match) as err:
        GaussianMixture(1).fit(X)
    assert "X" in str(err.value)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"n_components": 0}, "n_components"),
        ({"n_components": 2.5}, "n_components"),
        ({"tol": -1.0}, "tol"),
        ({"reg_covar": -1e-6}, "reg_covar"),
        ({"covariance_type": "banana"}, "covariance_type"),
        ({"init_params": "banana"}, "init_params"),
        ({"max_iter": -1}, "max_iter"),
        ({"n_init": 0}, "n_init"),
        ({"weights_init": [0.5, 0.6]}, "weights_init"),
        ({"weights_init": [0.5, 0.25, 0.25]}, "weights_init"),
        ({"means_init": np.zeros((3, 2))}, "means_init"),
        ({"precisions_init": np.ones((2, 2))}, "precisions_init"),
        ({"precisions_init": -np.stack([np.eye(2)] * 2)}, "precisions_init"),
        ({"random_state": "x"}, "random_state"),
    ],
)
def test_bad_parameters_are_named(params, match):
    kw = {"n_components": 2, **params}
    with pytest.raises((ValueError, TypeError), match=match):
        GaussianMixture(**kw).fit(X_OK)


def test_too_few_samples():
    with pytest.raises(ValueError, match="n_components"):
        GaussianMixture(5).fit(X_OK[:3])


def test_wrong_number_of_features_at_predict():
    gm = GaussianMixture(2, random_state=0).fit(X_OK)
    with pytest.raises(ValueError, match="features"):
        gm.predict(np.zeros((3, 5)))


def test_caller_arrays_are_not_modified():
    X = np.random.default_rng(1).normal(size=(100, 2)).astype(np.float64)
    means = X[:2].copy()
    weights = np.array([0.5, 0.5])
    prec = np.stack([np.eye(2)] * 2)
    copies = [a.copy() for a in (X, means, weights, prec)]
    gm = GaussianMixture(2, means_init=means, weights_init=weights, precisions_init=prec)
    gm.fit(X)
    gm.predict_proba(X)
    gm.score_samples(X)
    for a, b in zip((X, means, weights, prec), copies):
        np.testing.assert_array_equal(a, b)


def _hard_sets():
    rng = np.random.default_rng(3)
    base = rng.normal(size=(200, 2)) + np.repeat([[0, 0], [6, 6]], 100, axis=0)
    t = rng.normal(size=(150, 1))
    return {
        "duplicates": np.repeat(rng.normal(size=(4, 2)), 50, axis=0),
        "all_identical": np.ones((30, 2)),
        "collinear": np.hstack([t, 2 * t + 1]),
        "scaled_up": base * 1e6,
        "scaled_down": base * 1e-6,
        "shifted_far": base + 1e7,
        "duplicates_far": np.repeat(rng.normal(size=(3, 2)), 40, axis=0) * 1e6 + 1e6,
        "float32": base.astype(np.float32),
        "one_dimensional": base[:, :1],
    }


@pytest.mark.parametrize("name", list(_hard_sets()))
@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("K", [1, 3])
def test_hard_data_gives_finite_results(name, covariance_type, K):
    X = _hard_sets()[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm = GaussianMixture(K, covariance_type=covariance_type, random_state=0,
                             max_iter=50).fit(X)
    for arr in (gm.weights_, gm.means_, gm.covariances_, gm.precisions_cholesky_,
                gm.history_["log_likelihood"], gm.predict_proba(X), gm.score_samples(X)):
        assert np.isfinite(arr).all()
    assert np.isfinite(gm.bic(X)) and np.isfinite(gm.lower_bound_)


def test_empty_component_stays_finite():
    """A component started far from all data loses every point but stays finite."""
    X = np.random.default_rng(0).normal(size=(100, 2))
    gm = GaussianMixture(2, means_init=[[0.0, 0.0], [1e3, 1e3]], random_state=0, max_iter=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(X)
    assert gm.weights_[1] < 1e-10
    for arr in (gm.weights_, gm.means_, gm.covariances_, gm.predict_proba(X)):
        assert np.isfinite(arr).all()


def test_non_convergence_warns():
    with pytest.warns(ConvergenceWarning):
        GaussianMixture(3, max_iter=1, random_state=0).fit(X_OK)
