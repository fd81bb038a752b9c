"""Variants for chapter 05: fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6).

e_step(X, weights, means, covs) and m_step(X, resp, reg_covar=1e-6) are in scope (correct implementations).
"""

VARIANTS = [
    {
        "kind": "correct",
        "id": "fit_gmm-for-break",
        "what": "for i in range(max_iter + 1): E-step, append, stop if i > 0 and the gain is < tol, stop before an M-step after the last allowed E-step, otherwise M-step; works on copies and returns np.array of the values.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = np.array(weights, dtype=float), np.array(means, dtype=float), np.array(covs, dtype=float)
    log_likelihoods = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        log_likelihoods.append(ll)
        if i > 0 and log_likelihoods[-1] - log_likelihoods[-2] < tol:
            break
        if i == max_iter:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, np.array(log_likelihoods)
''',
    },
    {
        "kind": "correct",
        "id": "fit_gmm-while-counter",
        "what": "while loop with an explicit E-step counter (MATLAB style), convergence tested against a 'previous' value that is refreshed every iteration, M-step only when another E-step is allowed.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    params = (weights.copy(), means.copy(), covs.copy())
    history = np.zeros(max_iter + 1)
    n_e = 0
    prev = None
    while n_e <= max_iter:
        resp, ll = e_step(X, *params)
        history[n_e] = ll
        n_e += 1
        if prev is not None and ll - prev < tol:
            break
        if n_e == max_iter + 1:
            break
        prev = ll
        params = m_step(X, resp)
    w, m, c = params
    return w, m, c, history[:n_e].copy()
''',
    },
    {
        "kind": "correct",
        "id": "fit_gmm-generator",
        "what": "A generator yields (params, resp, ll) for successive E-steps (lazily running the M-step only when the next value is requested); the consumer stops on the tol rule or after max_iter + 1 values.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    def em_path(params):
        while True:
            resp, ll = e_step(X, *params)
            yield params, ll
            params = m_step(X, resp)

    lls = []
    last = (np.copy(weights), np.copy(means), np.copy(covs))
    for count, (params, ll) in enumerate(em_path(last), start=1):
        lls.append(ll)
        last = params
        if len(lls) >= 2 and lls[-1] - lls[-2] < tol:
            break
        if count >= max_iter + 1:
            break
    return last[0], last[1], last[2], np.asarray(lls, dtype=float)
''',
    },
    {
        "kind": "correct",
        "id": "fit_gmm-dict-state",
        "what": "Keeps the state in a dict, runs E-steps in a for loop over range(1, max_iter + 2) (1-based count like R), M-step guarded by 'it <= max_iter', same stopping rule.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    state = {"weights": np.array(weights, copy=True), "means": np.array(means, copy=True),
             "covs": np.array(covs, copy=True), "ll": []}
    for it in range(1, max_iter + 2):
        resp, ll = e_step(X, state["weights"], state["means"], state["covs"])
        state["ll"].append(ll)
        if it >= 2 and (state["ll"][it - 1] - state["ll"][it - 2]) < tol:
            break
        if it <= max_iter:
            state["weights"], state["means"], state["covs"] = m_step(X, resp)
    return state["weights"], state["means"], state["covs"], np.array(state["ll"])
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-extra-estep",
        "what": "Loops over range(max_iter + 2) (off by one), so up to max_iter + 1 M-steps are run; violates 'at most max_iter + 1 values' (max_iter is the number of M-steps).",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 2):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        if i == max_iter + 1:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-mstep-after-convergence",
        "what": "Runs the M-step before testing convergence, so the returned parameters are one M-step beyond the last log-likelihood (differences below tol, hard to see); violates 'return the parameters whose log-likelihood you just computed (do not run one more M-step)'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        w, m, c = m_step(X, resp)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-ll-after-mstep",
        "what": "Records the log-likelihood only after each M-step (M-step first, then E-step), so log_likelihoods[0] is not the log-likelihood of the initial parameters; violates 'log_likelihoods[0] is the log-likelihood of the initial parameters you were given'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    resp, _ = e_step(X, w, m, c)
    lls = []
    for i in range(max_iter + 1):
        w, m, c = m_step(X, resp)
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-less-equal-tol",
        "what": "Stops when the gain is <= tol instead of < tol: identical unless the gain equals tol exactly, e.g. tol=0 with a fit that reaches an exact fixed point (K = 1 gives a gain of exactly 0.0 after one M-step); violates 'stop as soon as the increase over the previous value is below tol'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] <= tol:
            break
        if i == max_iter:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-writes-into-inputs",
        "what": "Updates the parameters by slice assignment into the caller's arrays (weights[:] = ...), so the results are right but the initial arrays are overwritten; violates 'do not modify the arrays you are given'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, weights, means, covs)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        if i == max_iter:
            break
        new_w, new_m, new_c = m_step(X, resp)
        weights[:] = new_w
        means[:] = new_m
        covs[:] = new_c
    return weights.copy(), means.copy(), covs.copy(), np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-relative-tol",
        "what": "Tests the relative gain (ll_new - ll_old) / |ll_old| < tol, so it stops far too early on totals of hundreds of points; violates 'Stop when the total log-likelihood increases by less than this'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and (lls[-1] - lls[-2]) / abs(lls[-2]) < tol:
            break
        if i == max_iter:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-mean-ll-tol",
        "what": "Applies tol to the average log-likelihood per point (scikit-learn habit), i.e. stops when the total gain is below N * tol; violates 'Stop when the total log-likelihood increases by less than this'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    n = X.shape[0]
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and (lls[-1] - lls[-2]) / n < tol:
            break
        if i == max_iter:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-stale-previous",
        "what": "Sets prev_ll from the first E-step and never updates it, so every gain is measured from the initial log-likelihood and the loop practically never stops before max_iter; violates 'stop as soon as the increase over the previous value is below tol'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    prev_ll = None
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if prev_ll is None:
            prev_ll = ll
        elif ll - prev_ll < tol:
            break
        if i == max_iter:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-returns-list",
        "what": "Returns the log-likelihoods as a Python list, not an ndarray; violates 'log_likelihoods : ndarray of shape (n_iterations,)' and the stub's 'return the parameters and np.array of the log-likelihoods'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        if i == max_iter:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, lls
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-mstep-after-last-estep",
        "what": "Follows the stub's loop literally and also runs an M-step after the last allowed E-step when not converged, so fit_gmm(..., max_iter=t, tol=-np.inf) returns parameters after t + 1 M-steps; violates 'fit_gmm(..., max_iter=t, tol=-np.inf) returns the parameters after exactly t M-steps' (NB: the stub message itself reads as allowing this; see report).",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
]
