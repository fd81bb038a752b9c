"""Exercise of chapter 05: ``lower_bound``, the evidence lower bound and its KL gap.

For responsibilities ``q`` (any distribution over the components for every point) and
parameters ``theta``, the bound is ``L(q, theta) = sum_nk q_nk (log pi_k + log N(x_n | mu_k,
Sigma_k) - log q_nk)`` and the gap ``ell(theta) - L(q, theta) = sum_n KL(q_n || p(z_n | x_n,
theta))`` is non-negative, zero when ``q`` is the posterior. The reference adds SciPy's
``multivariate_normal.logpdf`` terms and ``scipy.special.entr`` (which counts ``0 log 0`` as 0);
the log-likelihood comes from scikit-learn's ``score_samples`` (:mod:`.reference`).
"""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import as_array, as_scalar, close, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Build the (n_samples, n_components) array of log pi_k + log N(x_n | mu_k, Sigma_k) with "
     "your log_gaussian_pdf, as in your e_step. The bound weighs it by resp and adds the entropy "
     "of resp; the log-likelihood is the row-wise logsumexp of the same array, summed. A zero "
     "responsibility contributes nothing: never take the log of 0."),
    (r"$\mathcal L(q,\theta) = \sum_n \sum_k q_{nk}\big(\log\pi_k + \log\mathcal N(x_n\mid"
     r"\mu_k,\Sigma_k) - \log q_{nk}\big)$ with $0 \log 0 = 0$: take "
     r"`np.log(np.where(resp > 0, resp, 1.0))` for $\log q_{nk}$. Then kl_gap $= \ell(\theta) - "
     r"\mathcal L(q,\theta) \ge 0$ with $\ell(\theta) = \sum_n \operatorname{logsumexp}_k"
     r"\big(\log\pi_k + \log\mathcal N(x_n\mid\mu_k,\Sigma_k)\big)$. Return both as floats."),
)


# --------------------------------------------------------------------- the reference

def _log_joint(p):
    """(n, K) log pi_k + log N(x_n | mu_k, Sigma_k), from SciPy."""
    return np.column_stack([np.log(w) + ref.log_gauss(p["X"], m, c)
                            for w, m, c in zip(p["weights"], p["means"], p["covs"])])


def _expected(p, resp):
    """``(elbo, kl_gap, pieces)``: the bound, ell - bound, and the terms the named mistakes use."""
    from scipy.special import entr

    joint = _log_joint(p)
    energy = float(np.sum(resp * joint))
    entropy = float(np.sum(entr(resp)))
    ll = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[1]
    elbo = energy + entropy
    weights_no_log = float(np.sum(resp * (joint - np.log(p["weights"]) + p["weights"])))
    wrong_axis = float(np.sum(ref.logsumexp(joint, axis=0)))
    pieces = {"energy": energy, "entropy": entropy, "ll": ll, "no_log": weights_no_log,
              "wrong_axis": wrong_axis, "n": resp.shape[0], "nk": resp.size}
    return elbo, ll - elbo, pieces


# --------------------------------------------------------------------- comparisons

def _output(s, p, resp, strict=False):
    """The student's ``(elbo, kl_gap)`` as floats; ``strict`` also wants Python floats."""
    out = s.call(p["X"], resp, p["weights"], p["means"], p["covs"])
    elbo, gap = unpack(out, 2, "elbo, kl_gap")
    got = []
    for value, what in ((elbo, "elbo"), (gap, "kl_gap")):
        arr = as_array(value, what)
        if arr.ndim == 1 and arr.size == resp.shape[0] > 1:
            raise Mistake(f"{what} is one value per sample; return the total, summed over the "
                          "samples")
        number = as_scalar(value, what)
        if np.isnan(number):
            raise Mistake(f"{what} is NaN: a zero responsibility times log(0); count "
                          "0 * log(0) as 0")
        if np.isinf(number):
            raise Mistake(f"{what} is infinite: a zero responsibility or weight reached a "
                          "logarithm; count 0 * log(0) as 0")
        if strict and not isinstance(value, float):  # np.float64 is a float
            raise Mistake(f"{what} is a {type(value).__name__}; return one float "
                          "(e.g. float(np.sum(...)))")
        got.append(number)
    return tuple(got)


def _tol(pieces):
    return 1e-8 * max(1.0, abs(pieces["ll"]))


def _check_elbo(got, expected, pieces, where):
    atol = _tol(pieces)
    if close(got, expected, rtol=1e-8, atol=atol):
        return
    named = (
        (pieces["energy"], "the ELBO is missing its entropy term -sum r log r"),
        (pieces["energy"] - pieces["entropy"], "the entropy term -sum r log r has the wrong sign"),
        (pieces["no_log"] + pieces["entropy"],
         "the ELBO adds the weights pi_k where it needs their logarithm log pi_k"),
        (expected / pieces["n"],
         "the ELBO is the mean over the samples; return the total over samples and components"),
        (expected / pieces["nk"],
         "the ELBO is a mean over all entries; return the total (sum over samples and components)"),
        (-expected, "the ELBO has the wrong sign"),
    )
    for value, msg in named:
        if close(got, value, rtol=1e-8, atol=atol):
            raise Mistake(msg + where)
    raise Mistake("elbo differs from sum_n sum_k r_nk (log pi_k + log N(x_n | mu_k, Sigma_k) "
                  f"- log r_nk){where}")


def _check_gap(got, expected, elbo, pieces, where):
    atol = _tol(pieces)
    if close(got, expected, rtol=1e-8, atol=atol):
        return
    if abs(expected) > atol and close(got, -expected, rtol=1e-8, atol=atol):
        raise Mistake(f"kl_gap has the wrong sign{where}: it is the log-likelihood minus the "
                      "ELBO, never negative")
    if close(got, pieces["wrong_axis"] - elbo, rtol=1e-8, atol=atol):
        raise Mistake(f"the log-likelihood in kl_gap takes logsumexp over the samples{where}: "
                      "normalise over the components (axis=1), then sum over the samples")
    if close(got, pieces["ll"], rtol=1e-8, atol=atol):
        raise Mistake(f"kl_gap is the log-likelihood itself{where}; return the log-likelihood "
                      "minus the ELBO")
    if got < -atol:
        raise Mistake(f"kl_gap is negative{where}: a KL divergence never is; it is the "
                      "log-likelihood minus the ELBO")
    raise Mistake(f"kl_gap differs from the log-likelihood minus the ELBO{where}")


def _compare(s, p, resp, label="", strict=False, posterior=False):
    where = f" ({label})" if label else ""
    elbo, gap = _output(s, p, resp, strict=strict)
    exp_elbo, exp_gap, pieces = _expected(p, resp)
    _check_elbo(elbo, exp_elbo, pieces, where)
    _check_gap(gap, exp_gap, elbo, pieces, where)
    if posterior and abs(gap) > _tol(pieces):
        raise Mistake(f"kl_gap is not 0 for the posterior responsibilities{where}: after an "
                      "E-step the bound touches the log-likelihood")


# --------------------------------------------------------------------- the problems

def _soft(p, seed, concentration=0.7):
    """Dirichlet responsibilities: a distribution q that is not the posterior."""
    return np.random.default_rng(seed).dirichlet(np.full(len(p["weights"]), concentration),
                                                 size=p["X"].shape[0])


def _posterior(p):
    return ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[0]


def _one_hot(p, seed):
    k = len(p["weights"])
    labels = np.random.default_rng(seed).integers(0, k, size=p["X"].shape[0])
    return np.eye(k)[labels]


def _part_elbo(s):
    """The bound for soft responsibilities that are not the posterior."""
    p = ref.problem(551, n=40, d=2, k=3)
    _compare(s, p, _soft(p, 552), "soft responsibilities")
    _output(s, p, _soft(p, 552), strict=True)


def _part_gap(s):
    """The gap for other responsibilities, and its value 0 at the posterior (after an E-step)."""
    p = ref.problem(553, n=50, d=3, k=4)
    _compare(s, p, _soft(p, 554, 2.0), "3-dimensional data, 4 components")
    _compare(s, p, _posterior(p), "the posterior responsibilities", posterior=True)


def _part_zeros(s):
    """Responsibilities with exact zeros: one-hot ones, and a posterior that underflows to 0."""
    p = ref.problem(555, n=30, d=2, k=3)
    _compare(s, p, _one_hot(p, 556), "one-hot responsibilities")
    far = ref.far_apart(557, d=2, k=3, n=30)
    _compare(s, far, _posterior(far), "far-apart clusters, posterior responsibilities",
             posterior=True)


def _hidden(s, spec):
    p = ref.problem_from_spec(spec)
    kind = spec.get("resp", "soft")
    resp = {"soft": lambda: _soft(p, spec["seed"] + 1), "posterior": lambda: _posterior(p),
            "one-hot": lambda: _one_hot(p, spec["seed"] + 1)}[kind]()
    _compare(s, p, resp, spec["label"], posterior=kind == "posterior")


#: The parts of the check, one point each, in the order they run.
PARTS = (_part_elbo, _part_gap, _part_zeros)

#: Code rules of the notebook, each worth one point (see rules.py).
RULES = ("no_sample_loop",)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 1531, "d": 2, "k": 1},
    {"label": "1-dimensional data, one-hot responsibilities", "seed": 1532, "d": 1, "k": 3,
     "resp": "one-hot"},
    {"label": "5-dimensional data, the posterior", "seed": 1533, "d": 5, "k": 4, "n": 50,
     "resp": "posterior"},
    {"label": "far-apart clusters in 3-D, one-hot responsibilities", "seed": 1534, "d": 3,
     "k": 3, "far": True, "resp": "one-hot"},
)

from .variants import Alternative, Mutant

# The variants run in the chapter's namespace: log_gaussian_pdf there is the student's (F821).


def _through_kl(X, resp, weights, means, covs):
    joint = np.column_stack([np.log(weights[k])
                             + log_gaussian_pdf(X, means[k], covs[k])  # noqa: F821
                             for k in range(len(weights))])
    per_sample = np.logaddexp.reduce(joint, axis=1)
    log_post = joint - per_sample[:, None]
    safe = np.where(resp > 0, resp, 1.0)
    gap = float(np.sum(np.where(resp > 0, resp * (np.log(safe) - log_post), 0.0)))
    log_likelihood = float(per_sample.sum())
    return log_likelihood - gap, gap


def _slogdet_nansum(X, resp, weights, means, covs):
    n, d = X.shape
    resp = np.asarray(resp, dtype=float)
    elbo = 0.0
    per_component = np.empty((n, len(weights)))
    for k in range(len(weights)):
        _sign, logdet = np.linalg.slogdet(covs[k])
        diff = X - means[k]
        maha = np.sum(diff * np.linalg.solve(covs[k], diff.T).T, axis=1)
        per_component[:, k] = np.log(weights[k]) - 0.5 * (d * np.log(2 * np.pi) + logdet + maha)
        elbo += float(resp[:, k] @ per_component[:, k])
    with np.errstate(invalid="ignore", divide="ignore", under="ignore"):  # 0 * log(0) is NaN
        elbo -= float(np.nansum(resp * np.log(resp)))
    top = per_component.max(axis=1)
    log_likelihood = float(np.sum(top + np.log(np.exp(per_component - top[:, None]).sum(axis=1))))
    return elbo, log_likelihood - elbo


_RETURN = "return elbo, log_likelihood - elbo"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((("resp * (log_joint - log_q)", "resp * log_joint"),),
           "missing its entropy term", "the bound without the entropy -sum r log r"),
    Mutant((("resp * (log_joint - log_q)", "resp * (log_joint + log_q)"),),
           "entropy term -sum r log r has the wrong sign", "adds sum r log r"),
    Mutant((("np.log(np.where(resp > 0, resp, 1.0))", "np.log(resp)"),),
           "0 * log(0) as 0", "takes log(0) for the zero responsibilities"),
    Mutant((("[np.log(w) + log_gaussian_pdf(X, m, c)", "[w + log_gaussian_pdf(X, m, c)"),),
           "their logarithm log pi_k", "adds the weights instead of their logarithms"),
    Mutant((("logsumexp(log_joint, axis=1)", "logsumexp(log_joint, axis=0)"),),
           "logsumexp over the samples", "normalises over the wrong axis in the log-likelihood"),
    Mutant(((_RETURN, "return elbo, elbo - log_likelihood"),),
           "wrong sign", "returns the ELBO minus the log-likelihood"),
    Mutant((("elbo = float(np.sum(resp *", "elbo = float(np.mean(resp *"),),
           "mean over all entries", "np.mean instead of np.sum for the bound"),
    Mutant((("elbo = float(np.sum(resp * (log_joint - log_q)))",
             "elbo = np.sum(resp * (log_joint - log_q), axis=1)"),
            (_RETURN, "return elbo, log_likelihood - elbo.sum()")),
           "one value per sample", "returns the per-sample bounds"),
    Mutant(((_RETURN, "return elbo, log_likelihood"),),
           "the log-likelihood itself", "returns the log-likelihood as the gap"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_through_kl, "the gap as sum r (log r - log posterior), the bound as ell - gap"),
    Alternative(_slogdet_nansum, "a loop over components with slogdet, the entropy by np.nansum"),
)
# END INSTRUCTOR ONLY
