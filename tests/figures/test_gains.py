"""plot_gains and decreases: a log-scale gain plot that shows decreases instead of dropping them."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from gmmlab.figures.gains import decreases, plot_gains


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_decreases_uses_one_relative_rule():
    # -1000 -> -999 (up), -999.5 (down by 0.5), -999.5 - 1e-9 (rounding-level: not a decrease),
    # -999.5 + 0 (zero gain), then a drop of 2e-5 (above 1e-8 * 999.5 ~ 1e-5)
    ll = np.array([-1000.0, -999.0, -999.5, -999.5 - 1e-9, -999.5 - 1e-9, -999.50003])
    assert decreases(ll).tolist() == [2, 5]
    assert decreases(ll, rtol=0.0).tolist() == [2, 3, 5]
    # below |ell| = 1 the tolerance is absolute
    assert decreases([0.5, 0.5 - 2e-8]).tolist() == [1]
    assert decreases([0.5, 0.5 - 5e-9]).tolist() == []


def test_plot_gains_draws_every_iteration_including_decreases_and_zeros():
    ll = np.array([-100.0, -90.0, -95.0, -95.0, -94.0])
    ax = plot_gains(ll)
    drawn = {}
    for line in ax.get_lines():
        if line.get_label().startswith("_"):
            continue
        drawn[line.get_label().split(" (")[0]] = (line.get_xdata().tolist(),
                                                  line.get_ydata().tolist())
    assert drawn["increase"] == ([1, 4], [10.0, 1.0])
    assert drawn["decrease, |gain| shown"] == ([2], [5.0])
    assert drawn["gain exactly 0, drawn at the floor"][0] == [3]
    assert ax.get_yscale() == "log"
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("bad,message", [([1.0], "at least two"), ([1.0, np.nan], "finite")])
def test_plot_gains_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        plot_gains(bad)
