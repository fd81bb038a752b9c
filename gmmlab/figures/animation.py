"""An animation of EM on 2-D data that plays in a static web page (no kernel needed)."""

import re

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

from ..numerics.estep import responsibilities
from .drawing import (
    as_array,
    check_dims,
    component_colors,
    covariance_blocks,
    draw_ellipses,
    feature_label,
    mix_colors,
    set_ellipse,
)
from .plotting import check_snapshots

__all__ = ["animate_em", "animation_html"]

# matplotlib's player draws its buttons with an icon font fetched from a CDN; these plain
# characters (present in common fonts) replace the icons so that the page needs no network.
_BUTTON_GLYPHS = {
    "fa fa-minus": "&minus;",
    "fa fa-fast-backward": "|&#9664;",
    "fa fa-step-backward": "&#9665;",
    "fa fa-play fa-flip-horizontal": "&#9664;",
    "fa fa-pause": "&#10074;&#10074;",
    "fa fa-play": "&#9654;",
    "fa fa-step-forward": "&#9655;",
    "fa fa-fast-forward": "&#9654;|",
    "fa fa-plus": "+",
}


def _frame_data(X, snap, covariance_type, dims):
    """Point colours (n, 3), means (K, 2), (2, 2) covariances and fill opacities of one snapshot."""
    weights = np.asarray(snap["weights"], dtype=np.float64)
    means = np.asarray(snap["means"], dtype=np.float64)
    covs = np.asarray(snap["covariances"], dtype=np.float64)
    resp = responsibilities(X, weights, means, covs, covariance_type)
    blocks = covariance_blocks(covs, covariance_type, *means.shape, dims)
    alphas = 0.08 + 0.32 * weights / max(weights.max(), 1e-300)
    return mix_colors(resp), means[:, dims], blocks, alphas


def animate_em(X, history, *, covariance_type="full", interval=400, n_std=2.0, dims=(0, 1)):
    """Animate the EM snapshots of a fit: soft colours and ``n_std``-sigma ellipses per frame.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the model was fitted to (``n_features >= 2``).
    history : dict
        ``model.history_``: ``"snapshots"``, a list of dicts with ``"iteration"``, ``"weights"``
        (K,), ``"means"`` (K, d) and ``"covariances"`` (scikit-learn shape); optionally
        ``"log_likelihood"`` (n_iterations + 1,), shown in the frame titles.
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    interval : int, default=400
        Delay between frames in milliseconds.
    n_std : float, default=2.0
    dims : pair of int, default=(0, 1)
        The two features to draw.

    Returns
    -------
    anim : matplotlib.animation.FuncAnimation
        One frame per snapshot. In a notebook or the book, show it with
        ``IPython.display.HTML(animation_html(anim))`` (or ``anim.to_jshtml()``, whose button
        icons need the network): the frames are embedded as PNG images and the player is
        plain JavaScript. ``anim.draw_frame(i)`` draws frame ``i`` by hand. The
        figure is closed in pyplot so that it is not also shown as a static image.

    Examples
    --------
    >>> model = gmmlab.GaussianMixture(3, snapshot_every=1, random_state=0).fit(X)  # doctest: +SKIP
    >>> HTML(animation_html(animate_em(X, model.history_)))  # doctest: +SKIP
    """
    X = as_array(X, "X", ndim=2)
    dims = check_dims(dims, X.shape[1])
    if not isinstance(history, dict) or "snapshots" not in history:
        raise ValueError("history must be a dict with a 'snapshots' list (model.history_)")
    snapshots = check_snapshots(history["snapshots"], covariance_type, X.shape[1])
    K = np.shape(snapshots[0]["means"])[0]
    if any(np.shape(s["means"])[0] != K for s in snapshots):
        raise ValueError("history['snapshots'] must all have the same number of components")
    if isinstance(interval, bool) or not isinstance(interval, (int, float, np.number)) or not (
            interval > 0):
        raise ValueError(f"interval must be a positive number of milliseconds, got {interval!r}")
    lls = history.get("log_likelihood")
    lls = None if lls is None else np.asarray(lls, dtype=np.float64).ravel()

    fig, ax = plt.subplots(figsize=(6.6, 4.4), dpi=72)
    first = snapshots[0]
    patches = draw_ellipses(ax, first["means"], first["covariances"], covariance_type,
                            np.asarray(first["weights"], dtype=np.float64), n_std, None,
                            f"{n_std:g}-sigma ellipses", dims)
    means_marker = ax.collections[-1]
    points = ax.scatter(X[:, dims[0]], X[:, dims[1]], s=8, linewidths=0, zorder=2)
    for k, color in enumerate(component_colors(K)):
        ax.plot([], [], ls="", marker="o", color=color, label=f"component {k + 1}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small", borderaxespad=0)
    pad = 0.08 * (np.ptp(X[:, dims], axis=0) + 1e-12)
    low, high = X[:, dims].min(axis=0) - pad, X[:, dims].max(axis=0) + pad
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_xlabel(feature_label(dims[0]))
    ax.set_ylabel(feature_label(dims[1]))
    ax.set_title(f"EM ({covariance_type} covariances), iteration 0\nlog-likelihood -0000.00")
    fig.tight_layout()  # room for a two-line title

    def draw_frame(i):
        """Show snapshot ``i``: recolour the points, move the ellipses and means; return them."""
        snap = snapshots[i]
        colours, means, blocks, alphas = _frame_data(X, snap, covariance_type, dims)
        points.set_facecolor(colours)
        means_marker.set_offsets(means)
        for patch, centre, block, alpha in zip(patches, means, blocks, alphas):
            set_ellipse(patch, ax, centre, block)
            patch.set_facecolor((*patch.get_edgecolor()[:3], alpha))
        it = int(snap["iteration"])
        title = f"EM ({covariance_type} covariances), iteration {it}"
        if lls is not None and it < lls.size:
            title += f"\nlog-likelihood {lls[it]:.2f}"
        ax.set_title(title)
        return [points, means_marker, *patches]

    draw_frame(0)
    anim = FuncAnimation(fig, draw_frame, frames=len(snapshots), init_func=lambda: draw_frame(0),
                         interval=interval, blit=False, repeat=True)
    anim.draw_frame = draw_frame
    plt.close(fig)
    # The figure only ever renders through savefig (to_jshtml / save). On a non-GUI canvas,
    # draw_idle draws the whole figure at once, so every saved frame would be drawn twice.
    fig.canvas.draw_idle = lambda *args, **kwargs: None
    return anim


def animation_html(anim, *, default_mode="loop"):
    """Self-contained HTML for an animation: matplotlib's JavaScript player, no network needed.

    ``anim.to_jshtml()`` embeds every frame as an image but links its button icons from a CDN;
    this function returns the same player with the link removed and the icons replaced by plain
    characters, so that it works in an offline course site.

    Parameters
    ----------
    anim : matplotlib.animation.Animation
        E.g. the result of :func:`animate_em`.
    default_mode : {"loop", "once", "reflect"}, default="loop"

    Returns
    -------
    html : str
        Show it in a notebook with ``IPython.display.HTML(html)``.
    """
    if default_mode not in ("loop", "once", "reflect"):
        raise ValueError(f"default_mode must be 'loop', 'once' or 'reflect', got {default_mode!r}")
    html = anim.to_jshtml(default_mode=default_mode)
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", html)
    for css_class, glyph in _BUTTON_GLYPHS.items():
        html = html.replace(f'<i class="{css_class}"></i>', glyph)
    return html
