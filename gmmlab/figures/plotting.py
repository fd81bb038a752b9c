"""Figures that show Gaussian mixtures and EM at work; each returns what it drew, never shows it.

Every function takes ``ax=None`` (a new figure is made when it is ``None``) and returns the
``Axes`` (``plot_snapshots`` returns a ``Figure``). A title and axis labels are set when the axes
do not already have them, so a caller may set its own first. Colours come from ``PALETTE``, the
colour-blind-safe Okabe-Ito palette; component ``k`` is ``PALETTE[k % 8]``.

Covariances use scikit-learn's shapes for ``n_components`` K and ``n_features`` d:
``"full"`` (K, d, d), ``"tied"`` (d, d), ``"diag"`` (K, d), ``"spherical"`` (K,).
"""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..numerics.estep import responsibilities
from .drawing import (
    PALETTE,
    as_array,
    check_dims,
    component_colors,
    component_proxies,
    covariance_blocks,
    decorate,
    draw_ellipses,
    feature_label,
    mix_colors,
    new_ax,
)

__all__ = [
    "PALETTE",
    "plot_convergence",
    "plot_density_1d",
    "plot_ellipses",
    "plot_fitted",
    "plot_model_selection",
    "plot_responsibilities",
    "plot_samples",
    "plot_snapshots",
]


# ----------------------------------------------------------------------------- public figures
def plot_ellipses(means, covariances, covariance_type="full", *, weights=None, n_std=2.0,
                  ax=None, colors=None, label=None, dims=(0, 1), style=None, show_means=True):
    """Draw the ``n_std``-sigma ellipse and the mean of every component.

    Parameters
    ----------
    means : array-like of shape (n_components, n_features)
    covariances : array-like
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    weights : array-like of shape (n_components,), optional
        Mixing weights: heavier components get a more opaque fill and a legend entry showing it.
    n_std : float, default=2.0
        Mahalanobis radius of the ellipses.
    ax : matplotlib Axes, optional
    colors : list of colours, optional
        Defaults to ``PALETTE``.
    label : str, optional
        Legend entry for the ellipses as a group; by default one entry per component.
    dims : pair of int, default=(0, 1)
        The two features to draw when ``n_features > 2``.
    style : dict, optional
        Patch properties that replace the defaults, e.g. ``{"fill": False, "linestyle": "--"}``.
    show_means : bool, default=True
        Mark each mean with a cross.

    Returns
    -------
    ax : matplotlib Axes
        With one patch per component in ``ax.patches``: a circle of radius ``n_std`` mapped
        onto the ellipse by ``x -> mean + A x`` with ``A A^T = cov`` (its transform).
    """
    ax = new_ax(ax)
    draw_ellipses(ax, means, covariances, covariance_type, weights, n_std, colors, label, dims,
                  patch_style=style, mean_markers=show_means)
    decorate(ax, f"{n_std:g}-sigma ellipses ({covariance_type} covariances)",
             feature_label(dims[0]), feature_label(dims[1]))
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_responsibilities(X, resp, *, means=None, covariances=None, covariance_type="full",
                          ax=None, n_std=2.0, dims=(0, 1)):
    """Scatter the points coloured by their responsibilities (soft colours), with optional ellipses.

    A point's colour is the mix of the component colours weighted by its responsibilities: a
    point shared 50/50 between a blue and an orange component is drawn in between.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    resp : array-like of shape (n_samples, n_components)
        Non-negative rows that sum to 1 (e.g. ``predict_proba(X)``).
    means : array-like of shape (n_components, n_features), optional
        Drawn as markers.
    covariances : array-like, optional
        In scikit-learn's shape for ``covariance_type``; draws ``n_std``-sigma ellipses (needs
        ``means``).
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    ax : matplotlib Axes, optional
    n_std : float, default=2.0
    dims : pair of int, default=(0, 1)
        The two features to draw when ``n_features > 2``.

    Returns
    -------
    ax : matplotlib Axes
    """
    X = as_array(X, "X", ndim=2)
    resp = as_array(resp, "resp", ndim=2)
    if resp.shape[0] != X.shape[0]:
        raise ValueError(f"resp must have one row per sample of X ({X.shape[0]}), "
                         f"got {resp.shape[0]}")
    if np.any(resp < -1e-12) or not np.allclose(resp.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError("resp must hold probabilities: non-negative rows that sum to 1")
    if covariances is not None and means is None:
        raise ValueError("means must be given with covariances (the ellipses are centred on them)")
    dims = check_dims(dims, X.shape[1])
    ax = new_ax(ax)
    ax.scatter(X[:, dims[0]], X[:, dims[1]], c=mix_colors(resp), s=14, linewidths=0, zorder=2)
    component_proxies(ax, resp.shape[1])
    if covariances is not None:
        draw_ellipses(ax, means, covariances, covariance_type, None, n_std, None,
                      f"{n_std:g}-sigma ellipses", dims)
    elif means is not None:
        means = as_array(means, "means", shape=(resp.shape[1], X.shape[1]))
        ax.scatter(means[:, dims[0]], means[:, dims[1]], marker="X", s=90,
                   c=component_colors(len(means)), edgecolors="black", zorder=3,
                   label="component means")
    decorate(ax, "Points coloured by responsibility", feature_label(dims[0]),
             feature_label(dims[1]))
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_fitted(model, X, ax=None):
    """Points coloured by a fitted mixture's responsibilities, with its 2-sigma ellipses.

    Parameters
    ----------
    model : fitted GaussianMixture (gmmlab's or scikit-learn's)
    X : array-like of shape (n_samples, n_features)
        At least two features; the first two are drawn.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    return plot_responsibilities(X, model.predict_proba(X), means=model.means_,
                                 covariances=model.covariances_,
                                 covariance_type=model.covariance_type, ax=ax)


def plot_convergence(log_likelihoods, *, ax=None, title=None):
    """The total log-likelihood after every EM iteration.

    Parameters
    ----------
    log_likelihoods : array-like of shape (n_iterations + 1,)
        Entry ``i`` is the log-likelihood after ``i`` iterations (entry 0: initial parameters),
        e.g. ``model.history_["log_likelihood"]``.
    ax : matplotlib Axes, optional
    title : str, optional
        Defaults to "Convergence of EM".

    Returns
    -------
    ax : matplotlib Axes
    """
    ll = as_array(log_likelihoods, "log_likelihoods", ndim=1)
    if ll.size == 0:
        raise ValueError("log_likelihoods must hold at least one value")
    ax = new_ax(ax, figsize=(6.0, 3.8))
    ax.plot(np.arange(ll.size), ll, marker="o" if ll.size <= 60 else None, markersize=4,
            color=PALETTE[0], label="total log-likelihood")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if title is not None:
        ax.set_title(title)
    decorate(ax, "Convergence of EM", "EM iteration", "total log-likelihood")
    return ax


def check_snapshots(snapshots, covariance_type, n_features):
    """Check a list of snapshot dicts (keys, shapes, finiteness) before anything is drawn."""
    if not isinstance(snapshots, (list, tuple)) or len(snapshots) == 0:
        raise ValueError("snapshots must be a non-empty list of dicts (history_['snapshots'])")
    for i, snap in enumerate(snapshots):
        if not isinstance(snap, dict):
            raise TypeError(f"snapshots[{i}] must be a dict, got {type(snap).__name__}")
        missing = {"iteration", "weights", "means", "covariances"} - set(snap)
        if missing:
            raise ValueError(f"snapshots[{i}] lacks the keys {sorted(missing)}")
        means = as_array(snap["means"], f"snapshots[{i}]['means']", ndim=2)
        if means.shape[1] != n_features:
            raise ValueError(f"snapshots[{i}]['means'] must have {n_features} columns like X, "
                             f"got shape {means.shape}")
        as_array(snap["weights"], f"snapshots[{i}]['weights']", shape=(means.shape[0],))
        covariance_blocks(snap["covariances"], covariance_type, *means.shape, [0, 0])
    return snapshots


def draw_snapshot(ax, X, snapshot, covariance_type="full", n_std=2.0, dims=(0, 1)):
    """Draw one EM snapshot on ``ax``: points in soft colours and ``n_std``-sigma ellipses.

    Used by :func:`plot_snapshots` and by the animation; returns the ellipse patches.
    """
    weights = as_array(snapshot["weights"], "weights", ndim=1)
    patches = draw_ellipses(ax, snapshot["means"], snapshot["covariances"], covariance_type,
                            weights, n_std, None, None, dims)
    resp = responsibilities(X, weights, np.asarray(snapshot["means"], dtype=np.float64),
                                 np.asarray(snapshot["covariances"], dtype=np.float64),
                                 covariance_type)
    ax.scatter(X[:, dims[0]], X[:, dims[1]], c=mix_colors(resp), s=8, linewidths=0, zorder=2)
    return patches


def plot_snapshots(X, snapshots, *, covariance_type="full", n_std=2.0, ncols=3, dims=(0, 1)):
    """A grid of EM snapshots: one panel each, soft colours and ``n_std``-sigma ellipses.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    snapshots : list of dict
        Each with ``"iteration"`` (int), ``"weights"`` (K,), ``"means"`` (K, d) and
        ``"covariances"`` (scikit-learn shape), as in ``model.history_["snapshots"]``.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    n_std : float, default=2.0
    ncols : int, default=3
        Panels per row.
    dims : pair of int, default=(0, 1)

    Returns
    -------
    fig : matplotlib Figure
        One Axes per snapshot, titled "iteration <i>", in ``fig.axes``.
    """
    X = as_array(X, "X", ndim=2)
    snapshots = check_snapshots(snapshots, covariance_type, X.shape[1])
    if isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    dims = check_dims(dims, X.shape[1])
    n = len(snapshots)
    ncols = min(int(ncols), n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.3 * ncols, 3.1 * nrows + 0.6),
                             sharex=True, sharey=True, squeeze=False, layout="constrained")
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            fig.delaxes(ax)
            continue
        snap = snapshots[i]
        ax.set_title(f"iteration {int(snap['iteration'])}")
        draw_snapshot(ax, X, snap, covariance_type, n_std, dims)
        if i + ncols >= n:  # lowest panel of its column
            ax.set_xlabel(feature_label(dims[0]))
        if i % ncols == 0:
            ax.set_ylabel(feature_label(dims[1]))
    K = np.asarray(snapshots[-1]["means"]).shape[0]
    handles = [plt.Line2D([], [], ls="", marker="o", color=c) for c in component_colors(K)]
    fig.legend(handles, [f"component {k + 1}" for k in range(K)], loc="outside lower center",
               ncol=min(K, 6), fontsize="small")
    fig.suptitle(f"EM snapshots with {n_std:g}-sigma ellipses ({covariance_type} covariances)")
    return fig


def plot_density_1d(x, weights, means, variances, *, ax=None):
    """Histogram of 1-D data with the mixture density and its weighted components.

    Parameters
    ----------
    x : array-like of shape (n_samples,) or (n_samples, 1)
    weights : array-like of shape (n_components,)
    means : array-like of shape (n_components,) or (n_components, 1)
    variances : array-like of shape (n_components,), (n_components, 1) or (n_components, 1, 1)
        Any scikit-learn covariance shape of a 1-D model.
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes
        Lines: the mixture density, then ``weights[k] * N(x | means[k], variances[k])``.
    """
    x = as_array(x, "x")
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must have shape (n_samples,) or (n_samples, 1), got {x.shape}")
    weights = as_array(weights, "weights", ndim=1)
    K = weights.size
    means = as_array(means, "means")
    variances = as_array(variances, "variances")
    if means.size != K:
        raise ValueError(f"means must hold one value per component ({K}), got shape {means.shape}")
    if variances.size != K:
        raise ValueError(f"variances must hold one value per component ({K}), "
                         f"got shape {variances.shape}")
    means, variances = means.reshape(K), variances.reshape(K)
    if np.any(variances <= 0):
        raise ValueError("variances must be positive")
    sd = np.sqrt(variances)
    lo = min(x.min(), (means - 4 * sd).min())
    hi = max(x.max(), (means + 4 * sd).max())
    grid = np.linspace(lo, hi, 500)
    comps = weights * np.exp(-0.5 * (grid[:, None] - means) ** 2 / variances) / np.sqrt(
        2 * np.pi * variances)  # (500, K)
    ax = new_ax(ax, figsize=(6.5, 4.0))
    bins = min(60, len(np.histogram_bin_edges(x, bins="auto")) - 1)
    ax.hist(x, bins=bins, density=True, color="#BBBBBB", edgecolor="white", label="data")
    ax.plot(grid, comps.sum(axis=1), color="black", linewidth=2.2, label="mixture density")
    for k, color in enumerate(component_colors(K)):
        ax.plot(grid, comps[:, k], color=color, linestyle="--", linewidth=1.8,
                label=f"component {k + 1} (weight {weights[k]:.2f})")
    decorate(ax, "Mixture density and its weighted components", "x", "density")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_model_selection(n_components, bic, aic=None, *, ax=None):
    """BIC (and AIC) against the number of components, marking each minimum.

    Parameters
    ----------
    n_components : array-like of int, shape (n_models,)
    bic : array-like of shape (n_models,)
    aic : array-like of shape (n_models,), optional
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes
        Lower is better; the minimum of each criterion is marked with a star.
    """
    ks = as_array(n_components, "n_components", ndim=1)
    if ks.size == 0:
        raise ValueError("n_components must hold at least one value")
    ax = new_ax(ax, figsize=(6.0, 4.0))
    curves = [("BIC", bic, "o", PALETTE[0])]
    if aic is not None:
        curves.append(("AIC", aic, "s", PALETTE[1]))
    for name, values, marker, color in curves:
        values = as_array(values, name.lower(), shape=ks.shape)
        best = int(np.argmin(values))
        ax.plot(ks, values, marker=marker, color=color, label=name)
        ax.plot(ks[best], values[best], ls="", marker="*", markersize=18, color=color,
                markeredgecolor="black", label=f"lowest {name} (K = {ks[best]:g})")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    title = "BIC and AIC against K" if aic is not None else "BIC against K"
    decorate(ax, title, "number of components K", "criterion (lower is better)")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_samples(X, samples, *, ax=None, dims=(0, 1)):
    """The data next to samples drawn from a fitted model, in one axes.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    samples : array-like of shape (m, n_features), or the tuple ``(samples, labels)`` that
        ``model.sample(m)`` returns
    ax : matplotlib Axes, optional
    dims : pair of int, default=(0, 1)
        The two features to draw; with one feature, two overlaid histograms are drawn.

    Returns
    -------
    ax : matplotlib Axes
    """
    if (isinstance(samples, tuple) and len(samples) == 2 and np.ndim(samples[0]) == 2
            and np.ndim(samples[1]) == 1 and len(samples[0]) == len(samples[1])):
        samples = samples[0]  # the (samples, labels) pair returned by model.sample(m)
    X = as_array(X, "X", ndim=(1, 2))
    S = as_array(samples, "samples", ndim=(1, 2))
    X, S = X.reshape(len(X), -1), S.reshape(len(S), -1)
    if X.shape[1] != S.shape[1]:
        raise ValueError(f"samples must have {X.shape[1]} features like X, got {S.shape[1]}")
    ax = new_ax(ax)
    data_label, sample_label = f"data (n = {len(X)})", f"model samples (n = {len(S)})"
    if X.shape[1] == 1:
        bins = np.histogram_bin_edges(np.concatenate([X[:, 0], S[:, 0]]), bins=40)
        ax.hist(X[:, 0], bins=bins, density=True, alpha=0.6, color=PALETTE[0], label=data_label)
        ax.hist(S[:, 0], bins=bins, density=True, alpha=0.6, color=PALETTE[1], label=sample_label)
        decorate(ax, "Data and samples from the model", "x", "density")
    else:
        dims = check_dims(dims, X.shape[1])
        ax.scatter(X[:, dims[0]], X[:, dims[1]], s=12, alpha=0.6, color=PALETTE[0],
                   label=data_label)
        ax.scatter(S[:, dims[0]], S[:, dims[1]], s=16, marker="x", color=PALETTE[5],
                   label=sample_label)
        decorate(ax, "Data and samples from the model", feature_label(dims[0]),
                 feature_label(dims[1]))
    ax.legend(loc="best", fontsize="small")
    return ax
