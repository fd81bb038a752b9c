"""The gain of EM per iteration on a log scale, with every decrease marked instead of dropped.

A log-scale axis cannot draw a gain that is zero or negative: matplotlib silently leaves such
points out, which hides exactly the iterations that matter when a loop is debugged. These
functions plot :math:`\\lvert \\ell_t - \\ell_{t-1} \\rvert` and mark each decrease, and say what
counts as one: a drop by more than ``rtol`` relative to the size of the log-likelihood (absolute
below 1), the one rule the course uses everywhere.
"""

import numpy as np

from .drawing import PALETTE, as_array, decorate, new_ax

__all__ = ["MONOTONE_RTOL", "decreases", "plot_gains"]

#: The course's single tolerance for "the log-likelihood did not decrease".
MONOTONE_RTOL = 1e-8


def decreases(log_likelihoods, rtol=MONOTONE_RTOL):
    """Iterations at which the log-likelihood decreased by more than the tolerance.

    Parameters
    ----------
    log_likelihoods : array-like of shape (n_iterations + 1,)
        Entry ``t`` is the total log-likelihood after ``t`` EM iterations (entry 0: the start).
    rtol : float, default=1e-8
        A step ``t`` is a decrease when
        ``ll[t] - ll[t - 1] < -rtol * max(1, abs(ll[t - 1]))``.

    Returns
    -------
    iterations : ndarray of shape (n_decreases,)
        The iterations ``t`` (from 1) at which the log-likelihood went down.
    """
    ll = as_array(log_likelihoods, "log_likelihoods", ndim=1)
    if not np.isfinite(rtol) or rtol < 0:
        raise ValueError(f"rtol must be a finite number >= 0, got {rtol!r}")
    gains = np.diff(ll)
    limit = rtol * np.maximum(1.0, np.abs(ll[:-1]))
    return np.flatnonzero(gains < -limit) + 1


def plot_gains(log_likelihoods, *, ax=None, title=None, rtol=MONOTONE_RTOL):
    """|gain| per EM iteration on a log scale; decreases and exact zeros are drawn, not dropped.

    Parameters
    ----------
    log_likelihoods : array-like of shape (n_iterations + 1,)
        Entry ``t`` is the total log-likelihood after ``t`` EM iterations.
    ax : matplotlib Axes, optional
    title : str, optional
        Defaults to "Gain per EM iteration".
    rtol : float, default=1e-8
        The tolerance of :func:`decreases`.

    Returns
    -------
    ax : matplotlib Axes
        Increases are circles; decreases (beyond ``rtol``) are red downward triangles at their
        absolute size; gains of exactly 0 are grey squares at the bottom of the axis.
    """
    ll = as_array(log_likelihoods, "log_likelihoods", ndim=1)
    if ll.size < 2:
        raise ValueError("log_likelihoods must hold at least two values to show a gain")
    ax = new_ax(ax, figsize=(6.0, 3.8))
    gains = np.diff(ll)
    t = np.arange(1, ll.size)
    size = np.abs(gains)
    down = np.zeros(gains.size, dtype=bool)
    down[decreases(ll, rtol) - 1] = True
    zero = size == 0.0
    floor = size[~zero].min() / 10.0 if np.any(~zero) else 1e-16
    ax.plot(t[~zero], size[~zero], color=PALETTE[1], alpha=0.5, linewidth=1)
    up = ~down & ~zero
    ax.plot(t[up], size[up], "o", markersize=4, color=PALETTE[1],
            label=f"increase ({int(up.sum())})")
    if down.any():
        ax.plot(t[down], size[down], "v", markersize=9, color=PALETTE[5],
                label=f"decrease, |gain| shown ({int(down.sum())})")
    if zero.any():
        ax.plot(t[zero], np.full(int(zero.sum()), floor), "s", markersize=5, color="0.5",
                label=f"gain exactly 0, drawn at the floor ({int(zero.sum())})")
    ax.set_yscale("log")
    ax.legend(fontsize="small")
    if title is not None:
        ax.set_title(title)
    decorate(ax, "Gain per EM iteration", "EM iteration t",
             r"$|\ell_t - \ell_{t-1}|$ (log scale)")
    return ax
