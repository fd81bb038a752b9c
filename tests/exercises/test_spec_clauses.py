"""The checks follow what the notebooks state, clause by clause (chapters 01-05 and 07).

Each decision the text makes (stopping rule, return types, conventions) has a test here: the
solution's behaviour is accepted, the other reading loses a point, and a hint followed literally
gets full marks.
"""


import numpy as np
import pytest

from gmmlab.exercises import EXERCISES, run_check, variants
from gmmlab.exercises import reference as ref
from gmmlab.exercises.variants import Alternative, Mutant

MINE = ("log_gaussian_pdf", "ellipse_params", "logsumexp", "e_step", "m_step", "fit_gmm",
        "n_parameters", "bic", "aic")


def _grade(name, func, hidden=True):
    return run_check(name, variants.define(variants.solution_namespace(name), func, name)[name],
                     hidden=hidden)


def _full(result):
    return result.points == result.max_points and result.status == "correct"


# ----------------------------------------------------------------- hints followed literally
# e_step and m_step below are the chapter's own (the student's), as in a notebook (F821).

def _fit_gmm_hint(X, weights, means, covs, max_iter=100, tol=1e-6):
    params, lls = (weights, means, covs), []
    for i in range(max_iter + 1):
        r, ell = e_step(X, *params)  # noqa: F821
        lls.append(ell)
        if i > 0 and lls[i] - lls[i - 1] < tol:
            break
        if i == max_iter:
            break
        params = m_step(X, r)  # noqa: F821
    return (*params, np.array(lls))


def _logsumexp_hint(a, axis=None):
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)


def _n_parameters_hint(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    c = {"full": k * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": k * d, "spherical": k}
    if covariance_type not in c:
        raise ValueError(f"covariance_type must be one of full, tied, diag, spherical; got "
                         f"{covariance_type!r}")
    return int((k - 1) + k * d + c[covariance_type])


def _bic_hint(log_likelihood, n_params, n_samples):
    return -2 * log_likelihood + n_params * np.log(n_samples)  # an np.float64


def _ellipse_hint(mean, cov, n_std=2.0):
    lam, v = np.linalg.eigh(cov)
    return (2 * n_std * np.sqrt(lam[1]), 2 * n_std * np.sqrt(lam[0]),
            np.degrees(np.arctan2(v[1, 1], v[0, 1])))


@pytest.mark.parametrize("name,func", [("fit_gmm", _fit_gmm_hint),
                                       ("logsumexp", _logsumexp_hint),
                                       ("n_parameters", _n_parameters_hint),
                                       ("bic", _bic_hint),
                                       ("ellipse_params", _ellipse_hint)])
def test_a_hint_followed_literally_gets_full_marks(name, func):
    result = _grade(name, func)
    assert _full(result), result.line()


def test_fit_gmm_hint_never_runs_an_m_step_after_the_last_e_step():
    final = EXERCISES["fit_gmm"].hints[-1]
    assert "max_iter: stop" in final and "np.array" in final


# ----------------------------------------------------------------- fit_gmm: the loop's rules

def test_reference_em_runs_t_m_steps_for_max_iter_t():
    p = ref.problem(503, n=60, d=2, k=3, spread=5.0)
    for t in (0, 1, 3):
        w, m, c, lls = ref.em_fit(p["X"], p["weights"], p["means"], p["covs"], max_iter=t,
                                  tol=-np.inf)
        params = (p["weights"], p["means"], p["covs"])
        for _ in range(t):
            params = ref.m_step(p["X"], ref.e_step(p["X"], *params)[0])
        assert len(lls) == t + 1
        assert np.allclose(m, params[1]) and np.allclose(c, params[2])
        assert np.isclose(ref.e_step(p["X"], w, m, c)[1], lls[-1], rtol=1e-12)


def test_the_k1_problems_have_exact_zero_gains_and_a_decrease():
    fixed = ref.one_component(511)
    lls = ref.em_fit(fixed["X"], fixed["weights"], fixed["means"], fixed["covs"], max_iter=5,
                     tol=0.0)[3]
    assert len(lls) == 6 and np.all(np.diff(lls)[1:] == 0.0)
    low = ref.one_component(512, n=20, spread=1e-3, at_mle=True)
    lls = ref.em_fit(low["X"], low["weights"], low["means"], low["covs"], max_iter=5)[3]
    assert len(lls) == 2 and lls[1] - lls[0] < -1.0


_STOP = "if i > 0 and log_likelihoods[-1] - log_likelihoods[-2] < tol:"
_LAST = "        if i == max_iter:  # no M-step after the last E-step\n            break\n"


@pytest.mark.parametrize("edits,fragment", [
    (((_LAST, ""),), "never run an M-step after the last E-step"),
    (((_STOP, _STOP.replace("< tol", "<= tol")),), "strict"),
    (((_STOP, _STOP.replace("log_likelihoods[-1] - log_likelihoods[-2]",
                            "abs(log_likelihoods[-1] - log_likelihoods[-2])")),),
     "signed difference"),
    ((("np.array(log_likelihoods)", "list(log_likelihoods)"),), "NumPy array"),
])
def test_fit_gmm_clause_costs_one_point(edits, fragment):
    ns = Mutant(edits, fragment, "a clause of the text").namespace("fit_gmm")
    result = run_check("fit_gmm", ns["fit_gmm"])
    assert result.points == result.max_points - 1 and fragment in result.feedback, result.line()


def test_the_stopping_rule_is_judged_on_the_students_own_values():
    # an e_step whose last bits change from call to call: K = 1 gains are then +-1e-13, not 0,
    # and a correct loop with tol=0 stops at the first tiny decrease; that is the rule too
    ns = variants.solution_namespace("fit_gmm")
    exact, calls = ns["e_step"], []

    def noisy_e_step(X, weights, means, covs):
        resp, ll = exact(X, weights, means, covs)
        calls.append(1)
        return resp * (1.0 + 1e-15 * (len(calls) % 3 - 1)), ll

    ns["e_step"] = noisy_e_step
    p = ref.one_component(511)
    lls = ns["fit_gmm"](p["X"], p["weights"], p["means"], p["covs"], max_iter=5, tol=0.0)[3]
    assert len(lls) < 6  # the noise did stop it early
    assert _full(run_check("fit_gmm", ns["fit_gmm"], hidden=True))


def test_fit_gmm_may_return_the_given_arrays_for_max_iter_0():
    def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
        resp, ll = e_step(X, weights, means, covs)  # noqa: F821
        lls = [ll]
        while len(lls) <= max_iter:
            weights, means, covs = m_step(X, resp)  # noqa: F821
            resp, ll = e_step(X, weights, means, covs)  # noqa: F821
            lls.append(ll)
            if not lls[-1] - lls[-2] >= tol:
                break
        return weights, means, covs, np.asarray(lls, dtype=np.float64)

    result = Alternative(fit_gmm, "returns its inputs when max_iter=0").namespace("fit_gmm")
    assert _full(run_check("fit_gmm", result["fit_gmm"], hidden=True))


# ----------------------------------------------------------------- return types

def test_a_numpy_float64_is_a_float_and_a_0d_array_is_not():
    def bic(log_likelihood, n_params, n_samples):
        return np.float64(-2 * log_likelihood + n_params * np.log(n_samples))

    def aic(log_likelihood, n_params):
        return np.asarray(-2.0 * log_likelihood + 2.0 * n_params)

    assert _full(_grade("bic", bic))
    result = _grade("aic", aic)
    assert result.points == 0 and "0-d NumPy array" in result.feedback


def test_logsumexp_axis_none_may_return_np_float64():
    def logsumexp(a, axis=None):
        a = np.asarray(a, dtype=float)
        if axis is None:
            return np.logaddexp.reduce(a.ravel())
        return np.logaddexp.reduce(a, axis=axis)

    assert _full(_grade("logsumexp", logsumexp))


def _n_parameters_numpy_int(n_components, n_features, covariance_type="full"):
    k, d = np.int64(n_components), np.int64(n_features)
    per = {"full": k * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": k * d, "spherical": k}
    if covariance_type not in per:
        raise ValueError(f"covariance_type {covariance_type!r} is not one of {sorted(per)}")
    return (k - 1) + k * d + per[covariance_type]


def test_n_parameters_may_return_a_numpy_integer_but_not_a_float():
    assert _full(_grade("n_parameters", _n_parameters_numpy_int))
    edit = (("return (k - 1) + k * d + per[covariance_type]",
             "return float((k - 1) + k * d + per[covariance_type])"),)
    src = variants.inspect.getsource(_n_parameters_numpy_int)
    for old, new in edit:
        src = src.replace(old, new).replace("_n_parameters_numpy_int", "n_parameters")
    ns = variants.solution_namespace("n_parameters")
    exec(compile(src, "<float count>", "exec"), ns)  # noqa: S102
    result = run_check("n_parameters", ns["n_parameters"])
    assert result.points == 0 and "must be an int" in result.feedback


def test_e_step_total_may_be_np_float64():
    def e_step(X, weights, means, covs):
        logp = np.stack([np.log(w) + log_gaussian_pdf(X, m, c)  # noqa: F821
                         for w, m, c in zip(weights, means, covs)], axis=1)
        norm = logsumexp(logp, axis=1)  # noqa: F821
        return np.exp(logp - norm[:, None]), np.sum(norm)

    assert _full(_grade("e_step", e_step))


# ----------------------------------------------------------------- ellipse_params convention

@pytest.mark.parametrize("cov", [np.array([[3.0, 1.2], [1.2, 1.0]]), 2.5 * np.eye(2)])
def test_ellipse_angle_counts_modulo_180_and_any_angle_for_a_circle(cov):
    from gmmlab.exercises import ellipse_params as ex

    width, height, angle = ref.ellipse(cov)
    for turn in (-180.0, 180.0, 540.0):
        assert ex._same_ellipse((width, height, angle + turn), (width, height, angle))
        assert ex._major_first((width, height, angle + turn), (width, height, angle)) is None
    if np.isclose(width, height):
        assert ex._same_ellipse((width, height, 37.0), (width, height, angle))
    else:
        assert ex._major_first((height, width, angle + 90.0), (width, height, angle))


# ----------------------------------------------------------------- the text states it

@pytest.mark.parametrize("stem,sentence", [
    ("05_em", "is **strictly** below `tol`"),
    ("05_em", "never run an M-step\n  after the last E-step"),
    ("05_em", "return `log_likelihoods` as a 1-D NumPy array"),
    ("02_logsumexp", "a 0-d array is not"),
    ("02_logsumexp", "a slice that contains `+inf` gives `+inf`"),
    ("07_model_selection", "names the parameter `covariance_type`"),
    ("07_model_selection", "a 0-d NumPy array or an `int` is not"),
    ("01_gaussian", "(so\n`width >= height`)"),
    ("01_gaussian", "also when `X` has a single row"),
    ("01_gaussian", "determinant itself underflows to 0 or overflows to `inf`"),
    ("03_e_step", "an array of one element is not"),
    ("04_m_step", "with `reg_covar=0` nothing is\nadded"),
])
def test_the_solution_text_states_the_decision(stem, sentence):
    assert sentence in (variants.SOLUTIONS / f"{stem}.md").read_text()
