"""Checks for chapter 01: ``log_gaussian_pdf`` and ``ellipse_params``."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .cases import Exercise, Session, as_array, as_scalar, close, finite, unpack
from .verdict import Mistake

LOG2PI = np.log(2 * np.pi)


def _gauss_case(seed, n=7, d=2, far=0.0):
    rng = np.random.default_rng(seed)
    cov = ref.random_spd(rng, 1, d)[0]
    mean = rng.normal(size=d)
    X = mean + rng.normal(size=(n, d)) * 1.5
    if far:
        X[: n // 2] += far
    return X, mean, cov


def _diagnose_logpdf(out, X, mean, cov, expected):
    d = X.shape[1]
    diff = out - expected
    const = bool(np.ptp(diff) < 1e-6 * max(1.0, np.abs(expected).max()))
    logdet = np.linalg.slogdet(cov)[1]
    if const:
        c = diff.mean()
        if abs(c - 0.5 * d * LOG2PI) < 1e-6:
            return "misses the -d/2 log(2 pi) normalising term"
        if abs(c - (0.5 * d * LOG2PI - 0.5 * d * np.log(np.pi))) < 1e-6:
            return "uses log(pi) instead of log(2 pi) in the normalising term"
        if abs(c - 0.5 * logdet) < 1e-6:
            return "misses the -1/2 log det(Sigma) term"
        if abs(c - 0.25 * logdet) < 1e-6:
            return ("uses half the log-determinant: with a Cholesky factor L, "
                    "log det(Sigma) = 2 * sum(log(diag(L)))")
        if abs(c + 0.5 * logdet) < 1e-6 or abs(c - 1.5 * logdet) < 1e-6:
            return "has the log-determinant term with the wrong sign or factor"
        return "is off by a constant: check the normalising terms (-d/2 log 2 pi - 1/2 log det)"
    with np.errstate(all="ignore"):
        if close(out, np.exp(expected), rtol=1e-5, atol=1e-12):
            return "returns the density itself; return its logarithm"
    dx = X - mean
    maha = np.einsum("ni,ij,nj->n", dx, np.linalg.inv(cov), dx)
    if close(diff, -0.5 * maha, rtol=1e-5, atol=1e-7):
        return "forgets the factor 1/2 in front of the quadratic form"
    if close(out, expected + 0.5 * maha - 0.5 * np.einsum("ni,ij,nj->n", dx, cov, dx), rtol=1e-5):
        return "uses Sigma instead of its inverse in the quadratic form"
    if close(out, expected + 0.5 * maha - 0.5 * (dx ** 2).sum(1), rtol=1e-5):
        return "ignores the covariance in the quadratic form"
    return "values differ from the log-density of N(mean, cov)"


def _logpdf_compare(s: Session, X, mean, cov, label=""):
    out = as_array(s.call(X, mean, cov), "the result", shape=((X.shape[0], "n_samples"),))
    expected = ref.log_gauss(X, mean, cov)
    where = f" on {label}" if label else ""
    if np.isneginf(out).any() or np.isnan(out).any():
        raise Mistake(f"returns -inf or NaN{where} for points far from the mean: compute the "
                      "log-density directly instead of taking the log of an exp")
    finite(out, "the result")
    if not close(out, expected, rtol=1e-6, atol=1e-8):
        raise Mistake(_diagnose_logpdf(out, X, mean, cov, expected) + where)


def _logpdf_basic(s):
    X, mean, cov = _gauss_case(101)
    _logpdf_compare(s, X, mean, cov)


def _logpdf_values(s):
    X, mean, cov = _gauss_case(102, n=9, d=3)
    _logpdf_compare(s, X, mean, cov, "3-dimensional data")


def _logpdf_far(s):
    X, mean, cov = _gauss_case(103, n=6, d=2, far=60.0)
    _logpdf_compare(s, X, mean, cov, "points far from the mean")


def _logpdf_hidden(s, spec):
    X, mean, cov = _gauss_case(spec["seed"], n=spec.get("n", 10), d=spec["d"],
                               far=spec.get("far", 0.0))
    _logpdf_compare(s, X, mean, cov, spec["label"])


LOG_GAUSSIAN_PDF = Exercise("log_gaussian_pdf",
                            [(1, _logpdf_basic), (1, _logpdf_values), (1, _logpdf_far)],
                            _logpdf_hidden)


# --------------------------------------------------------------------------- ellipses

def _canonical(w, h, a):
    """Order (major, minor, angle of the major axis in [0, 180))."""
    if h > w:
        w, h, a = h, w, a + 90.0
    return w, h, a % 180.0


def _same_ellipse(got, want, tol=1e-6):
    gw, gh, ga = _canonical(*got)
    ww, wh, wa = _canonical(*want)
    scale = max(ww, 1e-12)
    if abs(gw - ww) > tol * scale or abs(gh - wh) > tol * scale:
        return False
    if abs(ww - wh) < 1e-9 * scale:  # a circle: any angle draws it
        return True
    delta = abs(ga - wa) % 180.0
    return min(delta, 180.0 - delta) < 1e-4


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
    if not _same_ellipse(got, want):
        msg = _diagnose_ellipse(got, want, 2.0 if n_std is None else n_std)
        raise Mistake(msg + (f" ({label})" if label else ""))


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


ELLIPSE_PARAMS = Exercise("ellipse_params", [(1, _ellipse_rotated), (1, _ellipse_more)],
                          _ellipse_hidden)
