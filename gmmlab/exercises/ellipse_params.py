"""Exercise of chapter 01: ``ellipse_params``, the ellipse of a 2-D covariance."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import as_scalar, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("The axes of the ellipse point along the eigenvectors of `cov`; their lengths grow with "
     "the square roots of the eigenvalues. `np.linalg.eigh` sorts eigenvalues in ascending "
     "order."),
    (r"width $= 2\,n_\mathrm{std}\sqrt{\lambda_\max}$ (the major axis, so width $\ge$ "
     r"height), height $= 2\,n_\mathrm{std}\sqrt{\lambda_\min}$, angle $=$ "
     r"`np.degrees(np.arctan2(v[1], v[0]))` for the eigenvector $v$ of $\lambda_\max$ "
     r"(matplotlib wants degrees, counter-clockwise)."),
)


def _canonical(w, h, a):
    """Order (major, minor, angle of the major axis in [0, 180))."""
    if h > w:
        w, h, a = h, w, a + 90.0
    return w, h, a % 180.0


def _same_ellipse(got, want, tol=1e-6):
    """Same drawn ellipse: the same axis lengths, the major axis at the same angle (mod 180)."""
    gw, gh, ga = _canonical(*got)
    ww, wh, wa = _canonical(*want)
    scale = max(ww, 1e-12)
    if abs(gw - ww) > tol * scale or abs(gh - wh) > tol * scale:
        return False
    if abs(ww - wh) < 1e-9 * scale:  # a circle: any angle draws it
        return True
    delta = abs(ga - wa) % 180.0
    return min(delta, 180.0 - delta) < 1e-4


def _major_first(got, want):
    """The docstring's convention: width is the major axis (width >= height)."""
    scale = max(want[0], 1e-12)
    if got[1] - got[0] > 1e-9 * scale and abs(want[0] - want[1]) > 1e-9 * scale:
        return ("width is the minor axis: width must be the full length of the major axis "
                "(width >= height) and angle_deg the direction of the major axis")
    return None


def _ellipse_output(s, mean, cov, n_std=None):
    out = s.call(mean, cov) if n_std is None else s.call(mean, cov, n_std=n_std)
    if isinstance(out, np.ndarray) and out.shape == (3,):
        out = tuple(out)
    w, h, a = unpack(out, 3, "width, height, angle_deg")
    vals = (as_scalar(w, "width"), as_scalar(h, "height"), as_scalar(a, "angle_deg"))
    for v, what in zip(vals, ("width", "height", "angle_deg")):
        if not np.isfinite(v):
            raise Mistake(f"{what} is not finite")
    if vals[0] < 0 or vals[1] < 0:
        raise Mistake("width and height must be positive lengths")
    return vals


def _diagnose_ellipse(got, want, n_std):
    gw, gh, _ga = _canonical(*got)
    ww, wh, wa = _canonical(*want)
    sizes_ok = np.allclose([gw, gh], [ww, wh], rtol=1e-6)
    if sizes_ok:
        rad = np.radians(wa) % np.pi
        raw = got[2]
        if any(abs(raw - r) < 1e-4 for r in (rad, rad - np.pi, np.radians(want[2]))):
            return "the angle is in radians; matplotlib expects degrees"
        if _same_ellipse(got, (want[0], want[1], -want[2])):
            return "the angle turns clockwise; matplotlib measures it counter-clockwise"
        if _same_ellipse(got, (want[0], want[1], want[2] + 90.0)):
            return "the angle belongs to the other axis (the eigenvector of the smaller eigenvalue)"
        return "the angle is wrong: use the direction of the eigenvector of the largest eigenvalue"
    ratio = np.array([gw / ww, gh / wh])
    if np.allclose(ratio, 0.5, rtol=1e-6):
        return "width and height are half-axes; matplotlib wants full lengths (2 * n_std * sigma)"
    if np.allclose(ratio, 1.0 / n_std, rtol=1e-6) and n_std != 1:
        return "ignores n_std"
    if np.allclose([gw, gh], [(ww / (2 * n_std)) ** 2 * 2 * n_std, (wh / (2 * n_std)) ** 2 * 2 * n_std],
                   rtol=1e-6):
        return "uses the eigenvalues (variances) where their square roots (standard deviations) belong"
    return "width and height do not match 2 * n_std * sqrt(eigenvalues of cov)"


def _ellipse_compare(s, cov, n_std=None, label=""):
    mean = np.array([0.5, -1.0])
    got = _ellipse_output(s, mean, cov, n_std)
    want = ref.ellipse(cov, 2.0 if n_std is None else n_std)
    where = f" ({label})" if label else ""
    if not _same_ellipse(got, want):
        msg = _diagnose_ellipse(got, want, 2.0 if n_std is None else n_std)
        raise Mistake(msg + where)
    swapped = _major_first(got, want)
    if swapped:
        raise Mistake(swapped + where)


def _ellipse_rotated(s):
    _ellipse_compare(s, np.array([[3.0, 1.2], [1.2, 1.0]]))
    _ellipse_compare(s, np.array([[1.0, -0.7], [-0.7, 2.0]]))


def _ellipse_more(s):
    _ellipse_compare(s, np.array([[2.0, 0.4], [0.4, 1.0]]), n_std=1.0)
    _ellipse_compare(s, np.array([[2.0, 0.4], [0.4, 1.0]]), n_std=3.0)
    _ellipse_compare(s, np.array([[1.0, 0.0], [0.0, 4.0]]), n_std=2.0,
                     label="axis-aligned covariance")


def _ellipse_hidden(s, spec):
    rng = np.random.default_rng(spec["seed"])
    cov = ref.random_spd(rng, 1, 2, spec.get("scale", 1.0))[0]
    _ellipse_compare(s, cov, n_std=spec.get("n_std", 2.0), label=spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_ellipse_rotated, _ellipse_more,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _ellipse_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "a large covariance", "seed": 911, "scale": 30.0, "n_std": 1.5},
    {"label": "a small covariance", "seed": 912, "scale": 0.01, "n_std": 2.0},
)

from .variants import Alternative, Mutant, Replacement


def _svd(mean, cov, n_std=2.0):
    U, s, _Vt = np.linalg.svd(cov)
    angle = np.degrees(np.arctan2(U[1, 0], U[0, 0]))
    return 2 * n_std * np.sqrt(s[0]), 2 * n_std * np.sqrt(s[1]), angle


def _minor_axis_first(mean, cov, n_std=2.0):
    # minor axis first, angle of the minor axis: matplotlib draws the same ellipse, but the
    # docstring asks for the major axis as width
    vals, vecs = np.linalg.eigh(cov)
    angle = np.degrees(np.arctan2(vecs[1, 0], vecs[0, 0])) + 360.0
    return (2 * n_std * np.sqrt(vals[0]), 2 * n_std * np.sqrt(vals[1]), angle)


def _closed_form(mean, cov, n_std=2.0):
    # eigenvalues of a symmetric 2x2 matrix from its trace and determinant; the major axis
    # of [[a, b], [b, c]] makes the angle atan2(2b, a - c) / 2 with the x axis
    a, b, c = cov[0, 0], cov[0, 1], cov[1, 1]
    half_trace, radius = (a + c) / 2, np.hypot((a - c) / 2, b)
    angle = np.degrees(np.arctan2(2 * b, a - c)) / 2 - 180.0
    return (2 * n_std * np.sqrt(half_trace + radius),
            2 * n_std * np.sqrt(max(half_trace - radius, 0.0)), angle)


_WIDTH, _HEIGHT = "width = 2.0 * n_std * ", "height = 2.0 * n_std * "

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((("np.degrees(np.arctan2(major[1], major[0]))", "np.arctan2(major[1], major[0])"),),
           "radians", "returns the angle in radians"),
    Mutant(((_WIDTH, "width = n_std * "), (_HEIGHT, "height = n_std * ")),
           "half-axes", "returns half-axes instead of full lengths"),
    Mutant((("major = vectors[:, 1]", "major = vectors[:, 0]"),),
           "other axis", "takes the angle of the minor axis"),
    Mutant(((_WIDTH, "width = 4.0 * "), (_HEIGHT, "height = 4.0 * ")),
           "n_std", "hard-codes 2 standard deviations, ignoring n_std"),
    Mutant((("np.sqrt(values[1])", "values[1]"), ("np.sqrt(values[0])", "values[0]")),
           "square roots", "uses the eigenvalues instead of their square roots"),
    Mutant((("np.sqrt(values[1])", "np.sqrt(values[_])"), ("np.sqrt(values[0])", "np.sqrt(values[1])"),
            ("np.sqrt(values[_])", "np.sqrt(values[0])"),
            ("major = vectors[:, 1]", "major = vectors[:, 0]")),
           "width is the minor axis", "forgets that eigh sorts ascending: minor axis first"),
    Replacement(_minor_axis_first, "width is the minor axis",
                "minor axis first with its angle (the same drawing, not the stated convention)"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_svd, "SVD instead of eigh"),
    Alternative(_closed_form, "closed-form 2x2 eigenvalues, angle shifted by -180 degrees"),
)
# END INSTRUCTOR ONLY
