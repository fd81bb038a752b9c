"""Input checks used at the public boundary: every error names the parameter and what is expected."""

import numbers
from numbers import Integral, Real

import numpy as np
from sklearn.mixture import GaussianMixture as _SkGaussianMixture
from sklearn.utils._param_validation import Interval

__all__ = [
    "MIXTURE_CONSTRAINTS",
    "check_choice",
    "check_data",
    "check_float",
    "check_inits",
    "check_int",
    "check_means",
    "check_n_features",
    "check_precisions",
    "check_shape",
    "check_weights",
    "is_dask_array",
    "nonfinite_message",
]

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")

#: How the estimator chooses its starting responsibilities.
INIT_METHODS = ("kmeans", "k-means++", "random", "random_from_data")

#: GaussianMixture's parameters in scikit-learn's declarative form: ``_fit_context`` checks them
#: and raises ``InvalidParameterError`` (a ValueError and a TypeError) in scikit-learn's words.
MIXTURE_CONSTRAINTS = {
    "n_components": [Interval(Integral, 1, None, closed="left")],
    # scikit-learn's own option sets: its messages list a set's options in the set's iteration
    # order, which two equal sets built apart need not share
    "covariance_type": _SkGaussianMixture._parameter_constraints["covariance_type"],
    "tol": [Interval(Real, 0.0, None, closed="left")],
    "reg_covar": [Interval(Real, 0.0, None, closed="left")],
    "max_iter": [Interval(Integral, 0, None, closed="left")],
    "n_init": [Interval(Integral, 1, None, closed="left")],
    "init_params": _SkGaussianMixture._parameter_constraints["init_params"],
    "weights_init": ["array-like", None],
    "means_init": ["array-like", None],
    "precisions_init": ["array-like", None],
    "random_state": ["random_state"],
    "warm_start": ["boolean"],
    "verbose": ["verbose"],
    "verbose_interval": [Interval(Integral, 1, None, closed="left")],
    "snapshot_every": [Interval(Integral, 1, None, closed="left")],
}


def check_data(X, name="X", *, min_samples=1, n_features=None, estimator_name=None,
               dtypes=(np.float64,)):
    """Return ``X`` as a new-or-shared C-contiguous 2-D float array after checking it.

    The caller's array is never modified: the result is only a view of ``X`` when ``X``
    already has one of ``dtypes`` and is C-contiguous, and nothing in gmmlab writes into its
    input.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    name : str
        Parameter name used in error messages.
    min_samples : int
        Minimum number of rows.
    n_features : int or None
        Expected number of columns (checked when not None).
    estimator_name : str or None
        Used in the message about a wrong number of features.
    dtypes : tuple of numpy float dtypes
        Dtypes kept as they are; any other input is converted to ``dtypes[0]`` (as
        scikit-learn's ``check_array(dtype=[...])`` does).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), one of ``dtypes``
    """
    if hasattr(X, "toarray") or type(X).__module__.startswith("scipy.sparse"):
        raise TypeError(f"{name} must be a dense array; sparse input is not supported.")
    try:
        arr = np.asarray(X)
    except (TypeError, ValueError) as exc:  # ragged lists and similar
        raise ValueError(f"{name} must be a 2-D array of numbers; could not convert it ({exc}).")
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} must be real-valued: Complex data not supported.")
    if arr.dtype.kind in "OUSV":
        try:
            arr = arr.astype(np.float64)
        except TypeError as exc:  # e.g. a dict inside an object array
            raise TypeError(f"{name} must contain numbers: {exc}.") from None
        except ValueError as exc:  # e.g. a string that is not a number
            raise ValueError(f"{name} must contain numbers: {exc}.") from None
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must contain numbers, got dtype {arr.dtype}.")
    check_shape(arr.shape, name, min_samples=min_samples)
    dtype = arr.dtype if any(arr.dtype == np.dtype(t) for t in dtypes) else dtypes[0]
    arr = np.ascontiguousarray(arr, dtype=dtype)
    if not np.isfinite(arr).all():
        raise ValueError(nonfinite_message(name))
    check_n_features(arr.shape[1], n_features, estimator_name)
    return arr


def is_dask_array(X):
    """Whether ``X`` is a Dask array (told without importing Dask)."""
    return type(X).__module__.startswith("dask.") and hasattr(X, "chunks")


def check_shape(shape, name="X", *, min_samples=1):
    """Raise the error :func:`check_data` gives for a ``shape`` that is not (>= min_samples, >= 1).

    Shared with inputs that are not read here (a Dask array is checked by its shape only).
    """
    shape = tuple(shape)
    if len(shape) != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_samples, n_features), got {len(shape)}-D "
            f"input of shape {shape}. Reshape your data either using X.reshape(-1, 1) if "
            "your data has a single feature or X.reshape(1, -1) if it contains a single sample."
        )
    if shape[1] == 0:
        raise ValueError(
            f"{name} has 0 feature(s) (shape={shape}) while a minimum of 1 is required."
        )
    if shape[0] < min_samples:
        raise ValueError(
            f"{name} has n_samples = {shape[0]} sample(s) (shape={shape}) while a "
            f"minimum of {min_samples} is required."
        )


def check_n_features(got, n_features, estimator_name=None):
    """Raise when ``got`` features are given to a model fitted on ``n_features`` (None: any)."""
    if n_features is not None and got != n_features:
        who = estimator_name or "the model"
        raise ValueError(
            f"X has {got} features, but {who} is expecting {n_features} features as input."
        )


def nonfinite_message(name="X"):
    """The message for data holding NaN or infinity (the same in memory and on Dask)."""
    return f"{name} contains NaN or inf (infinity); remove or impute those values."


def check_int(value, name, *, minimum):
    """Check that ``value`` is an integer >= ``minimum`` and return it as ``int``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}.")
    return int(value)


def check_float(value, name, *, minimum=0.0):
    """Check that ``value`` is a finite real number >= ``minimum`` and return it as ``float``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number >= {minimum}, got {value!r}.")
    if not np.isfinite(value) or value < minimum:
        raise ValueError(f"{name} must be a finite number >= {minimum}, got {value!r}.")
    return float(value)


def check_choice(value, name, choices):
    """Check that ``value`` is one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}.")
    return value


def check_covariance_type(value, name="covariance_type"):
    """Check that ``value`` is one of :data:`COVARIANCE_TYPES`."""
    return check_choice(value, name, COVARIANCE_TYPES)


def _as_float_array(value, name):
    """A copy of ``value`` as float32 (when given in float32) or float64, checked finite."""
    try:
        arr = np.asarray(value)
        dtype = np.float32 if arr.dtype == np.float32 else np.float64
        arr = np.array(arr, dtype=dtype)  # always a copy
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers, got {value!r}.") from None
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf.")
    return arr


def _check_shape(arr, shape, label, name):
    """scikit-learn's shape message, followed by which argument it is about."""
    if arr.shape != tuple(shape):
        raise ValueError(
            f"The parameter '{label}' should have the shape of {tuple(shape)}, but got "
            f"{arr.shape} ({name} must have shape {tuple(shape)})."
        )


#: |sum(weights) - 1| allowed, by dtype: scikit-learn's tolerances.
_WEIGHT_SUM_ATOL = {np.dtype(np.float32): 1e-6, np.dtype(np.float64): 1e-8}


def check_weights(weights, n_components, name="weights_init"):
    """Return a copy of mixture weights of shape (n_components,), checked to sum to 1.

    The copy is float32 when ``weights`` is float32, float64 otherwise; the sum must be 1
    within 1e-6 (float32) or 1e-8 (float64), as in scikit-learn. Messages begin with
    scikit-learn's wording.
    """
    w = _as_float_array(weights, name)
    _check_shape(w, (n_components,), "weights", name)
    if (w < 0).any() or (w > 1).any():
        raise ValueError(
            f"The parameter 'weights' should be in the range [0, 1], but got min value "
            f"{w.min():.5f}, max value {w.max():.5f} ({name} must hold probabilities)."
        )
    if abs(1.0 - float(w.sum(dtype=np.float64))) > _WEIGHT_SUM_ATOL[w.dtype]:
        raise ValueError(
            f"The parameter 'weights' should be normalized, but got sum(weights) = "
            f"{w.sum():.5f} ({name} must sum to 1; divide it by its sum)."
        )
    return w


def check_means(means, n_components, n_features, name="means_init"):
    """Return a copy (float32 if given float32, else float64) of means (n_components, n_features)."""
    m = _as_float_array(means, name)
    _check_shape(m, (n_components, n_features), "means", name)
    return m


def check_precisions(precisions, covariance_type, n_components, n_features,
                     name="precisions_init"):
    """Return a copy of precisions in scikit-learn's shape, checked positive definite.

    Shapes: full (n_components, n_features, n_features), tied (n_features, n_features),
    diag (n_components, n_features), spherical (n_components,). Float32 stays float32.
    Messages begin with scikit-learn's wording (``'full precision' should be ...``).
    """
    p = _as_float_array(precisions, name)
    shapes = {
        "full": (n_components, n_features, n_features),
        "tied": (n_features, n_features),
        "diag": (n_components, n_features),
        "spherical": (n_components,),
    }
    label = f"{covariance_type} precision"
    _check_shape(p, shapes[covariance_type], label, name)
    if covariance_type in ("full", "tied"):
        mats = p.reshape(-1, n_features, n_features)
        symmetric = np.isclose(mats, np.swapaxes(mats, -1, -2)).all()
        if not symmetric or not (np.linalg.eigvalsh(mats) > 0).all():
            raise ValueError(
                f"'{label}' should be symmetric, positive-definite ({name} must hold "
                "symmetric, positive-definite matrices)."
            )
    elif (p <= 0).any():
        raise ValueError(
            f"'{label}' should be positive ({name} must be positive, got min {p.min()!r})."
        )
    return p


def check_inits(weights_init, means_init, precisions_init, covariance_type, n_components,
                n_features):
    """The ``*_init`` arguments checked: ``(weights, means, precisions)``, None where not given."""
    w = None if weights_init is None else check_weights(weights_init, n_components)
    m = None if means_init is None else check_means(means_init, n_components, n_features)
    p = None
    if precisions_init is not None:
        p = check_precisions(precisions_init, covariance_type, n_components, n_features)
    return w, m, p
