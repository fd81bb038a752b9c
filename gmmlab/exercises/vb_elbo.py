"""Exercise of chapter 10: ``vb_elbo``, the evidence lower bound after a VB M-step.

The reference is scikit-learn's ``BayesianGaussianMixture._compute_lower_bound`` (its
``lower_bound_``, which drops every constant term) for the same log-responsibilities and the
model its ``_m_step`` gave from them (:mod:`.vb_reference`). One part runs a whole VB loop with
scikit-learn's steps and the student's bound, which must never decrease.
"""

from __future__ import annotations

import numpy as np

from . import vb_reference as vb
from .harness import as_scalar, close
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("After the M-step most terms of the bound cancel; four remain: the entropy of the "
     "responsibilities, the Wishart normalisers, the Dirichlet normaliser and the beta terms. "
     "Take `np.exp(log_resp) * log_resp` for the entropy, so that a zero responsibility "
     "gives 0, not NaN. The log-determinant of W_k comes from a Cholesky factor."),
    (r"$\mathcal L=-\sum_{n,k}r_{nk}\log r_{nk}-\sum_k\log B(W_k,\nu_k)-\log C(\alpha)-"
     r"\frac d2\sum_k\log\beta_k$ with $\log C(\alpha)=\log\Gamma(\sum_k\alpha_k)-\sum_k\log"
     r"\Gamma(\alpha_k)$ and $\log B(W,\nu)=-\frac\nu2\log|W|-\frac{\nu d}2\log2-\sum_{i=1}^d"
     r"\log\Gamma\big(\frac{\nu+1-i}2\big)$ (scikit-learn's convention: no $\pi$ term)."),
)


def _pieces(log_resp, alpha, beta, nu, covs):
    """The four terms of the bound, each as the bound adds it."""
    d = covs.shape[-1]
    entropy = -float(np.sum(np.exp(log_resp) * log_resp))
    log_w = -(d * np.log(nu) + np.linalg.slogdet(covs)[1])
    i = np.arange(1, d + 1)[None, :]

    def wishart(log_det, shift=1.0):
        return float(np.sum(0.5 * nu * log_det + 0.5 * nu * d * np.log(2.0)
                            + gammaln((nu[:, None] + shift - i) / 2).sum(axis=1)))

    dirichlet = -float(gammaln(alpha.sum()) - gammaln(alpha).sum())
    betas = -0.5 * d * float(np.sum(np.log(beta)))
    return {"entropy": entropy, "wishart": wishart(log_w), "dirichlet": dirichlet,
            "beta": betas, "wishart_inv": wishart(-log_w), "wishart_off": wishart(log_w, 0.0),
            "wishart_nu": wishart(-np.linalg.slogdet(covs)[1])}


_NAMED = (
    (lambda p, e: e - p["entropy"], "the ELBO is missing its entropy term -sum r log r"),
    (lambda p, e: e - 2 * p["entropy"], "the entropy term -sum r log r has the wrong sign"),
    (lambda p, e: e - 2 * p["dirichlet"], ("log C(alpha), the Dirichlet normaliser, enters the "
                                           "bound with a minus sign")),
    (lambda p, e: e - p["dirichlet"], "the ELBO misses the Dirichlet normaliser log C(alpha)"),
    (lambda p, e: e - p["beta"], "the ELBO misses the term -d/2 sum_k log beta_k"),
    (lambda p, e: e - 2 * p["beta"], "the term d/2 sum_k log beta_k enters with a minus sign"),
    (lambda p, e: e - p["wishart"] + p["wishart_inv"], ("log B(W_k, nu_k) uses log|W_k^-1| "
                                                        "where it needs log|W_k|")),
    (lambda p, e: e - p["wishart"] + p["wishart_off"], ("gammaln of the wrong argument in log B:"
                                                        " (nu_k + 1 - i) / 2 for i = 1..d")),
    (lambda p, e: e - p["wishart"] + p["wishart_nu"], ("log B forgets nu_k in W_k: W_k is the "
                                                       "inverse of nu_k * covariances[k]")),
    (lambda p, e: e - 2 * p["wishart"], "log B(W_k, nu_k) enters the bound with a minus sign"),
)


def _value(s, log_resp, params):
    alpha, beta, _means, nu, covs = params
    out = s.call(log_resp, alpha, beta, nu, covs)
    value = as_scalar(out, "the ELBO")
    if not np.isfinite(value):
        raise Mistake("the ELBO is not finite: take np.exp(log_resp) * log_resp for the "
                      "entropy, never resp * np.log(resp)")
    return value, out


def _compare(s, X, resp, prior, label=""):
    log_resp = np.log(resp)
    model, params = vb.m_step(X, resp, prior)
    expected = vb.elbo(model, log_resp)
    got, _raw = _value(s, log_resp, params)
    where = f" ({label})" if label else ""
    if close(got, expected, rtol=1e-8, atol=1e-8):
        return
    pieces = _pieces(log_resp, params[0], params[1], params[3], params[4])
    for wrong, msg in _NAMED:
        if close(got, wrong(pieces, expected), rtol=1e-8, atol=1e-8):
            raise Mistake(msg + where)
    raise Mistake("the ELBO differs from -sum r log r - sum_k log B(W_k, nu_k) - log C(alpha) - "
                  f"d/2 sum_k log beta_k{where}")


def _problem():
    p = vb.vb_problem(1301, n=50, d=2, k=3)
    return p["X"], p["resp"], p["prior"]


def _part_value(s):
    _compare(s, *_problem())
    _value_type(s)


def _value_type(s):
    X, resp, prior = _problem()
    _model, params = vb.m_step(X, resp, prior)
    _got, raw = _value(s, np.log(resp), params)
    if not isinstance(raw, float):
        raise Mistake(f"the ELBO is a {type(raw).__name__}; return one float "
                      "(e.g. float(...))")


def _part_monotone(s):
    """A VB loop of scikit-learn's steps from random responsibilities: the bound never falls."""
    p = vb.vb_problem(1302, n=60, d=2, k=5)
    X, prior = p["X"], vb.default_prior(p["X"], 5)
    log_resp = np.log(p["resp"])
    values, expected = [], []
    for _ in range(12):
        model, params = vb.m_step(X, np.exp(log_resp), prior)
        values.append(_value(s, log_resp, params)[0])
        expected.append(vb.elbo(model, log_resp))
        log_resp = vb.log_resp_of(X, model)
    values = np.array(values)
    scale = 1e-9 * (1 + np.abs(values).max())
    drops = np.flatnonzero(np.diff(values) < -scale)
    if drops.size:
        i = int(drops[0])
        raise Mistake(f"the ELBO decreased from iteration {i + 1} to {i + 2} of a VB run: a "
                      "correct bound never decreases; check its terms one by one")
    if not close(values, expected, rtol=1e-8, atol=1e-8):
        raise Mistake("the ELBO never decreases along a VB run but differs from the bound "
                      "(a term that does not change with the responsibilities?)")


def _part_other(s):
    p = vb.vb_problem(1303, n=40, d=3, k=4)
    _compare(s, p["X"], p["resp"], vb.prior_with(p["X"], 4, 1304),
             "3-dimensional data, another prior")


def _hidden(s, spec):
    p = vb.vb_problem(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"],
                      far=spec.get("far", False))
    _compare(s, p["X"], p["resp"], p["prior"], spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_part_value, _part_monotone, _part_other)

#: Code rules of the notebook, each worth one point (see rules.py); log_resp is per sample.
RULES = ("no_sample_loop", "no_log_det")

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 1341, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 1342, "d": 1, "k": 3},
    {"label": "5-dimensional data", "seed": 1343, "d": 5, "k": 3, "n": 80},
    {"label": "far-apart clusters", "seed": 1344, "d": 2, "k": 3, "far": True},
)

from .variants import Alternative, Mutant


def gammaln(x):
    """SciPy's ``gammaln``, imported on first use (scipy.special takes a second to import)."""
    from scipy.special import gammaln as f

    return f(x)


def _slogdet(log_resp, alpha, beta, nu, covariances):
    d = covariances.shape[-1]
    resp = np.exp(log_resp)
    entropy = -np.sum(resp * log_resp)
    total = entropy - (gammaln(alpha.sum()) - gammaln(alpha).sum())
    for k in range(len(alpha)):
        _sign, logdet_winv = np.linalg.slogdet(nu[k] * covariances[k])
        log_b = 0.5 * nu[k] * logdet_winv - 0.5 * nu[k] * d * np.log(2.0) - sum(
            gammaln(0.5 * (nu[k] + 1 - i)) for i in range(1, d + 1))
        total -= log_b + 0.5 * d * np.log(beta[k])
    return float(total)


def _eigen(log_resp, alpha, beta, nu, covariances):
    d = covariances.shape[-1]
    log_det_cov = np.log(np.linalg.eigvalsh(covariances)).sum(axis=1)
    log_det_w = -(d * np.log(nu) + log_det_cov)
    half = 0.5 * (nu[:, None] - np.arange(d)[None, :])
    log_b = -0.5 * nu * log_det_w - 0.5 * nu * d * np.log(2.0) - gammaln(half).sum(axis=1)
    log_c = gammaln(np.sum(alpha)) - np.sum(gammaln(alpha))
    entropy = -np.sum(np.exp(log_resp) * log_resp)
    return float(entropy - log_b.sum() - log_c - 0.5 * d * np.log(beta).sum())


_RETURN = ("return float(entropy - np.sum(log_wishart) - log_dirichlet\n"
           "                 - 0.5 * n_features * np.sum(np.log(beta)))")

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_RETURN, _RETURN.replace("entropy - np.sum", "- np.sum")),),
           "missing its entropy term", "the ELBO without the entropy of the responsibilities"),
    Mutant((("entropy = -np.sum(", "entropy = np.sum("),),
           "wrong sign", "the entropy with the wrong sign"),
    Mutant(((_RETURN, _RETURN.replace("- log_dirichlet", "+ log_dirichlet")),),
           "Dirichlet normaliser", "adds log C(alpha) instead of subtracting it"),
    Mutant((("gammaln((nu[:, None] + 1 - i[None, :]) / 2)",
             "gammaln((nu[:, None] - i[None, :]) / 2)"),),
           "gammaln of the wrong argument", "gammaln((nu_k - i) / 2), off by one"),
    Mutant((("log_det_w = -2.0 *", "log_det_w = 2.0 *"),),
           "log|W_k^-1| where it needs log|W_k|", "log|W_k^-1| instead of log|W_k|"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_slogdet, "slogdet per component, a sum over i"),
    Alternative(_eigen, "eigenvalues for the log-determinants, (nu - j) / 2 for j = 0..d-1"),
)
# END INSTRUCTOR ONLY
