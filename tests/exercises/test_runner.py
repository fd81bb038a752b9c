"""check(): one stable line, never crashes, three statuses, no expected numbers revealed."""

import re

import numpy as np
import pytest

from gmmlab.exercises import EXERCISES, check, run_check
from gmmlab.exercises import reference as ref
from gmmlab.exercises.numpy_only import static_violation
from gmmlab.exercises.variants import Mutant, define, solution_namespace, solution_source

LINE = re.compile(r"^(\w+): (correct|incorrect|not attempted) \((\d+(\.\d+)?)/(\d+) points\)"
                  r"( - .+)?$")


def stub(name):
    def f(*args, **kwargs):
        raise NotImplementedError("Write the body.")
    f.__name__ = name
    return f


@pytest.mark.parametrize("name", list(EXERCISES))
def test_stub_is_not_attempted_and_prints_one_line(name, capsys):
    result = check(name, stub(name))
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert LINE.match(out[0]), out[0]
    assert out[0] == f"{name}: not attempted (0/{int(result.max_points)} points) - the stub " \
                     "still raises NotImplementedError"
    assert result.status == "not attempted" and result.points == 0


@pytest.mark.parametrize("name", list(EXERCISES))
@pytest.mark.parametrize("body", ["return None", "return 'text'", "raise ValueError('boom')",
                                  "return float('nan')", "return (np.nan, np.nan, np.nan, np.nan)",
                                  "return 1 / 0", "return [[1, 2], [3]]", "return object()"])
def test_broken_functions_get_a_clear_verdict(name, body, capsys):
    ns = {"np": np}
    exec(f"def {name}(*args, **kwargs):\n    {body}\n", ns)  # noqa: S102
    result = check(name, ns[name])
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and LINE.match(out[0]), out
    assert result.status == "incorrect"
    assert result.points == 0
    assert result.feedback


def test_not_a_function():
    result = run_check("e_step", np.zeros(3))
    assert result.status == "incorrect" and "not a function" in result.feedback
    assert run_check("bic", None).status == "incorrect"


def test_unknown_name_is_a_value_error():
    with pytest.raises(ValueError, match="name must be one of"):
        run_check("estep", lambda: 0)


def _log_gaussian_pdf_stub(X, mean, cov):
    raise NotImplementedError("paste it")


def test_helper_stub_is_named():
    ns = define(solution_namespace("e_step"), _log_gaussian_pdf_stub, "log_gaussian_pdf")
    result = run_check("e_step", ns["e_step"])
    assert result.status == "incorrect"
    assert "log_gaussian_pdf" in result.feedback and "NotImplementedError" in result.feedback


def _m_step_in_place(X, resp, reg_covar=1e-6):
    resp /= resp.sum(axis=0)
    nk = resp.sum(axis=0)
    return nk, X[:resp.shape[1]], np.stack([np.eye(X.shape[1])] * resp.shape[1])


def test_in_place_modification_is_reported():
    ns = define(solution_namespace("m_step"), _m_step_in_place, "m_step")
    result = run_check("m_step", ns["m_step"])
    assert "modifies its input" in result.feedback


def test_endless_loop_becomes_a_verdict(monkeypatch):
    from gmmlab.exercises import harness as cases

    monkeypatch.setattr(cases, "CALL_TIME_LIMIT", 0.2)
    ns = {}
    exec("def bic(ll, p, n):\n    while True:\n        pass\n", ns)  # noqa: S102
    result = run_check("bic", ns["bic"])
    assert result.status == "incorrect" and "did not finish" in result.feedback


def test_feedback_never_contains_expected_values():
    off_by_one = Mutant((("float(np.sum(per_sample))", "float(np.sum(per_sample)) + 1.0"),),
                        "", "log-likelihood off by one")
    constant = Mutant((("return float(-2.0 * log_likelihood + n_params * np.log(n_samples))",
                        "return 3.0"),), "", "a constant")
    p = ref.problem(301, n=30, d=2, k=3)
    expected_ll = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[1]
    result = run_check("e_step", off_by_one.namespace("e_step")["e_step"])
    assert result.status == "incorrect"
    for digits in (f"{expected_ll:.1f}", f"{expected_ll:.0f}"):
        assert digits not in result.feedback
    result = run_check("bic", constant.namespace("bic")["bic"])
    assert "2469" not in result.feedback and "2566" not in result.feedback


def test_label_switching_is_tolerated_for_fit_gmm():
    reorder = "    order = np.argsort(means[:, 0])[::-1]\n"
    reordered = reorder + "    return weights[order], means[order], covs[order],"
    relabelled = Mutant((("    return weights, means, covs,", reordered),), "",
                        "components in another order")
    ns = relabelled.namespace("fit_gmm")
    assert run_check("fit_gmm", ns["fit_gmm"], hidden=True).status == "correct"


@pytest.mark.parametrize("name", list(EXERCISES))
def test_solution_source_is_numpy_only(name):
    assert "sklearn" not in solution_source(name) and "scipy" not in solution_source(name)
    assert static_violation(solution_namespace(name)[name]) is None


def test_prints_inside_the_students_function_do_not_break_the_line(capsys):
    answer = "    return float(-2.0 * log_likelihood + 2.0 * n_params)"
    debug = "    print('debugging', log_likelihood)\n"
    debugging = Mutant(((answer, debug + answer),), "", "prints while it runs")
    check("aic", debugging.namespace("aic")["aic"])
    assert capsys.readouterr().out == "aic: correct (1/1 points)\n"


def test_hidden_case_costs_one_point_only_in_grading():
    squeezed = Mutant((("weighted = np.column_stack(", "weighted = np.squeeze(np.column_stack("),
                       ("    )\n    per_sample", "    ))\n    per_sample")),
                      "K = 1", "squeezes away the component axis when K = 1")
    ns = squeezed.namespace("e_step")
    visible = run_check("e_step", ns["e_step"])
    assert visible.status == "correct"
    graded = run_check("e_step", ns["e_step"], hidden=True)
    assert graded.points == graded.max_points - 1
    assert "hidden case" in graded.feedback
    from gmmlab.exercises import EXERCISES

    for case in EXERCISES["e_step"].hidden_cases:  # the feedback never describes a hidden case
        assert case["label"] not in graded.feedback
