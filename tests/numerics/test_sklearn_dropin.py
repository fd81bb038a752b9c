"""gmmlab.GaussianMixture behaves as scikit-learn's at the API: errors, starts, dtypes, names.

Every expectation is scikit-learn's own behaviour, measured here on the same input.
"""

import re
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture as SkGaussianMixture
from sklearn.utils._param_validation import InvalidParameterError

from gmmlab import GaussianMixture

TYPES = ["full", "tied", "diag", "spherical"]
INITS = ["kmeans", "k-means++", "random", "random_from_data"]


def _data(n=200, d=2, seed=0):
    rng = np.random.RandomState(seed)
    centres = np.array([[0.0] * d, [4.0] * d, [0.0] * (d - 1) + [6.0]])
    return rng.randn(n, d) + centres[rng.randint(0, 3, size=n)]


def _error(cls, X, **kw):
    try:
        cls(**kw).fit(X)
    except Exception as exc:  # noqa: BLE001 - the error itself is what is compared
        return exc
    return None


@pytest.mark.parametrize("params", [
    {"n_components": 2.0}, {"n_components": 0}, {"max_iter": 1.5}, {"tol": "1e-3"},
    {"tol": -1.0}, {"reg_covar": -1.0}, {"n_init": 0}, {"covariance_type": "banana"},
    {"init_params": "banana"}, {"random_state": -1}, {"random_state": "x"},
    {"random_state": np.random.default_rng(0)}, {"verbose": -1}, {"warm_start": 1},
    {"verbose_interval": 0},
])
def test_bad_parameters_raise_scikit_learns_error(params):
    X = _data()
    ours, theirs = _error(GaussianMixture, X, **params), _error(SkGaussianMixture, X, **params)
    assert isinstance(theirs, InvalidParameterError)
    assert type(ours) is type(theirs)
    assert isinstance(ours, ValueError) and isinstance(ours, TypeError)
    assert str(ours) == str(theirs)


def test_snapshot_every_is_validated_the_same_way():
    with pytest.raises(InvalidParameterError, match="'snapshot_every' parameter"):
        GaussianMixture(snapshot_every=0).fit(_data())


@pytest.mark.parametrize("init_params", INITS)
@pytest.mark.parametrize("covariance_type", TYPES)
def test_same_random_state_gives_scikit_learns_fit(init_params, covariance_type):
    X = _data(d=3, seed=1)
    kw = {"n_components": 3, "init_params": init_params, "covariance_type": covariance_type,
          "random_state": 7}  # n_init=1: two starts reaching one optimum would tie
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours, theirs = GaussianMixture(**kw).fit(X), SkGaussianMixture(**kw).fit(X)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.converged_ == theirs.converged_
    np.testing.assert_allclose(ours.lower_bound_, theirs.lower_bound_, rtol=1e-10)
    # The first bound of a one-hot start is about -1e7; scikit-learn's expanded formula for it
    # loses digits that gmmlab's keeps.
    np.testing.assert_allclose(ours.lower_bounds_, theirs.lower_bounds_, rtol=1e-6)
    np.testing.assert_allclose(ours.means_, theirs.means_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.weights_, theirs.weights_, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("init_params", ["k-means++", "random_from_data"])
def test_one_hot_starts_have_scikit_learns_first_lower_bound(init_params):
    """Their start weights are N_k / n_samples (summing to K / n), as in scikit-learn."""
    X = _data()
    kw = {"n_components": 3, "init_params": init_params, "random_state": 0, "max_iter": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours, theirs = GaussianMixture(**kw).fit(X), SkGaussianMixture(**kw).fit(X)
    np.testing.assert_allclose(ours.lower_bound_, theirs.lower_bound_, rtol=1e-12)


@pytest.mark.parametrize("max_iter, tol", [(1, 1e-3), (2, 1e-3), (3, 10.0), (5, 0.0), (0, 1e-3)])
def test_convergence_bookkeeping_follows_scikit_learn(max_iter, tol):
    X = _data(n=30, seed=3)
    kw = {"n_components": 2, "max_iter": max_iter, "tol": tol, "random_state": 0, "n_init": 3}
    found = {}
    for cls in (GaussianMixture, SkGaussianMixture):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gm = cls(**kw).fit(X)
        warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
        found[cls] = (gm.n_iter_, gm.converged_, warned, np.isinf(gm.lower_bound_))
    assert found[GaussianMixture] == found[SkGaussianMixture]


def test_warm_start_follows_scikit_learn():
    X = _data(seed=4)
    kw = {"n_components": 3, "warm_start": True, "max_iter": 2, "random_state": 0}
    ours, theirs = GaussianMixture(**kw), SkGaussianMixture(**kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(4):
            ours.fit(X)
            theirs.fit(X)
            assert (ours.n_iter_, ours.converged_) == (theirs.n_iter_, theirs.converged_)
            np.testing.assert_allclose(ours.lower_bound_, theirs.lower_bound_, rtol=1e-10)


def test_warm_start_refit_needs_two_samples_as_in_scikit_learn():
    X = _data()
    gm = GaussianMixture(2, warm_start=True, random_state=0).fit(X)
    with pytest.raises(ValueError, match="minimum of 2"):
        gm.fit(X[:1])
    with pytest.raises(ValueError, match="minimum of 2"):
        SkGaussianMixture(2, warm_start=True, random_state=0).fit(X).fit(X[:1])


def test_warm_start_with_other_features_names_the_problem():
    """scikit-learn fails here inside a matrix product; gmmlab says what is wrong."""
    gm = GaussianMixture(2, warm_start=True, random_state=0).fit(_data())
    with pytest.raises(ValueError, match="X has 3 features, but GaussianMixture is expecting 2"):
        gm.fit(_data(d=3))


@pytest.mark.parametrize("covariance_type", TYPES)
def test_float32_is_kept_as_scikit_learn_keeps_it(covariance_type):
    X = _data(d=3).astype(np.float32)
    kw = {"n_components": 2, "covariance_type": covariance_type, "random_state": 0}
    ours, theirs = GaussianMixture(**kw).fit(X), SkGaussianMixture(**kw).fit(X)
    for name in ("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"):
        assert getattr(ours, name).dtype == getattr(theirs, name).dtype == np.float32, name
    assert type(ours.lower_bound_) is type(theirs.lower_bound_)
    for method in ("predict_proba", "score_samples", "predict"):
        assert getattr(ours, method)(X).dtype == getattr(theirs, method)(X).dtype, method
    for a, b in zip(ours.sample(5), theirs.sample(5)):
        assert a.dtype == b.dtype
    np.testing.assert_allclose(ours.means_, theirs.means_, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("dtype", [np.int64, np.float16])
def test_other_dtypes_become_float64(dtype):
    X = np.round(_data() * 4).astype(dtype)
    gm = GaussianMixture(2, random_state=0).fit(X)
    assert gm.means_.dtype == SkGaussianMixture(2, random_state=0).fit(X).means_.dtype


def test_float32_weights_init_within_scikit_learns_tolerance():
    X = _data().astype(np.float32)
    weights = np.random.RandomState(4).rand(3).astype(np.float32)
    weights /= weights.sum()
    off = abs(float(weights.sum(dtype=np.float64)) - 1.0)
    assert 1e-8 < off < 1e-6  # beyond the float64 tolerance, within the float32 one
    GaussianMixture(3, weights_init=weights, random_state=0).fit(X)
    SkGaussianMixture(3, weights_init=weights, random_state=0).fit(X)
    with pytest.raises(ValueError, match="should be normalized"):
        GaussianMixture(3, weights_init=weights.astype(np.float64), random_state=0).fit(X)
    with pytest.raises(ValueError, match="should be normalized"):
        GaussianMixture(3, weights_init=np.array([0.1, 0.2, 0.7 + 1e-5]), random_state=0).fit(X)


@pytest.mark.parametrize("params, pattern", [
    ({"weights_init": np.full((3, 1), 1 / 3)}, "The parameter 'weights' should have the shape of"),
    ({"weights_init": [0.5, 0.25, 0.3]}, "The parameter 'weights' should be normalized"),
    ({"means_init": np.zeros((4, 2))}, "The parameter 'means' should have the shape of"),
    ({"precisions_init": np.ones((4, 2, 2))},
     "The parameter 'full precision' should have the shape of"),
    ({"precisions_init": -np.stack([np.eye(2)] * 3)},
     "'full precision' should be symmetric, positive-definite"),
    ({"covariance_type": "diag", "precisions_init": -np.ones((3, 2))},
     "'diag precision' should be positive"),
])
def test_init_errors_have_scikit_learns_wording_and_name_the_argument(params, pattern):
    X = _data()
    kw = {"n_components": 3, **params}
    theirs = _error(SkGaussianMixture, X, **kw)
    assert re.search(re.escape(pattern), str(theirs))
    with pytest.raises(ValueError, match=re.escape(pattern)) as err:
        GaussianMixture(**kw).fit(X)
    name = next(k for k in params if k.endswith("_init"))
    assert name in str(err.value)


def test_weights_out_of_range_are_reported_correctly():
    weights = np.array([1.2, -0.1, -0.1])
    with pytest.raises(ValueError, match=r"min value -0\.10000, max value 1\.20000") as err:
        GaussianMixture(3, weights_init=weights).fit(_data())
    assert "should be in the range [0, 1]" in str(err.value)


def test_collapsed_components_get_scikit_learns_message():
    X = np.vstack([np.ones((5, 3)), np.zeros((5, 3))])
    text = ("Fitting the mixture model failed because some components have ill-defined "
            "empirical covariance")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(ValueError, match=text):
            SkGaussianMixture(10, reg_covar=0, random_state=0).fit(X)
        with pytest.raises(ValueError, match=text):
            GaussianMixture(10, reg_covar=0, random_state=0).fit(X)


def test_sample_error_as_scikit_learn():
    gm = GaussianMixture(2, random_state=0).fit(_data())
    with pytest.raises(ValueError, match="Invalid value for 'n_samples'"):
        gm.sample(0)


def test_feature_names_as_scikit_learn():
    pd = pytest.importorskip("pandas")
    X = _data()
    frame = pd.DataFrame(X, columns=["height", "width"])
    seen = {}
    for cls in (GaussianMixture, SkGaussianMixture):
        gm = cls(2, random_state=0).fit(frame)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gm.predict(X)
            cls(2, random_state=0).fit(X).predict(frame)
        seen[cls] = (list(gm.feature_names_in_), [str(w.message) for w in caught
                                                   if issubclass(w.category, UserWarning)])
    assert seen[GaussianMixture] == seen[SkGaussianMixture]
    assert len(seen[GaussianMixture][1]) == 2
    assert not hasattr(GaussianMixture(2, random_state=0).fit(X), "feature_names_in_")
