"""Variants of chapter 05: fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6).

e_step and m_step (and log_gaussian_pdf, logsumexp) are in scope from the "Bring your building
blocks" cell.
"""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "fit_gmm-for-break",
        "what": "for over range(max_iter + 1): e_step, append, break if the increase over the previous value is < tol, otherwise m_step unless this was the last allowed E-step.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = np.array(weights, dtype=float), np.array(means, dtype=float), np.array(covs, dtype=float)
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        if i == max_iter:
            break
        w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "correct",
        "id": "fit_gmm-while-counter",
        "what": "while loop counting E-steps, with a prev_ll variable initialised to None; the M-step is guarded by the E-step budget so the returned parameters are always the last evaluated ones.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    params = (weights.copy(), means.copy(), covs.copy())
    history = []
    prev_ll = None
    n_estep = 0
    while n_estep <= max_iter:
        resp, ll = e_step(X, *params)
        n_estep += 1
        history.append(ll)
        converged = prev_ll is not None and (ll - prev_ll) < tol
        if converged or n_estep == max_iter + 1:
            break
        params = m_step(X, resp)
        prev_ll = ll
    w, m, c = params
    return w, m, c, np.asarray(history, dtype=float)
''',
    },
    {
        "kind": "correct",
        "id": "fit_gmm-preallocated-history",
        "what": "Preallocates np.empty(max_iter + 1) for the log-likelihoods and slices it to the number of E-steps actually run; convergence test on lls[i] - lls[i - 1].",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = np.empty(max_iter + 1)
    w, m, c = weights, means, covs          # never written to: m_step returns new arrays
    n_done = 0
    for i in range(max_iter + 1):
        resp, lls[i] = e_step(X, w, m, c)
        n_done = i + 1
        if i >= 1 and lls[i] - lls[i - 1] < tol:
            break
        if n_done <= max_iter:
            w, m, c = m_step(X, resp)
    return w, m, c, lls[:n_done].copy()
''',
    },
    {
        "kind": "correct",
        "id": "fit_gmm-first-estep-outside",
        "what": "Runs the first E-step before the loop (guarded for max_iter < 0), then each loop pass is M-step followed by E-step and the test; E-step count never exceeds max_iter + 1.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w = np.copy(weights)
    m = np.copy(means)
    c = np.copy(covs)
    if max_iter < 0:
        return w, m, c, np.array([], dtype=float)
    resp, ll = e_step(X, w, m, c)
    log_likelihoods = [ll]
    for _ in range(1, max_iter + 1):
        w, m, c = m_step(X, resp)
        resp, ll = e_step(X, w, m, c)
        log_likelihoods.append(ll)
        if log_likelihoods[-1] - log_likelihoods[-2] < tol:
            break
    return w, m, c, np.array(log_likelihoods)
''',
    },
    {
        "kind": "correct",
        "id": "fit_gmm-pending-mstep",
        "what": "Keeps the responsibilities of the last E-step and performs the M-step lazily at the START of the next pass, so no M-step can ever follow the final E-step; gain computed as ll - previous with previous = -inf before index 1 but only tested from index 1.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    current = [np.array(weights), np.array(means), np.array(covs)]
    lls = []
    resp = None
    for it in range(max_iter + 1):
        if resp is not None:
            current = list(m_step(X, resp))
        resp, ll = e_step(X, *current)
        previous = lls[-1] if lls else -np.inf
        lls.append(ll)
        if it >= 1 and ll - previous < tol:
            break
    return current[0], current[1], current[2], np.array(lls, dtype=float)
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "fit_gmm-mstep-after-last-estep",
        "what": "Follows 'otherwise run m_step' literally even after the last allowed E-step, so when the budget runs out it returns parameters one M-step beyond the last recorded log-likelihood; violates 'return the parameters whose log-likelihood you just computed' and 'fit_gmm(..., max_iter=t, tol=-np.inf) returns the parameters after exactly t M-steps'.",
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
    {
        "kind": "mistake",
        "id": "fit_gmm-mstep-before-test",
        "what": "Runs E-step and M-step and only then tests convergence, so on convergence it returns the parameters of one extra M-step; violates 'return the parameters whose log-likelihood you just computed (do not run one more M-step)'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        w, m, c = m_step(X, resp)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-ll-after-mstep",
        "what": "Records the log-likelihood of the parameters AFTER each M-step (E-step, M-step, E-step again for the value), so log_likelihoods[0] is not the initial parameters' value and two E-steps run per pass; violates 'log_likelihoods[0] is the log-likelihood of the initial parameters' and 'at most max_iter + 1 values'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, _ = e_step(X, w, m, c)
        w, m, c = m_step(X, resp)
        _, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-max-iter-e-steps",
        "what": "Counts max_iter as the number of E-steps: an initial E-step and then max_iter - 1 (M-step, E-step) passes, i.e. one M-step too few; violates 'max_iter is the largest number of iterations (M-steps)' (max_iter=0 gives an empty history, max_iter=t gives t - 1 M-steps).",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    resp, ll = e_step(X, w, m, c)
    lls = [ll]
    for _ in range(max_iter - 1):
        w, m, c = m_step(X, resp)
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if lls[-1] - lls[-2] < tol:
            break
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-per-sample-tolerance",
        "what": "Tests the gain of the AVERAGE log-likelihood per point against tol (scikit-learn's convention, mentioned in the chapter), so it stops far too early; violates 'Stop when the total log-likelihood increases by less than this'.",
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
        if i < max_iter:
            w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-prev-starts-at-zero",
        "what": "Initialises prev_ll = 0 and tests from the very first E-step; the first (negative) log-likelihood is 'an increase below tol', so it stops after one E-step; violates 'after computing a new value (from index 1 on), stop ...'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    prev_ll = 0.0
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if ll - prev_ll < tol:
            break
        prev_ll = ll
        if i < max_iter:
            w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-less-or-equal",
        "what": "Stops when the gain is <= tol instead of strictly below it; with tol=0 a fit that reaches an exact fixed point (e.g. K=1, where the first M-step already gives the MLE) stops instead of running to max_iter; violates 'stop as soon as the increase over the previous value is below tol'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] <= tol:
            break
        if i < max_iter:
            w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-updates-inputs-in-place",
        "what": "Writes each M-step result into the caller's arrays with weights[:] = ..., means[:] = ..., covs[:] = ...; violates 'do not modify the arrays you are given'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, weights, means, covs)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        if i < max_iter:
            new_w, new_m, new_c = m_step(X, resp)
            weights[:] = new_w
            means[:] = new_m
            covs[:] = new_c
    return weights, means, covs, np.array(lls)
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-returns-list",
        "what": "Returns the Python list of log-likelihoods instead of an array; violates 'log_likelihoods : ndarray of shape (n_iterations,)' / the stub's 'return ... np.array of the log-likelihoods'.",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        if i < max_iter:
            w, m, c = m_step(X, resp)
    return w, m, c, lls
''',
    },
    {
        "kind": "mistake",
        "id": "fit_gmm-abs-gain",
        "what": "Stops when |gain| < tol instead of gain < tol, so a log-likelihood DECREASE larger than tol (possible when reg_covar pushes a near-singular component away from the exact maximiser, e.g. tiny-variance data started at its unregularised MLE) does not stop the loop; violates 'stop as soon as the increase over the previous value is below tol' (a negative increase is below tol).",
        "source": '''import numpy as np


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    w, m, c = weights.copy(), means.copy(), covs.copy()
    lls = []
    for i in range(max_iter + 1):
        resp, ll = e_step(X, w, m, c)
        lls.append(ll)
        if i > 0 and abs(lls[-1] - lls[-2]) < tol:
            break
        if i < max_iter:
            w, m, c = m_step(X, resp)
    return w, m, c, np.array(lls)
''',
    },
]
