"""The numerics of Gaussian mixtures, with no figures and no grading.

=====================  ===================================================================
module                 what it holds
=====================  ===================================================================
``validation``         checks of the estimator's inputs (errors name the parameter)
``gaussian``           log-densities and Cholesky factors of precisions
``estep``              the E-step: responsibilities and the log-likelihood
``mstep``              the M-step, one estimator per covariance type
``initialization``     starting responsibilities, drawn as scikit-learn draws them
``sampling``           samples drawn from a fitted mixture
``mixture``            ``GaussianMixture``, the scikit-learn-compatible estimator
``fast``               the one-pass, multi-threaded EM iteration behind ``fit``
``distributed``        the same iteration on a Dask array: a task per chunk, a tree of merges
=====================  ===================================================================
"""
