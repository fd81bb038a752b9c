"""GaussianMixture: a scikit-learn compatible EM estimator that also records its fit history."""

import warnings

import numpy as np

# scikit-learn (a dependency) gives get_params/set_params/clone and the estimator tags.
from sklearn.base import BaseEstimator, DensityMixin
from sklearn.exceptions import ConvergenceWarning, NotFittedError

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
from .mstep import m_step
from .selection import aic, bic, n_parameters

__all__ = ["ConvergenceWarning", "GaussianMixture"]


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
    random_state : None, int, RandomState or Generator
    warm_start : bool, default=False
        Continue from the previous fit (``n_init`` is then ignored).
    verbose : int, default=0
        1: a progress bar over initialisations; 2: also a line every ``verbose_interval`` steps.
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
    """

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
    def _check_settings(self):
        K = V.check_int(self.n_components, "n_components", minimum=1)
        V.check_covariance_type(self.covariance_type)
        V.check_float(self.tol, "tol", minimum=0.0)
        V.check_float(self.reg_covar, "reg_covar", minimum=0.0)
        V.check_int(self.max_iter, "max_iter", minimum=0)
        V.check_int(self.n_init, "n_init", minimum=1)
        V.check_choice(self.init_params, "init_params", V.INIT_METHODS)
        V.check_int(self.verbose_interval, "verbose_interval", minimum=1)
        V.check_int(self.snapshot_every, "snapshot_every", minimum=1)
        if not isinstance(self.warm_start, (bool, np.bool_)):
            raise TypeError(f"warm_start must be True or False, got {self.warm_start!r}.")
        return K

    def _check_X(self, X, reset):
        if reset:
            X = V.check_data(X, "X", min_samples=2)
            self.n_features_in_ = X.shape[1]
            return X
        self._check_fitted()
        return V.check_data(X, "X", n_features=self.n_features_in_,
                            estimator_name=type(self).__name__)

    def _check_fitted(self):
        if not hasattr(self, "means_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )

    # ---------------------------------------------------------------- initialisation
    def _initial_params(self, X, rng):
        """(weights, means, precisions_chol) to start EM, as scikit-learn builds them."""
        K, d, ctype = self.n_components, X.shape[1], self.covariance_type
        w0 = None if self.weights_init is None else V.check_weights(self.weights_init, K)
        m0 = None if self.means_init is None else V.check_means(self.means_init, K, d)
        p0 = None
        if self.precisions_init is not None:
            p0 = V.check_precisions(self.precisions_init, ctype, K, d)
        weights = means = pchol = None
        if w0 is None or m0 is None or p0 is None:
            resp = initial_responsibilities(X, K, self.init_params, rng)
            weights, means, cov = m_step(X, resp, ctype, self.reg_covar)
            pchol = precision_cholesky(cov, ctype)
        if w0 is not None:
            weights = w0
        if m0 is not None:
            means = m0
        if p0 is not None:
            pchol = precision_cholesky_from_precisions(p0, ctype)
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
        for n_iter in range(1, self.max_iter + 1):
            prev = lower_bound
            # E-step of the current parameters fused with the M-step's sums (one pass over X).
            ll, stats = em_pass(X, weights, means, pchol, ctype, reg_covar=self.reg_covar)
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
    def fit(self, X, y=None):
        """Estimate the parameters with EM; see :meth:`fit_predict`. Returns ``self``."""
        self._fit(X, want_labels=False)
        return self

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
        K = self._check_settings()
        X = self._check_X(X, reset=not (self.warm_start and hasattr(self, "converged_")))
        if X.shape[0] < K:
            raise ValueError(
                f"Expected n_samples >= n_components but got n_components = {K}, "
                f"n_samples = {X.shape[0]}."
            )
        do_init = not (self.warm_start and hasattr(self, "converged_"))
        n_init = self.n_init if do_init else 1
        rng = V.check_random_state(self.random_state)
        best, best_bound = None, -np.inf
        inits = range(n_init)
        bar = None
        if self.verbose:
            from tqdm.auto import tqdm

            inits = bar = tqdm(inits, desc="EM initialisations", leave=False)
        with blas_limited():
            for _ in inits:
                if do_init:
                    params = self._initial_params(X, rng)
                    lower_bound = -np.inf
                else:
                    params = (self.weights_, self.means_, self.precisions_cholesky_)
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
            labels = np.empty(X.shape[0], dtype=np.intp) if want_labels else None
            ll, _ = em_pass(X, self.weights_, self.means_, self.precisions_cholesky_,
                            self.covariance_type, want_stats=False, labels_out=labels)
        snaps = best["snapshots"]
        if snaps[-1]["iteration"] != self.n_iter_:
            snaps.append(self._snapshot(self.n_iter_, self.weights_, self.means_,
                                        self.precisions_cholesky_))
        self.history_ = {"log_likelihood": np.array(best["lls"] + [ll]), "snapshots": snaps}
        return labels

    def _set_params(self, params):
        weights, means, cov, pchol = params
        self.weights_, self.means_ = np.array(weights), np.array(means)
        self.covariances_, self.precisions_cholesky_ = np.array(cov), np.array(pchol)
        self.precisions_ = precisions_from_cholesky(self.precisions_cholesky_,
                                                    self.covariance_type)

    # ---------------------------------------------------------------- using the model
    def _pass(self, X, resp_out=None, logprob_out=None, labels_out=None):
        """Responsibilities, log p(x) and/or labels of new data, written into the given arrays."""
        em_pass(X, self.weights_, self.means_, self.precisions_cholesky_, self.covariance_type,
                want_stats=False, resp_out=resp_out, logprob_out=logprob_out,
                labels_out=labels_out)

    def predict_proba(self, X):
        """Responsibilities: ndarray of shape (n_samples, n_components), rows summing to 1."""
        X = self._check_X(X, reset=False)
        resp = np.empty((X.shape[0], self.n_components))
        self._pass(X, resp_out=resp)
        return resp

    def predict(self, X):
        """Most probable component of each sample: ndarray of shape (n_samples,)."""
        X = self._check_X(X, reset=False)
        labels = np.empty(X.shape[0], dtype=np.intp)
        self._pass(X, labels_out=labels)
        return labels

    def score_samples(self, X):
        """Log-likelihood ``log p(x_n)`` of each sample: ndarray of shape (n_samples,)."""
        X = self._check_X(X, reset=False)
        out = np.empty(X.shape[0])
        self._pass(X, logprob_out=out)
        return out

    def score(self, X, y=None):
        """Mean log-likelihood per sample (float)."""
        return float(np.mean(self.score_samples(X)))

    def _n_parameters(self):
        return n_parameters(self.n_components, self.means_.shape[1], self.covariance_type)

    def bic(self, X):
        """Bayesian information criterion ``-2 log L + p ln n`` on ``X`` (lower is better)."""
        X = self._check_X(X, reset=False)
        return bic(self.score(X) * X.shape[0], self._n_parameters(), X.shape[0])

    def aic(self, X):
        """Akaike information criterion ``-2 log L + 2 p`` on ``X`` (lower is better)."""
        X = self._check_X(X, reset=False)
        return aic(self.score(X) * X.shape[0], self._n_parameters())

    def sample(self, n_samples=1):
        """Draw samples from the fitted mixture.

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
        labels : ndarray of shape (n_samples,)
        """
        self._check_fitted()
        if isinstance(n_samples, (bool, np.bool_)) or not isinstance(
            n_samples, (int, np.integer)
        ) or n_samples < 1:
            raise ValueError(f"n_samples must be an integer >= 1, got {n_samples!r}.")
        rng = V.check_random_state(self.random_state)
        d = self.means_.shape[1]
        counts = rng.multinomial(n_samples, self.weights_)
        parts = []
        for k, m in enumerate(counts):
            if self.covariance_type in ("full", "tied"):
                cov = self.covariances_[k] if self.covariance_type == "full" else self.covariances_
                parts.append(rng.multivariate_normal(self.means_[k], cov, int(m)))
            else:
                std = np.sqrt(self.covariances_[k])
                parts.append(self.means_[k] + rng.standard_normal(size=(int(m), d)) * std)
        labels = np.repeat(np.arange(self.n_components), counts)
        return np.vstack(parts), labels
