"""scikit-learn's own estimator checks on gmmlab.GaussianMixture."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from gmmlab import GaussianMixture

# Every check runs except these, each with its reason.
SKIPPED = {
    "check_array_api_input": (
        "gmmlab computes with NumPy only (float64); arrays from other array libraries are "
        "converted with numpy.asarray, so there is no array-API dispatch to check."
    ),
}


def _check_name(check):
    func = getattr(check, "func", check)
    return func.__name__


@parametrize_with_checks([GaussianMixture()])
def test_scikit_learn_estimator_checks(estimator, check):
    name = _check_name(check)
    if name in SKIPPED:
        pytest.skip(SKIPPED[name])
    check(estimator)
