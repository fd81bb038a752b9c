"""The report's figures: histograms of points, totals and grading time, as embeddable PNG bytes."""

from __future__ import annotations

import base64
import io

import numpy as np


def _axes(ax):
    """``ax``, or the axes of a new figure that is not registered with pyplot (no GUI, and
    freed when dropped); fixed margins, cheaper than a layout engine for many small figures."""
    if ax is None:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(5.0, 2.8), dpi=90)
        fig.subplots_adjust(left=0.12, right=0.97, bottom=0.19, top=0.88)
        ax = fig.add_subplot()
    return ax


def points_histogram(points, max_points: float, *, title: str, xlabel: str = "points",
                     ax=None):
    """Bar chart of how many submissions got each score.

    Parameters
    ----------
    points : array-like of shape (n_submissions,)
    max_points : float
        Right end of the axis.
    title, xlabel : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    points = np.asarray(points, dtype=float)
    top = max(float(max_points), float(points.max()) if points.size else 0.0, 1.0)
    values, counts = np.unique(points, return_counts=True)
    width = 0.8 if top <= 20 else top / 25
    ax.bar(values, counts, width=width, color="#3b6ea8", edgecolor="black", linewidth=0.5)
    ax.set_xlim(-0.6 if top <= 20 else -top / 50, top + (0.6 if top <= 20 else top / 50))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("submissions")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return ax


def seconds_histogram(seconds, *, title: str = "Grading time per submission", ax=None):
    """Histogram of the seconds each submission took to grade.

    Parameters
    ----------
    seconds : array-like of shape (n_submissions,)

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    seconds = np.asarray(seconds, dtype=float)
    bins = min(20, max(1, seconds.size))
    ax.hist(seconds, bins=bins, color="#6a8f3b", edgecolor="black", linewidth=0.5)
    ax.set_title(title)
    ax.set_xlabel("seconds")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return ax


def png(ax) -> bytes:
    """The figure of ``ax`` as PNG bytes."""
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")
    return buf.getvalue()


def data_uri(data: bytes) -> str:
    """PNG bytes as a ``data:`` URI (the HTML report fetches nothing)."""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
