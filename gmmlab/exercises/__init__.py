"""The graded exercises: in-notebook checks ``check(name, func)`` and staged hints ``hint(name)``.

One module per exercise (``log_gaussian_pdf``, ``e_step``, ...; the course manifest lists them)
holds its check, its hints, its hidden cases and its mutants side by side. The modules shared by
all exercises:

=================  =======================================================================
``registry``       assembles ``EXERCISES`` from the manifest and the exercise modules
``runner``         ``run_check`` and ``check``: parts and hidden cases into one verdict
``harness``        calls a student's function safely; shape and closeness helpers
``failures``       an exception of the student's function put into words
``remote``         what a check knows of a function that runs in another process
``verdict``        ``CheckResult`` and the exceptions a part raises
``reference``      the independent reference answers (SciPy, closed forms) and test problems
``numpy_only``     the NumPy-only rule, enforced statically and while the function runs
``rules``          the code rules (no loop over the samples, no ``log(det(...))``)
``sample_axis``    which variables of a function hold per-sample arrays, for ``rules``
``kmeans_seeding`` the statistical test of k-means++ seeding (``init_kmeans``)
``vb_reference``   scikit-learn's BayesianGaussianMixture driven step by step (chapter 10)
``hints``          shows a hint stage in a notebook or a terminal
``variants``       the mutants and correct alternatives the tests grade (instructor side)
=================  =======================================================================
"""

from __future__ import annotations

from .hints import hint
from .runner import EXERCISES, check, run_check
from .verdict import CORRECT, INCORRECT, NOT_ATTEMPTED, CheckResult

__all__ = [
    "CORRECT",
    "EXERCISES",
    "INCORRECT",
    "NOT_ATTEMPTED",
    "CheckResult",
    "check",
    "hint",
    "run_check",
]
