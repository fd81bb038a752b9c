"""Parameter counts, BIC and AIC against scikit-learn's conventions."""

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture as SkGaussianMixture

from gmmlab.numerics.selection import aic, bic, n_parameters


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
@pytest.mark.parametrize("K,d", [(1, 1), (3, 2), (5, 7)])
def test_counts_and_criteria_match_scikit_learn(covariance_type, K, d):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, d))
    ref = SkGaussianMixture(K, covariance_type=covariance_type, random_state=0).fit(X)
    p = n_parameters(K, d, covariance_type)
    assert p == ref._n_parameters()
    ll = ref.score(X) * len(X)
    assert bic(ll, p, len(X)) == pytest.approx(ref.bic(X), rel=1e-12)
    assert aic(ll, p) == pytest.approx(ref.aic(X), rel=1e-12)


def test_closed_forms():
    assert n_parameters(2, 2, "full") == 2 * 3 + 2 * 2 + 1
    assert bic(-10.0, 3, np.e**2) == pytest.approx(20 + 6)
    assert aic(-10.0, 3) == pytest.approx(26)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="covariance_type"):
        n_parameters(2, 2, "banana")
    with pytest.raises(ValueError, match="n_components"):
        n_parameters(0, 2)
