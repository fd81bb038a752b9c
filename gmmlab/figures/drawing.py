"""Drawing primitives shared by the figure modules: palette, input checks, soft colours, ellipses."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import Circle
from matplotlib.transforms import Affine2D

from ..numerics.validation import check_covariance_type

#: Okabe-Ito colours (Okabe & Ito, 2008), ordered so that neighbours contrast well on white.
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
]


# ----------------------------------------------------------------------------- input checks
def as_array(value, name, ndim=None, shape=None):
    """``value`` as a float64 array, checked for finiteness, ``ndim`` and ``shape``."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a numeric array") from None
    if ndim is not None and arr.ndim not in np.atleast_1d(ndim):
        wanted = " or ".join(f"{k}-D" for k in np.atleast_1d(ndim))
        raise ValueError(f"{name} must be a {wanted} array, got shape {arr.shape}")
    if shape is not None and arr.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return arr


def check_dims(dims, n_features):
    """``dims`` as a list of two valid feature indices."""
    if len(dims) != 2 or not all(0 <= int(j) < n_features for j in dims):
        raise ValueError(f"dims must be two feature indices below n_features={n_features}, "
                         f"got {dims}")
    return [int(j) for j in dims]


def covariance_blocks(covariances, covariance_type, n_components, n_features, dims):
    """Per-component (2, 2) covariance of the features ``dims``: a list of K matrices."""
    check_covariance_type(covariance_type)
    K, d = n_components, n_features
    expected = {"full": (K, d, d), "tied": (d, d), "diag": (K, d), "spherical": (K,)}
    cov = as_array(covariances, "covariances", shape=expected[covariance_type])
    sub = np.ix_(dims, dims)
    if covariance_type == "full":
        return [cov[k][sub] for k in range(K)]
    if covariance_type == "tied":
        return [cov[sub]] * K
    if covariance_type == "diag":
        return [np.diag(cov[k, dims]) for k in range(K)]
    return [cov[k] * np.eye(2) for k in range(K)]


def ellipse_transform(mean, cov):
    """The affine map ``x -> mean + A x`` with ``A A^T = cov``: it takes the circle of radius
    ``r`` at the origin to the ``r``-sigma ellipse of N(mean, cov), for every ``r``.

    Parameters
    ----------
    mean : ndarray of shape (2,)
    cov : ndarray of shape (2, 2)
        Symmetric positive semi-definite (a zero variance gives a flat ellipse).

    Returns
    -------
    matplotlib.transforms.Affine2D
        In data coordinates; add ``ax.transData`` to draw with it.
    """
    from scipy.linalg import sqrtm

    if not np.allclose(cov, cov.T, rtol=1e-8, atol=1e-12 * max(np.abs(cov).max(), 1e-300)):
        raise ValueError("the covariance must be symmetric")
    if np.linalg.eigvalsh(cov)[0] < -1e-12 * max(np.abs(cov).max(), 1e-300):
        raise ValueError("the covariance must be positive semi-definite")
    with warnings.catch_warnings():  # a flat ellipse (a zero variance) is drawn as a segment
        warnings.simplefilter("ignore")
        root = np.real(sqrtm(0.5 * (cov + cov.T)))
    matrix = np.eye(3)
    matrix[:2, :2], matrix[:2, 2] = root, mean
    return Affine2D(matrix)


def set_ellipse(patch, ax, mean, cov):
    """Map a circle patch of radius ``n_std`` (see :func:`draw_ellipses`) onto the ``n_std``-sigma
    ellipse of N(mean, cov)."""
    patch.set_transform(ellipse_transform(mean, cov) + ax.transData)


# ----------------------------------------------------------------------------- small helpers
def new_ax(ax, figsize=(6.0, 4.8)):
    """``ax``, or the axes of a new figure when it is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def decorate(ax, title, xlabel, ylabel):
    """Set title and axis labels where the axes have none yet."""
    if not ax.get_title():
        ax.set_title(title)
    if not ax.get_xlabel():
        ax.set_xlabel(xlabel)
    if not ax.get_ylabel():
        ax.set_ylabel(ylabel)


def component_colors(n_components, colors=None):
    """One colour per component, cycling through ``colors`` (default ``PALETTE``)."""
    colors = PALETTE if colors is None else list(colors)
    if len(colors) == 0:
        raise ValueError("colors must hold at least one colour")
    return [colors[k % len(colors)] for k in range(n_components)]


def mix_colors(resp, colors=None):
    """RGB colour (n, 3) of every point: palette colours mixed by its responsibilities."""
    rgb = np.array([to_rgb(c) for c in component_colors(resp.shape[1], colors)])
    return np.clip(resp @ rgb, 0.0, 1.0)


def component_proxies(ax, n_components, colors=None):
    """Invisible markers that give the legend one entry per component colour."""
    for k, color in enumerate(component_colors(n_components, colors)):
        ax.plot([], [], ls="", marker="o", color=color, label=f"component {k + 1}")


def feature_label(j):
    """Axis label of feature ``j`` (0-based): x_1, x_2, ..."""
    return f"$x_{{{j + 1}}}$"


def draw_ellipses(ax, means, covariances, covariance_type, weights, n_std, colors, label, dims,
                  patch_style=None, mean_markers=True):
    """Draw one n-sigma ellipse and a mean marker per component; return the patches.

    Each ellipse is a circle of radius ``n_std`` drawn through :func:`ellipse_transform`, the
    map ``x -> mean + A x`` with ``A A^T = cov``: it is exactly the set of points at
    Mahalanobis distance ``n_std``. ``patch_style`` overrides the patches' style (for example
    ``{"fill": False, "linestyle": "--"}``).
    """
    means = as_array(means, "means", ndim=2)
    K, d = means.shape
    dims = check_dims(dims, d)
    blocks = covariance_blocks(covariances, covariance_type, K, d, dims)
    if weights is not None:
        weights = as_array(weights, "weights", shape=(K,))
        if np.any(weights < 0):
            raise ValueError("weights must be non-negative")
    if not (isinstance(n_std, (int, float, np.number)) and n_std > 0):
        raise ValueError(f"n_std must be a positive number, got {n_std!r}")
    cols = component_colors(K, colors)
    patches = []
    for k in range(K):
        alpha = 0.25 if weights is None else 0.08 + 0.32 * weights[k] / max(weights.max(), 1e-300)
        if label is None:
            text = f"component {k + 1}" + ("" if weights is None else f" (weight {weights[k]:.2f})")
        else:
            text = label if k == 0 else "_nolegend_"
        style = {"facecolor": (*to_rgb(cols[k]), alpha), "edgecolor": cols[k], "linewidth": 2,
                 **(patch_style or {})}
        patch = Circle((0.0, 0.0), radius=n_std, label=text, **style)
        ax.add_patch(patch)
        try:
            set_ellipse(patch, ax, means[k, dims], blocks[k])
        except ValueError as exc:
            raise ValueError(f"covariances of component {k}: {exc}") from None
        # the extent of the ellipse, for autoscaling (the patch itself is drawn in data units)
        half = n_std * np.sqrt(np.clip(np.diag(blocks[k]), 0.0, None))
        ax.update_datalim([means[k, dims] - half, means[k, dims] + half])
        patches.append(patch)
    if mean_markers:
        ax.scatter(means[:, dims[0]], means[:, dims[1]], marker="X", s=90, c=cols,
                   edgecolors="black", linewidths=0.8, zorder=3, label="component means")
    ax.autoscale_view()
    return patches
