"""Course rules read from the code: no Python loop over the samples, no log(det(...)).

The exercise modules opt in with ``RULES`` (and ``SAMPLE_ARGUMENTS``); here the attributes are
set with monkeypatch, so the tests do not depend on which module lists which rule.
"""

import inspect
import itertools

import numpy as np
import pytest

from gmmlab.exercises import EXERCISES, rules, run_check
from gmmlab.exercises.variants import solution_namespace, solution_source

_COUNTER = itertools.count()


def cell(source, ns=None, remember=True):
    """Run ``source`` as a notebook cell would (its source kept in the line cache) in ``ns``."""
    ns = {"np": np} if ns is None else ns
    filename = f"<test cell {next(_COUNTER)}>"
    if remember:
        rules.remember_source(source, filename)
    exec(compile(source, filename, "exec"), ns)  # noqa: S102
    return ns


def func(source, name="f"):
    return cell(source)[name]


#: Loops over the samples, in the shapes students write them: each must be found.
SAMPLE_LOOPS = {
    "range(n) from X.shape": """
def f(X, mean, cov):
    n, d = X.shape
    out = np.empty(n)
    for i in range(n):
        out[i] = X[i] @ X[i]
    return out
""",
    "rows of X": "def f(X, mean, cov):\n    return np.array([x @ x for x in X])\n",
    "enumerate the centred rows": """
def f(X, mean, cov):
    diff = X - mean
    out = []
    for i, x in enumerate(diff):
        out.append(x @ x)
    return np.array(out)
""",
    "range(X.shape[0])": "def f(X, w, m, c):\n    for i in range(X.shape[0]):\n        pass\n",
    "range(len(X))": "def f(X, w, m, c):\n    for i in range(len(X)):\n        pass\n",
    "while i < n": """
def f(X, w, m, c):
    i, n = 0, X.shape[0]
    while i < n:
        i += 1
""",
    "apply_along_axis over rows": """
def f(X, mean, cov):
    return np.apply_along_axis(lambda x: x @ x, 1, X - mean)
""",
    "np.vectorize": """
def f(X, mean, cov):
    g = np.vectorize(lambda a: 2 * a)
    return g(X[:, 0])
""",
    "map over rows": "def f(X, mean, cov):\n    return np.array(list(map(lambda x: x @ x, X)))\n",
    "rows of an (n, K) array": """
def f(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    for n in range(a.shape[0]):
        a[n] -= a[n].max()
    return a
""",
    "columns of the solved system": """
def f(X, mean, cov):
    z = np.linalg.solve(np.linalg.cholesky(cov), (X - mean).T)
    return np.array([col @ col for col in z.T])
""",
    "labels one by one": """
def f(X, n_components, rng):
    labels = np.argmin(((X[:, None] - X[None, :n_components]) ** 2).sum(-1), axis=1)
    for i, label in enumerate(labels):
        pass
""",
    "assignment loop in k-means": """
def f(X, n_components, rng):
    n, d = X.shape
    centres = X[:n_components]
    labels = np.empty(n, dtype=int)
    for i in range(n):
        labels[i] = np.argmin(np.sum((centres - X[i]) ** 2, axis=1))
    return labels
""",
    "a helper that loops": """
def _dist(points, centres):
    return np.array([[np.sum((p - c) ** 2) for c in centres] for p in points])

def f(X, n_components, rng):
    return _dist(X, X[:n_components]).argmin(axis=1)
""",
}

#: Correct code with loops over the components, the Lloyd rounds or drawn indices: never a finding.
COMPONENT_LOOPS = {
    "comprehension over zip(weights, means, covs)": """
def f(X, weights, means, covs):
    cols = [np.log(w) + log_pdf(X, m, c) for w, m, c in zip(weights, means, covs)]
    return np.column_stack(cols)
""",
    "range(K) and friends in an M-step": """
def f(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k]
    for k in range(len(means)):
        pass
    for k in range(means.shape[0]):
        pass
    for m in means:
        pass
    for r in resp.T:
        pass
    return nk / n, means, covs
""",
    "k-means with seeding, rounds and unique labels": """
def f(X, n_components, rng):
    n, d = X.shape
    centres = np.empty((n_components, d))
    centres[0] = X[rng.integers(n)]
    closest = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, n_components):
        centres[j] = X[rng.choice(n, p=closest / closest.sum())]
    labels = None
    for _ in range(100):
        labels = np.argmin(np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2), axis=1)
        for k in range(n_components):
            if (labels == k).any():
                centres[k] = X[labels == k].mean(axis=0)
    for k in np.unique(labels):
        pass
    for k in sorted(set(labels)):
        pass
    for i in rng.choice(n, size=n_components, replace=False):
        pass
    rounds = 0
    while rounds < 100:
        rounds += 1
    return centres
""",
    "solved system summed per sample": """
def f(X, mean, cov):
    z = np.linalg.solve(np.linalg.cholesky(cov), (X - mean).T)
    for i in range(z.shape[0]):
        pass
    return (z ** 2).sum(axis=0)
""",
    "EM iterations": """
def f(X, weights, means, covs, max_iter=100, tol=1e-6):
    history = []
    for i in range(max_iter):
        history.append(i)
    return history
""",
    "apply_along_axis over the features": """
def f(X, mean, cov):
    return np.apply_along_axis(np.mean, 0, X)
""",
}


@pytest.mark.parametrize("case", list(SAMPLE_LOOPS))
def test_a_loop_over_the_samples_is_found(case):
    found = rules.sample_loops(func(SAMPLE_LOOPS[case]))
    assert found, case
    assert all(f.rule == "no_sample_loop" and f.line for f in found)


@pytest.mark.parametrize("case", list(COMPONENT_LOOPS))
def test_a_loop_over_the_components_is_never_found(case):
    assert rules.sample_loops(func(COMPONENT_LOOPS[case]), ("X", "resp")) == []


def test_the_finding_names_the_loop_and_its_line():
    found = rules.sample_loops(func(SAMPLE_LOOPS["range(n) from X.shape"]))
    assert (found[0].code, found[0].line) == ("for i in range(n)", 5)
    text = rules.message(found[0])
    assert "`for i in range(n)`, line 5" in text and "1 point" in text
    helper = rules.sample_loops(func(SAMPLE_LOOPS["a helper that loops"]))
    assert helper[0].where == "_dist" and "in _dist" in rules.message(helper[0])


def test_resp_is_a_sample_array_when_the_module_says_so():
    loop = func("def f(X, resp, reg_covar=1e-6):\n    for r in resp:\n        pass\n")
    assert rules.sample_loops(loop) == []
    assert rules.sample_loops(loop, (0, 1))
    assert rules.sample_loops(loop, ("resp",))


LOG_DETS = {
    "direct": "def f(X, mean, cov):\n    return np.log(np.linalg.det(cov)) + 0 * X[:, 0]\n",
    "through a name": """
def f(X, mean, cov):
    det = np.linalg.det(2 * np.pi * cov)
    return -0.5 * np.log(det) + 0 * X[:, 0]
""",
    "abs and imported det": """
from numpy.linalg import det
def f(X, mean, cov):
    return -0.5 * np.log(abs(det(cov))) + 0 * X[:, 0]
""",
    "product of the Cholesky diagonal": """
def f(X, mean, cov):
    L = np.linalg.cholesky(cov)
    return -np.log(np.prod(np.diag(L))) + 0 * X[:, 0]
""",
}
GOOD_LOG_DETS = {
    "Cholesky": """
def f(X, mean, cov):
    L = np.linalg.cholesky(cov)
    return -np.sum(np.log(np.diag(L))) + 0 * X[:, 0]
""",
    "slogdet": "def f(X, mean, cov):\n    return -0.5 * np.linalg.slogdet(cov)[1] + 0 * X[:, 0]\n",
    "det without a log": """
def f(X, mean, cov):
    pdf = np.exp(-0.5 * np.sum(X ** 2, 1)) / np.sqrt(np.linalg.det(2 * np.pi * cov))
    return np.log(pdf)
""",
}


@pytest.mark.parametrize("case", list(LOG_DETS))
def test_log_of_a_determinant_is_found(case):
    found = rules.log_dets(func(LOG_DETS[case]))
    assert found and found[0].rule == "no_log_det", case
    assert "Cholesky" in rules.message(found[0])


@pytest.mark.parametrize("case", list(GOOD_LOG_DETS))
def test_a_stable_log_determinant_is_not_found(case):
    assert rules.log_dets(func(GOOD_LOG_DETS[case])) == []


def test_without_source_no_rule_is_checked_and_nothing_breaks():
    loop = cell(SAMPLE_LOOPS["rows of X"], remember=False)["f"]
    with pytest.raises(OSError):
        inspect.getsource(loop)
    assert rules.check(loop, ("no_sample_loop", "no_log_det")) == []
    assert rules.check(len, ("no_sample_loop",)) == []
    assert rules.check(lambda X: [x for x in X], ("no_sample_loop",)) == []


def test_unknown_rule_is_a_value_error():
    with pytest.raises(ValueError, match="no_sample_loop"):
        rules.check(func(SAMPLE_LOOPS["rows of X"]), ("no_loops",))


def test_a_notebook_cell_has_its_source():
    """IPython keeps every cell in the line cache: the rule reads a function defined in one."""
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    shell = interactiveshell.InteractiveShell.instance()
    try:
        result = shell.run_cell(SAMPLE_LOOPS["range(n) from X.shape"], store_history=True)
        assert result.success
        f = shell.user_ns["f"]
        assert "for i in range(n)" in inspect.getsource(f)
        found = rules.sample_loops(f)
        assert found and found[0].code == "for i in range(n)"
    finally:
        interactiveshell.InteractiveShell.clear_instance()


# --------------------------------------------------------------------- the runner applies them

LOOPED_LOG_PDF = """
def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=np.float64)
    L = np.linalg.cholesky(cov)
    d = X.shape[1]
    out = np.empty(X.shape[0])
    for i in range(X.shape[0]):
        z = np.linalg.solve(L, X[i] - mean)
        out[i] = -0.5 * (d * np.log(2 * np.pi) + LOGDET + z @ z)
    return out
"""
GOOD_LOGDET = "2 * np.sum(np.log(np.diag(L)))"
BAD_LOGDET = "np.log(np.linalg.det(cov))"


@pytest.fixture
def with_rules(monkeypatch):
    def set_rules(name, names, samples=None):
        module = EXERCISES[name].module
        monkeypatch.setattr(module, "RULES", names, raising=False)
        if samples is not None:
            monkeypatch.setattr(module, "SAMPLE_ARGUMENTS", samples, raising=False)
    return set_rules


def _with_and_without(with_rules, name, source, names, samples=None):
    """Verdicts of ``source`` without rules and with the rules ``names``."""
    ns = cell(source, solution_namespace(name))
    with_rules(name, ())
    without = run_check(name, ns[name], hidden=True)
    with_rules(name, names, samples)
    return without, run_check(name, ns[name], hidden=True)


def test_a_loop_over_the_samples_costs_one_point(with_rules):
    without, result = _with_and_without(with_rules, "log_gaussian_pdf",
                                        LOOPED_LOG_PDF.replace("LOGDET", GOOD_LOGDET),
                                        ("no_sample_loop", "no_log_det"))
    assert without.status == "correct", without.line()  # RULES off: nothing is read
    assert result.points == result.max_points - 1, result.line()
    assert "loops over the samples" in result.feedback and "line 7" in result.feedback


def test_each_rule_costs_its_point_never_below_zero(with_rules):
    without, result = _with_and_without(with_rules, "log_gaussian_pdf",
                                        LOOPED_LOG_PDF.replace("LOGDET", BAD_LOGDET),
                                        ("no_sample_loop", "no_log_det"))
    assert result.points == max(0.0, without.points - 2), (without.line(), result.line())
    assert "loops over the samples" in result.feedback
    assert "log of a determinant" in result.feedback


def test_never_below_zero(with_rules):
    wrong = LOOPED_LOG_PDF.replace("LOGDET", GOOD_LOGDET).replace("-0.5 *", "0.5 *")
    without, result = _with_and_without(with_rules, "log_gaussian_pdf", wrong,
                                        ("no_sample_loop", "no_log_det"))
    assert without.points == 0 and result.points == 0
    assert "loops over the samples" in result.feedback


def test_rules_only_where_the_module_asks(with_rules):
    _without, result = _with_and_without(with_rules, "log_gaussian_pdf",
                                         LOOPED_LOG_PDF.replace("LOGDET", GOOD_LOGDET),
                                         ("no_log_det",))
    assert result.status == "correct", result.line()


E_STEP_LOOPS = """
def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    resp = np.empty_like(a)
    total = 0.0
    for n in range(a.shape[0]):
        lse = logsumexp(a[n])
        resp[n] = np.exp(a[n] - lse)
        total += lse
    return resp, float(total)
"""
E_STEP_OVER_COMPONENTS = """
def e_step(X, weights, means, covs):
    n, K = X.shape[0], len(weights)
    a = np.empty((n, K))
    for k, (w, m, c) in enumerate(zip(weights, means, covs)):
        a[:, k] = np.log(w) + log_gaussian_pdf(X, m, c)
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(lse.sum())
"""
M_STEP_OVER_COMPONENTS = """
def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    covs = []
    for k, r in enumerate(resp.T):
        diff = X - means[k]
        covs.append((r[:, None] * diff).T @ diff / nk[k] + reg_covar * np.eye(d))
    return nk / n, means, np.array(covs)
"""
M_STEP_LOOPS = """
def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    covs = np.zeros((resp.shape[1], d, d))
    for x, r in zip(X, resp):
        diffs = x - means
        covs += r[:, None, None] * diffs[:, :, None] * diffs[:, None, :]
    covs = covs / nk[:, None, None] + reg_covar * np.eye(d)
    return nk / n, means, covs
"""


@pytest.mark.parametrize("name,source,loops", [
    ("e_step", E_STEP_LOOPS, True), ("e_step", E_STEP_OVER_COMPONENTS, False),
    ("m_step", M_STEP_LOOPS, True), ("m_step", M_STEP_OVER_COMPONENTS, False),
])
def test_sample_loops_lose_a_point_and_component_loops_do_not(with_rules, name, source, loops):
    with_rules(name, ("no_sample_loop",), (0, 1) if name == "m_step" else None)
    ns = cell(source, solution_namespace(name))
    result = run_check(name, ns[name], hidden=True)
    if loops:
        assert result.points == result.max_points - 1, result.line()
        assert "loops over the samples" in result.feedback
    else:
        assert result.status == "correct", result.line()


def test_a_looping_earlier_exercise_is_not_the_e_steps_fault(with_rules):
    """e_step calls the student's log_gaussian_pdf: its loop is graded in its own exercise."""
    with_rules("e_step", ("no_sample_loop",))
    ns = cell(LOOPED_LOG_PDF.replace("LOGDET", GOOD_LOGDET), solution_namespace("e_step"))
    ns = cell(E_STEP_OVER_COMPONENTS, ns)
    assert run_check("e_step", ns["e_step"]).status == "correct"


@pytest.mark.parametrize("name", list(EXERCISES))
def test_the_solutions_break_no_rule(name):
    """Every rule, whether the module lists it or not, and the module's sample arguments."""
    module = EXERCISES[name].module
    samples = getattr(module, "SAMPLE_ARGUMENTS", rules.DEFAULT_SAMPLE_ARGUMENTS)
    ns = cell(solution_source(name), solution_namespace(name))
    assert rules.check(ns[name], tuple(rules.RULES), samples) == []
    assert rules.check(ns[name], tuple(rules.RULES), ("X", "resp")) == []


@pytest.mark.parametrize("name", list(EXERCISES))
def test_correct_alternatives_keep_the_rules_of_their_module(name):
    """An ALTERNATIVE is full marks: it must not break a rule its module lists in RULES."""
    module = EXERCISES[name].module
    listed = tuple(getattr(module, "RULES", ()))
    samples = getattr(module, "SAMPLE_ARGUMENTS", rules.DEFAULT_SAMPLE_ARGUMENTS)
    for alternative in getattr(module, "ALTERNATIVES", ()):
        found = rules.check(alternative.func, listed, samples)
        assert not found, f"{alternative.description!r}: {[rules.message(f) for f in found]}"
