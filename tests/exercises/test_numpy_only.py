"""The NumPy-only rule: static and run-time detection of forbidden libraries."""

import pytest

from gmmlab.exercises import run_check
from gmmlab.exercises.numpy_only import static_violation
from gmmlab.exercises.variants import solution_namespace

# Student cells with module-level imports and helpers, run after the chapter's solution cells:
# the rule must see through the names they bind, so they stay cell sources here.


def namespace(name, source):
    """The solution namespace of ``name``'s chapter after running ``source`` as one more cell."""
    ns = solution_namespace(name)
    exec(compile(source, f"<cell redefining {name}>", "exec"), ns)  # noqa: S102
    return ns

FORBIDDEN = {
    "import inside the function": """
def logsumexp(a, axis=None):
    import scipy.special
    return scipy.special.logsumexp(a, axis=axis)
""",
    "module attribute": """
import scipy
import scipy.special
def logsumexp(a, axis=None):
    return scipy.special.logsumexp(a, axis=axis)
""",
    "hidden behind a helper": """
from scipy import special as _sp
def _helper(a, axis):
    return _sp.logsumexp(a, axis=axis)
def logsumexp(a, axis=None):
    return _helper(a, axis)
""",
    "hidden behind getattr": """
import importlib
def logsumexp(a, axis=None):
    mod = importlib.import_module("scipy." + "special")
    return getattr(mod, "log" + "sumexp")(a, axis=axis)
""",
}


@pytest.mark.parametrize("how", list(FORBIDDEN))
def test_forbidden_logsumexp_gets_zero(how):
    ns = namespace("logsumexp", FORBIDDEN[how])
    result = run_check("logsumexp", ns["logsumexp"])
    assert result.points == 0
    assert "NumPy-only" in result.feedback and "scipy.special.logsumexp" in result.feedback


def test_sklearn_gaussian_mixture_is_detected_in_fit_gmm():
    ns = namespace("fit_gmm", """
from sklearn.mixture import GaussianMixture
def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    gm = GaussianMixture(len(weights), weights_init=weights, means_init=means,
                         precisions_init=np.linalg.inv(covs), max_iter=max_iter, tol=tol).fit(X)
    return gm.weights_, gm.means_, gm.covariances_, [gm.lower_bound_]
""")
    result = run_check("fit_gmm", ns["fit_gmm"])
    assert result.points == 0 and "scikit-learn" in result.feedback


def test_gmmlab_reference_is_detected():
    ns = namespace("log_gaussian_pdf", """
import gmmlab.exercises.reference
def log_gaussian_pdf(X, mean, cov):
    return gmmlab.exercises.reference.log_gauss(X, mean, cov)
""")
    assert static_violation(ns["log_gaussian_pdf"]) is not None
    assert run_check("log_gaussian_pdf", ns["log_gaussian_pdf"]).points == 0


def test_numpy_and_scipy_linalg_are_allowed():
    ns = namespace("log_gaussian_pdf", """
import scipy.linalg
def log_gaussian_pdf(X, mean, cov):
    L = scipy.linalg.cholesky(cov, lower=True)
    z = scipy.linalg.solve_triangular(L, (X - mean).T, lower=True)
    d = X.shape[1]
    return -0.5 * (d * np.log(2 * np.pi) + 2 * np.log(np.diag(L)).sum() + (z ** 2).sum(0))
""")
    assert static_violation(ns["log_gaussian_pdf"]) is None
    assert run_check("log_gaussian_pdf", ns["log_gaussian_pdf"]).status == "correct"
