"""Exercise of chapter 01: ``log_gaussian_pdf``, the log-density of a multivariate Gaussian."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import Session, as_array, close, finite
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Work in log space from the start: never compute the density and then take its log. "
     "Centre the data (`X - mean`) and solve with the covariance instead of inverting it."),
    (r"$\log \mathcal N(x\mid\mu,\Sigma) = -\tfrac{d}{2}\log 2\pi - \tfrac12\log\det\Sigma - "
     r"\tfrac12 (x-\mu)^\top\Sigma^{-1}(x-\mu)$. With the Cholesky factor $\Sigma = LL^\top$: "
     r"$\log\det\Sigma = 2\sum_i \log L_{ii}$ and the quadratic form is $\lVert z\rVert^2$ "
     r"where $Lz = x-\mu$ (`np.linalg.solve(L, (X - mean).T)`)."),
)


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


def _logpdf_compare(s: Session, X, mean, cov, label="", strict=False):
    """Compare with the reference; ``strict`` also asks for an ndarray, as the docstring says."""
    where = f" on {label}" if label else ""
    raw = s.call(X, mean, cov)
    try:
        out = as_array(raw, "the result", shape=((X.shape[0], "n_samples"),))
    except Mistake as exc:
        raise Mistake(f"{exc}{where}") from None
    if strict and not isinstance(raw, np.ndarray):
        raise Mistake(f"returns a {type(raw).__name__}; return a NumPy array of shape "
                      "(n_samples,)")
    expected = ref.log_gauss(X, mean, cov)
    if np.isneginf(out).any() or np.isnan(out).any():
        raise Mistake(f"returns -inf or NaN{where} for points far from the mean: compute the "
                      "log-density directly instead of taking the log of an exp")
    finite(out, "the result")
    if not close(out, expected, rtol=1e-6, atol=1e-8):
        raise Mistake(_diagnose_logpdf(out, X, mean, cov, expected) + where)


def _logpdf_basic(s):
    X, mean, cov = _gauss_case(101)
    _logpdf_compare(s, X, mean, cov, strict=True)


def _logpdf_values(s):
    X, mean, cov = _gauss_case(102, n=9, d=3)
    _logpdf_compare(s, X, mean, cov, "3-dimensional data")
    # one sample is still a row of X: the result keeps its sample axis, shape (1,)
    _logpdf_compare(s, X[:1], mean, cov, "a single sample (X of shape (1, d))")


def _logpdf_far(s):
    X, mean, cov = _gauss_case(103, n=6, d=2, far=60.0)
    _logpdf_compare(s, X, mean, cov, "points far from the mean")
    # the text: the determinant of a 50 x 50 matrix under- or overflows, the sum of logs not
    for scale, what in ((1e-7, "underflows to 0"), (1e7, "overflows to inf")):
        _logpdf_big_det(s, scale, what)


def _logpdf_big_det(s, scale, what):
    rng = np.random.default_rng(104)
    d = 50
    cov = scale * ref.random_spd(rng, 1, d)[0]
    mean = rng.normal(size=d)
    X = mean + rng.normal(size=(5, d)) @ np.linalg.cholesky(cov).T
    label = f"a 50-dimensional covariance whose determinant {what}"
    out = as_array(s.call(X, mean, cov), "the result", shape=((5, "n_samples"),))
    if not np.isfinite(out).all():
        raise Mistake(f"returns infinite values or NaN for {label}: never form the determinant, "
                      "take log det(Sigma) = 2 * sum(log(diag(L))) from the Cholesky factor")
    if not close(out, ref.log_gauss(X, mean, cov), rtol=1e-6, atol=1e-8):
        raise Mistake(_diagnose_logpdf(out, X, mean, cov, ref.log_gauss(X, mean, cov))
                      + f" on {label}")


def _logpdf_hidden(s, spec):
    X, mean, cov = _gauss_case(spec["seed"], n=spec.get("n", 10), d=spec["d"],
                               far=spec.get("far", 0.0))
    _logpdf_compare(s, X, mean, cov, spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_logpdf_basic, _logpdf_values, _logpdf_far,)

#: Code rules of the notebook, each worth one point (see rules.py).
RULES = ("no_sample_loop",)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _logpdf_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "1-dimensional data", "seed": 901, "d": 1, "n": 12},
    {"label": "6-dimensional data", "seed": 902, "d": 6, "n": 15},
    {"label": "points very far from the mean", "seed": 903, "d": 4, "n": 8, "far": 300.0},
)

from .variants import Alternative, Mutant, Replacement


def _with_scipy(X, mean, cov):
    from scipy.stats import multivariate_normal

    return multivariate_normal(mean, cov).logpdf(X)


def _slogdet_and_inverse(X, mean, cov):
    _sign, logdet = np.linalg.slogdet(cov)
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    return -0.5 * (X.shape[1] * np.log(2 * np.pi) + logdet + maha)


def _eigenvalues(X, mean, cov):
    vals, vecs = np.linalg.eigh(cov)
    z = (X - mean) @ vecs / np.sqrt(vals)
    return -0.5 * (X.shape[1] * np.log(2 * np.pi) + np.log(vals).sum() + (z**2).sum(axis=1))


def _loop_over_samples(X, mean, cov):
    out = []
    inv = np.linalg.inv(cov)
    logdet = np.linalg.slogdet(cov)[1]
    for x in X:
        dx = x - mean
        out.append(-0.5 * (len(x) * np.log(2 * np.pi) + logdet + dx @ inv @ dx))
    return np.array(out)


_RETURN = "return -0.5 * (n_features * np.log(2.0 * np.pi) + log_det + mahalanobis_sq)"
_LOG_OF_PDF = (
    "pdf = np.exp(-0.5 * mahalanobis_sq) / np.sqrt((2 * np.pi) ** n_features * np.exp(log_det))\n"
    "    return np.log(pdf)"
)

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((("n_features * np.log(2.0 * np.pi) + log_det", "log_det"),),
           "-d/2 log(2 pi)", "drops the -d/2 log(2 pi) term"),
    Mutant((("log_det = 2.0 * np.sum(", "log_det = np.sum("),),
           "2 * sum(log(diag(L)))", "takes sum(log(diag(L))) as the log-determinant"),
    Mutant(((_RETURN, _LOG_OF_PDF),),
           "far from the mean", "computes the density, then its log (underflows far away)"),
    Mutant(((_RETURN, _RETURN + "[:, None]"),),
           "wrong shape", "returns an (n, 1) column instead of an (n,) array"),
    Mutant(((_RETURN, "return list(" + _RETURN[len("return "):] + ")"),),
           "returns a list", "returns a list instead of an array"),
    Mutant(((_RETURN, "return np.squeeze(" + _RETURN[len("return "):] + ")"),),
           "a single sample", "squeezes the result: a scalar for one sample"),
    Mutant((("log_det = 2.0 * np.sum(np.log(np.diag(chol)))",
             "log_det = np.log(np.prod(np.diag(chol)) ** 2)"),),
           "determinant underflows", "log of the product of the diagonal (under/overflows)"),
    Mutant((("mahalanobis_sq = np.sum(z**2, axis=0)",
             "mahalanobis_sq = np.sum(diff @ cov * diff, axis=1)"),),
           "instead of its inverse", "uses Sigma instead of its inverse in the quadratic form"),
    Replacement(_with_scipy, "NumPy-only", "calls scipy.stats.multivariate_normal"),
    Replacement(_loop_over_samples, "loops over the samples",
                "a Python loop over the samples (the notebook forbids it)"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_slogdet_and_inverse, "slogdet and the explicit inverse"),
    Alternative(_eigenvalues, "an eigendecomposition instead of a Cholesky factor"),
)
# END INSTRUCTOR ONLY
