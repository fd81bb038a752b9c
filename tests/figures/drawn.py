"""What the figures' ellipse patches show, read back from matplotlib in data coordinates.

An ellipse is drawn as a circle patch with an affine transform, so it is read back through
matplotlib's own transforms: never through the code that made it.
"""

import numpy as np
from matplotlib.artist import Artist
from matplotlib.patches import Circle


def ellipses(ax):
    """The ellipse patches of ``ax``, in drawing order."""
    return [p for p in ax.patches if isinstance(p, Circle)]


def _to_data(patch, points):
    # the patch's own transform, then the one set on it, less the axes' data-to-display map
    # (matplotlib cancels the common term: A + B - B == A)
    placed = Artist.get_transform(patch) - patch.axes.transData
    return (patch.get_patch_transform() + placed).transform(np.asarray(points, dtype=float))


def boundary(patch):
    """(m, 2) points on the drawn outline (on its Bezier curves, not their control points)."""
    t = np.linspace(0.0, 1.0, 7)
    verts = np.vstack([curve(t) for curve, _ in patch.get_path().iter_bezier()])
    return _to_data(patch, verts)


def centre(patch):
    """(2,) the centre of the drawn ellipse."""
    return _to_data(patch, [[0.0, 0.0]])[0]


def full_axes(patch):
    """``(major, minor)`` full lengths of the drawn ellipse's axes."""
    p0, p1, p2 = _to_data(patch, [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    singular = np.linalg.svd(np.column_stack([p1 - p0, p2 - p0]), compute_uv=False)
    return tuple(2.0 * singular)


def drawn_covariance(patch, n_std):
    """(2, 2) the covariance whose ``n_std``-sigma ellipse the patch is."""
    p0, p1, p2 = _to_data(patch, [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    a = np.column_stack([p1 - p0, p2 - p0]) / n_std
    return a @ a.T
