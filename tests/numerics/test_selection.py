"""The estimator's parameter count, BIC and AIC against scikit-learn's."""

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture as SkGaussianMixture

from gmmlab import GaussianMixture


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
@pytest.mark.parametrize("K,d", [(1, 1), (3, 2), (5, 7)])
def test_counts_and_criteria_match_scikit_learn(covariance_type, K, d):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, d))
    ref = SkGaussianMixture(K, covariance_type=covariance_type, random_state=0).fit(X)
    ours = GaussianMixture(K, covariance_type=covariance_type, random_state=0).fit(X)
    assert ours._n_parameters() == ref._n_parameters()
    assert ours.bic(X) == pytest.approx(ref.bic(X), rel=1e-9)
    assert ours.aic(X) == pytest.approx(ref.aic(X), rel=1e-9)


def test_closed_forms():
    """K = 2, d = 2, full: 1 weight, 4 mean entries, 2 x 3 covariance entries = 11."""
    X = np.random.default_rng(1).normal(size=(50, 2))
    model = GaussianMixture(2, random_state=0).fit(X)
    total = model.score(X) * len(X)
    assert model._n_parameters() == 11
    assert model.bic(X) == pytest.approx(-2 * total + 11 * np.log(50), rel=1e-12)
    assert model.aic(X) == pytest.approx(-2 * total + 22, rel=1e-12)
