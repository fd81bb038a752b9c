"""GaussianMixture: a scikit-learn compatible EM estimator that also records its fit history."""

import warnings
from typing import ClassVar

import numpy as np

# scikit-learn gives get_params/set_params/clone, the tags and the parameter validation.
from sklearn.base import BaseEstimator, DensityMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.utils import check_random_state
from sklearn.utils.validation import _check_feature_names

from . import validation as V
from .fast.passes import blas_limited, em_pass
from .fast.statistics import params_from_statistics
from .gaussian import (
    covariances_from_precision_cholesky,
    precision_cholesky,
    precision_cholesky_from_precisions,
    precisions_from_cholesky,
)
from .initialization import initial_responsibilities
from .mstep import EPS_NK, m_step
from .sampling import sample_mixture

__all__ = ["ConvergenceWarning", "GaussianMixture"]

#: Input dtypes kept as they are (anything else becomes float64), as in scikit-learn.
_FLOAT_DTYPES = (np.float64, np.float32)


def _engine(X):
    """(pass over X, iterations(max_iter, verbose)): in memory, or over a Dask array's chunks."""
    if V.is_dask_array(X):  # there a pass is long: a bar over the iterations when verbose
        from . import distributed

        return distributed.em_pass, distributed.iterations
    return em_pass, lambda max_iter, verbose: range(1, max_iter + 1)


class GaussianMixture(DensityMixin, BaseEstimator):
    """Gaussian mixture fitted by expectation-maximisation (drop-in for scikit-learn's).

    Parameters
    ----------
    n_components : int, default=1
    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
    tol : float, default=1e-3
        Stop when the mean log-likelihood per sample changes by less than ``tol``.
    reg_covar : float, default=1e-6
        Added to the diagonal of every covariance.
    max_iter : int, default=100
    n_init : int, default=1
        Number of initialisations; the best (highest lower bound) is kept.
    init_params : {"kmeans", "k-means++", "random", "random_from_data"}, default="kmeans"
    weights_init : array-like of shape (n_components,), default=None
    means_init : array-like of shape (n_components, n_features), default=None
    precisions_init : array-like, default=None
        Shape full (K, d, d), tied (d, d), diag (K, d), spherical (K,).
    random_state : None, int or RandomState
        The same value gives the same start and fit as scikit-learn's, for every init_params.
    warm_start : bool, default=False
        Continue from the previous fit (``n_init`` is then ignored).
    verbose : int, default=0
        1: a progress bar over initialisations (on a Dask array also one over the iterations);
        2: also a line every ``verbose_interval`` steps.
    verbose_interval : int, default=10
    snapshot_every : int, default=5
        Record the parameters every ``snapshot_every`` iterations in ``history_``.

    Attributes
    ----------
    weights_, means_, covariances_, precisions_, precisions_cholesky_ : ndarray
    converged_ : bool
    n_iter_ : int
    lower_bound_ : float
        Mean log-likelihood per sample of the parameters before the last M-step.
    lower_bounds_ : list of float
    history_ : dict
        ``"log_likelihood"``: ndarray (n_iter_ + 1,), the TOTAL log-likelihood of the initial
        parameters and after every iteration; ``"snapshots"``: list of dicts with keys
        ``iteration``, ``weights``, ``means``, ``covariances``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` has column names (a pandas DataFrame).

    The fitted parameters, ``predict_proba`` and ``score_samples`` keep the dtype of ``X``
    (float32 or float64; anything else is converted to float64), as in scikit-learn.

    Every method also takes a Dask array (out of core, or on a cluster through Dask's current
    scheduler): see :mod:`gmmlab.numerics.distributed`. Predictions then come back as Dask
    arrays, and ``score``, ``bic`` and ``aic`` as numbers.
    """

    # Checked by scikit-learn's ``_fit_context`` when ``fit`` or ``fit_predict`` starts.
    _parameter_constraints: ClassVar[dict] = V.MIXTURE_CONSTRAINTS

    def __init__(self, n_components=1, *, covariance_type="full", tol=1e-3, reg_covar=1e-6,
                 max_iter=100, n_init=1, init_params="kmeans", weights_init=None,
                 means_init=None, precisions_init=None, random_state=None, warm_start=False,
                 verbose=0, verbose_interval=10, snapshot_every=5):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval
        self.snapshot_every = snapshot_every

    # ---------------------------------------------------------------- checks
    def _check_X(self, X, reset, min_samples=1):
        """``X`` checked, float32 kept (else float64); ``reset`` starts a new fit.

        A warm-start refit (``reset=False``) names a changed number of features.
        """
        if not reset:
            self._check_fitted()
        _check_feature_names(self, X, reset=reset)
        check = V.check_data
        if V.is_dask_array(X):
            from .distributed import check_data as check
        X = check(X, "X", min_samples=min_samples, n_features=None if reset else
                  self.n_features_in_, estimator_name=type(self).__name__, dtypes=_FLOAT_DTYPES)
        if reset:
            self.n_features_in_ = X.shape[1]
        return X

    def _check_fitted(self):
        if not hasattr(self, "means_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )

    # ---------------------------------------------------------------- initialisation
    def _initial_params(self, X, rng, X_user=None):
        """(weights, means, precisions_chol) to start EM, float64, as scikit-learn builds them.

        The start is drawn on ``X_user`` (the user's dtype), as in scikit-learn. Weights are ``N_k / n``: for the one-hot starts (``k-means++``,
        ``random_from_data``) they sum to ``K / n``, as scikit-learn's first E-step sees them.
        """
        ctype = self.covariance_type
        w0, m0, p0 = V.check_inits(self.weights_init, self.means_init, self.precisions_init,
                                   ctype, self.n_components, X.shape[1])
        weights = means = pchol = None
        if w0 is None or m0 is None or p0 is None:
            resp = initial_responsibilities(X if X_user is None else X_user,
                                            self.n_components, self.init_params, rng)
            resp = np.asarray(resp, dtype=np.float64)
            _, means, cov = m_step(X.astype(np.float64, copy=False), resp, ctype,
                                   self.reg_covar)
            weights = (resp.sum(axis=0) + EPS_NK) / X.shape[0]
            pchol = precision_cholesky(cov, ctype)
        if w0 is not None:
            weights = w0.astype(np.float64)
        if m0 is not None:
            means = m0.astype(np.float64)
        if p0 is not None:
            pchol = precision_cholesky_from_precisions(p0.astype(np.float64), ctype)
        return weights, means, pchol

    # ---------------------------------------------------------------- one EM run
    def _snapshot(self, iteration, weights, means, pchol):
        cov = covariances_from_precision_cholesky(pchol, self.covariance_type)
        return {"iteration": int(iteration), "weights": weights.copy(),
                "means": means.copy(), "covariances": cov}

    def _run_em(self, X, params, lower_bound, bar=None):
        """Iterate EM from ``params``; returns a dict describing the run."""
        ctype, n = self.covariance_type, X.shape[0]
        weights, means, pchol = params
        cov = None
        lls, bounds = [], []
        snaps = [self._snapshot(0, weights, means, pchol)]
        converged, n_iter = False, 0
        em, iterations = _engine(X)
        for n_iter in iterations(self.max_iter, self.verbose):
            prev = lower_bound
            # E-step of the current parameters fused with the M-step's sums (one pass over X).
            ll, stats = em(X, weights, means, pchol, ctype, reg_covar=self.reg_covar)
            new = params_from_statistics(stats, ctype, self.reg_covar)
            weights, means, cov = new[0], new[1], new[2]
            weights = weights / weights.sum()
            pchol = precision_cholesky(cov, ctype)
            lower_bound = ll / n  # mean log-likelihood of the parameters before this M-step
            lls.append(ll)
            bounds.append(lower_bound)
            if n_iter % self.snapshot_every == 0:
                snaps.append(self._snapshot(n_iter, weights, means, pchol))
            change = lower_bound - prev
            if self.verbose >= 2 and n_iter % self.verbose_interval == 0:
                msg = f"  Iteration {n_iter}\t lower bound change {change:.5f}"
                (bar.write if bar is not None else print)(msg)
            if abs(change) < self.tol:
                converged = True
                break
        if cov is None:
            cov = covariances_from_precision_cholesky(pchol, ctype)
        return {"params": (weights, means, cov, pchol), "lower_bound": lower_bound,
                "n_iter": n_iter, "converged": converged, "lls": lls, "bounds": bounds,
                "snapshots": snaps}

    # ---------------------------------------------------------------- fitting
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Estimate the parameters with EM; see :meth:`fit_predict`. Returns ``self``."""
        self._fit(X, want_labels=False)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_predict(self, X, y=None):
        """Fit with EM (``n_init`` starts, keep the best) and return the component labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        return self._fit(X, want_labels=True)

    def _fit(self, X, want_labels):
        K = self.n_components
        X_user = self._check_X(X, reset=not (self.warm_start and hasattr(self, "converged_")),
                               min_samples=2)
        # EM computes in X's dtype (float32 where accurate: fast.precision); the attributes
        # are given back in the dtype of X.
        X = X_user
        if X.shape[0] < K:
            raise ValueError(
                f"Expected n_samples >= n_components but got n_components = {K}, "
                f"n_samples = {X.shape[0]}."
            )
        do_init = not (self.warm_start and hasattr(self, "converged_"))
        on_dask = V.is_dask_array(X)
        if on_dask:  # the start is drawn on a bounded sample of the rows
            from .distributed import initial_params
        n_init = self.n_init if do_init else 1
        rng = check_random_state(self.random_state)
        best, best_bound = None, -np.inf
        inits = range(n_init)
        bar = None
        if self.verbose:
            from tqdm.auto import tqdm

            inits = bar = tqdm(inits, desc="EM initialisations", leave=False)
        with blas_limited():
            for _ in inits:
                if do_init:
                    params = (initial_params(self, X_user, rng) if on_dask
                              else self._initial_params(X, rng, X_user))
                    lower_bound = -np.inf
                else:
                    params = self._params64()
                    lower_bound = self.lower_bound_
                if self.max_iter == 0:
                    w, m, pc = params
                    run = {"params": (w, m, covariances_from_precision_cholesky(
                        pc, self.covariance_type), pc), "lower_bound": -np.inf, "n_iter": 0,
                        "converged": False, "lls": [], "bounds": [],
                        "snapshots": [self._snapshot(0, w, m, pc)]}
                else:
                    run = self._run_em(X, params, lower_bound, bar)
                if bar is not None:
                    bar.set_postfix(lower_bound=f"{run['lower_bound']:.4f}")
                if best is None or run["lower_bound"] > best_bound or best_bound == -np.inf:
                    best, best_bound = run, run["lower_bound"]
            if not best["converged"] and self.max_iter > 0:
                warnings.warn(
                    "Best performing initialization did not converge. Try different init "
                    "parameters, or increase max_iter, tol, or check for degenerate data.",
                    ConvergenceWarning,
                )
            self._set_params(best["params"])
            self.converged_ = bool(best["converged"])
            self.n_iter_ = int(best["n_iter"])
            self.lower_bound_ = float(best_bound)
            self.lower_bounds_ = list(best["bounds"])
            # Final E-step with the chosen parameters: labels consistent with predict(X), and
            # the log-likelihood after the last M-step closes the history.
            labels = np.empty(X.shape[0], dtype=np.intp) if want_labels and not on_dask else None
            ll, _ = _engine(X)[0](X, self.weights_, self.means_, self.precisions_cholesky_,
                               self.covariance_type, want_stats=False, labels_out=labels)
        snaps = best["snapshots"]
        if snaps[-1]["iteration"] != self.n_iter_:
            snaps.append(self._snapshot(self.n_iter_, self.weights_, self.means_,
                                        self.precisions_cholesky_))
        self.history_ = {"log_likelihood": np.array(best["lls"] + [ll]), "snapshots": snaps}
        if want_labels and on_dask:  # lazy, from the float64 parameters as in memory
            labels = self._dask_pass(X_user, "labels")
        self._cast_params(X_user.dtype)
        return labels

    def _params64(self):
        """(weights, means, precisions_chol) of the fitted model in float64."""
        return tuple(np.asarray(a, dtype=np.float64)
                     for a in (self.weights_, self.means_, self.precisions_cholesky_))

    def _cast_params(self, dtype):
        """Store the fitted parameters and bounds in ``dtype`` (the data's), as scikit-learn."""
        for name in ("weights_", "means_", "covariances_", "precisions_",
                     "precisions_cholesky_"):
            setattr(self, name, getattr(self, name).astype(dtype, copy=False))
        self.lower_bound_ = dtype.type(self.lower_bound_)
        self.lower_bounds_ = [dtype.type(b) for b in self.lower_bounds_]

    def _set_params(self, params):
        weights, means, cov, pchol = params
        self.weights_, self.means_ = np.array(weights), np.array(means)
        self.covariances_, self.precisions_cholesky_ = np.array(cov), np.array(pchol)
        self.precisions_ = precisions_from_cholesky(self.precisions_cholesky_,
                                                    self.covariance_type)

    # ---------------------------------------------------------------- using the model
    def _dask_pass(self, X, what):
        """A lazy prediction on a Dask array: ``what`` is "resp", "logprob" or "labels"."""
        from .distributed import predict

        return predict(X, self._params64(), self.covariance_type, what)

    def _pass(self, X, resp_out=None, logprob_out=None, labels_out=None):
        """Responsibilities, log p(x) and/or labels of checked data, written into the arrays
        given (computed in X's dtype where that is accurate: fast.precision)."""
        em_pass(X, *self._params64(), self.covariance_type, want_stats=False, resp_out=resp_out,
                logprob_out=logprob_out, labels_out=labels_out)

    def predict_proba(self, X):
        """Responsibilities: ndarray of shape (n_samples, n_components), rows summing to 1."""
        X = self._check_X(X, reset=False)
        if V.is_dask_array(X):
            return self._dask_pass(X, "resp")
        resp = np.empty((X.shape[0], self.n_components), dtype=X.dtype)
        self._pass(X, resp_out=resp)
        return resp

    def predict(self, X):
        """Most probable component of each sample: ndarray of shape (n_samples,)."""
        X = self._check_X(X, reset=False)
        if V.is_dask_array(X):
            return self._dask_pass(X, "labels")
        labels = np.empty(X.shape[0], dtype=np.intp)
        self._pass(X, labels_out=labels)
        return labels

    def score_samples(self, X):
        """Log-likelihood ``log p(x_n)`` of each sample: ndarray of shape (n_samples,)."""
        X = self._check_X(X, reset=False)
        if V.is_dask_array(X):
            return self._dask_pass(X, "logprob")
        out = np.empty(X.shape[0], dtype=X.dtype)
        self._pass(X, logprob_out=out)
        return out

    def score(self, X, y=None):
        """Mean log-likelihood per sample (float)."""
        return float(self.score_samples(X).mean())

    def _n_parameters(self):
        """Free parameters: weights but one, means, free covariance entries (upper triangles)."""
        cov = np.asarray(self.covariances_)
        free = cov.size
        if self.covariance_type in ("full", "tied"):
            free = free // cov.shape[-1] * (cov.shape[-1] + 1) // 2
        return int(self.weights_.size - 1 + self.means_.size + free)

    def bic(self, X):
        """Bayesian information criterion ``-2 log L + p ln n`` on ``X`` (lower is better)."""
        X = self._check_X(X, reset=False)
        return -2.0 * self.score(X) * X.shape[0] + self._n_parameters() * np.log(X.shape[0])

    def aic(self, X):
        """Akaike information criterion ``-2 log L + 2 p`` on ``X`` (lower is better)."""
        X = self._check_X(X, reset=False)
        return -2.0 * self.score(X) * X.shape[0] + 2.0 * self._n_parameters()

    def sample(self, n_samples=1):
        """Draw samples from the fitted mixture (as scikit-learn draws them).

        Returns
        -------
        X : ndarray of shape (n_samples, n_features), float64
        labels : ndarray of shape (n_samples,)
        """
        self._check_fitted()
        return sample_mixture(self.weights_, self.means_, self.covariances_,
                              self.covariance_type, n_samples,
                              check_random_state(self.random_state))
