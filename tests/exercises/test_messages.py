"""What the student reads: one sentence per mistake, NumPy's shape errors turned into advice,
float32 called a precision problem, hints readable as plain text."""

import re

import numpy as np
import pytest

from gmmlab.exercises import EXERCISES, hint, run_check
from gmmlab.exercises import hints as hints_module
from gmmlab.exercises.harness import precision_problem
from gmmlab.exercises.hints import plain
from gmmlab.exercises.variants import solution_namespace, solution_source
from gmmlab.exercises.verdict import same_mistake, shape_advice


def edited(name, *edits):
    """The solution of ``name`` with ``(old, new)`` edits, defined in its chapter's namespace."""
    src = solution_source(name)
    for old, new in edits:
        assert src.count(old) == 1, old
        src = src.replace(old, new)
    ns = solution_namespace(name)
    exec(compile(src, f"<edited {name}>", "exec"), ns)  # noqa: S102
    return ns[name]


# --------------------------------------------------------------------- one sentence per mistake

@pytest.mark.parametrize("a,b", [
    ("uses half the log-determinant: log det = 2 * sum(log(diag(L)))",
     "uses half the log-determinant: log det = 2 * sum(log(diag(L))) on 3-dimensional data"),
    ("keeps the reduced axis (axis=1): the result should have the axis removed",
     "keeps the reduced axis (large values): the result should have the axis removed"),
    ("the result has the wrong shape: expected (n_samples), got shape (7, 1)",
     "the result has the wrong shape: expected (n_samples), got shape (9, 1)"),
    ("resp is normalised over samples instead of components: each row must sum to 1",
     ("resp is normalised over samples instead of components (far-apart clusters): each row "
      "must sum to 1")),
])
def test_the_same_mistake_on_two_inputs_is_one(a, b):
    assert same_mistake(a, b) and same_mistake(b, a)


@pytest.mark.parametrize("a,b", [
    ("misses the -d/2 log(2 pi) normalising term", "misses the -1/2 log det(Sigma) term"),
    ("means differ from sum_n resp[n, k] x_n / N_k", "covs differ from sum_n resp[n, k] x_n"),
    ("resp contains NaN", "resp contains infinite values"),
    ("the fitted mixture differs from EM run from the same start",
     ("with max_iter=4 log_likelihoods should have 5 entries (the start and one "
      "after each of the 4 M-steps)")),
])
def test_different_mistakes_stay_apart(a, b):
    assert not same_mistake(a, b)


def test_a_mistake_found_by_two_parts_is_said_once():
    half = edited("log_gaussian_pdf", ("log_det = 2.0 * np.sum(", "log_det = np.sum("))
    result = run_check("log_gaussian_pdf", half)
    assert result.points < result.max_points
    assert len(result.details) == 1, result.details
    assert not any(same_mistake(a, b) for i, a in enumerate(result.details)
                   for b in result.details[i + 1:])


# --------------------------------------------------------------------- NumPy's shape errors

def numpy_error(thunk) -> str:
    try:
        thunk()
    except ValueError as exc:
        return str(exc)
    raise AssertionError("no error")


def test_broadcasting_a_reduced_axis():
    text = numpy_error(lambda: np.ones((5, 3)) - np.ones(5))
    advice = shape_advice(text)
    assert "(5, 3)" in advice and "(5,)" in advice
    assert "keepdims=True" in advice and "[:, None]" in advice


@pytest.mark.parametrize("thunk,words", [
    (lambda: np.ones((5, 3)) * np.ones((3, 5)), ".T"),
    (lambda: np.ones((5, 3)) - np.ones((2, 3)), "[:, None, :]"),
    (lambda: np.ones((5, 3, 2)) * np.ones((5, 3)), "stretches only axes of length 1"),
    (lambda: np.ones((5, 3)) @ np.ones((5, 3)), "columns of a must match the rows of b"),
    (lambda: np.dot(np.ones((5, 3)), np.ones((5, 3))), "transpose one side"),
    (lambda: np.linalg.solve(np.eye(3), np.ones((5, 3))), "one sample per column"),
    (lambda: np.ones(3).__iadd__(np.ones((5, 3))), "in-place operation"),
    (lambda: np.ones((5, 3)).__setitem__(slice(None), np.ones((5, 2))), "the shapes must match"),
    (lambda: np.column_stack([np.ones(5), np.ones(4)]), "the same length"),
    (lambda: np.where(np.ones((5, 3)) > 0, np.ones(5), 0), "keepdims=True"),
])
def test_other_shape_errors_say_what_to_change(thunk, words):
    advice = shape_advice(numpy_error(thunk))
    assert advice and words in advice, advice


def test_other_errors_are_left_alone():
    assert shape_advice("math domain error") is None
    assert shape_advice("operands could not be broadcast together with shapes (5,3) (3,) ") is None


def test_the_check_translates_a_broadcasting_error():
    wrong = edited("e_step", ("per_sample[:, None]", "per_sample"))
    result = run_check("e_step", wrong)
    assert "could not be broadcast" not in result.feedback
    assert "keepdims=True" in result.feedback and "e_step" in result.feedback
    assert result.feedback.count("keepdims") == 1  # the same error on two inputs, said once


# --------------------------------------------------------------------- float32

def test_precision_problem_recognises_float32_rounding():
    rng = np.random.default_rng(0)
    expected = rng.normal(size=(4, 3)) * 10
    got32 = expected.astype(np.float32)
    assert "float32" in precision_problem(got32.astype(float), expected)
    assert "float32" in precision_problem(got32, expected, low="float32")
    assert precision_problem(expected, expected.copy(), low="float32") is None
    assert precision_problem((expected * 1.01).astype(np.float32), expected) is None  # a formula
    assert precision_problem(expected + 1e-6, expected) is None  # float64 noise, no float32 sign
    assert precision_problem(got32[:2], expected) is None  # another shape


def _in_float32(name, returns):
    src = solution_source(name).replace("np.float64", "np.float32")
    first = re.search(rf"def {name}\((\w+)", src).group(1)
    src = re.sub(r"(### BEGIN SOLUTION[^\n]*\n)",
                 rf"\1    {first} = np.asarray({first}, dtype=np.float32)\n", src, count=1)
    src = src.replace(*returns)
    ns = solution_namespace(name)
    exec(compile(src, f"<{name} in float32>", "exec"), ns)  # noqa: S102
    return ns[name]


@pytest.mark.parametrize("name,returns", [
    ("m_step", ("return weights, means, covs", "return weights, means, covs")),
    ("m_step", ("return weights, means, covs",
                "return weights.astype(float), means.astype(float), covs.astype(float)")),
    ("logsumexp", ("return np.squeeze(out, axis=axis)", "return np.squeeze(out, axis=axis)")),
])
def test_a_float32_computation_is_called_a_precision_problem(name, returns):
    result = run_check(name, _in_float32(name, returns))
    assert result.points < result.max_points
    assert "float32" in result.feedback, result.line()
    assert "differ" not in result.feedback and "symmetric" not in result.feedback, result.line()


# --------------------------------------------------------------------- hints in plain text

@pytest.mark.parametrize("tex,text", [
    (r"$\frac{a}{b}$", "a/b"),
    (r"$\frac{a+1}{2b}$", "(a+1)/(2b)"),
    (r"$\tfrac12 \log\det\Sigma$", "1/2 log det Sigma"),
    (r"$\sum_k \pi_k$", "sum_k pi_k"),
    (r"$\sum_{n=1}^{N} x_n$", "sum_(n=1)^N x_n"),
    (r"$(x-\mu)^\top\Sigma^{-1}(x-\mu)$", "(x-mu)^T Sigma^-1(x-mu)"),
    (r"$\lVert z\rVert^2$", "||z||^2"),
    (r"$\mathrm{BIC} = -2\log L + p\ln n$", "BIC = -2 log L + p ln n"),
    (r"$2\,n_\mathrm{std}\sqrt{\lambda_\max}$", "2 n_std sqrt(lambda_max)"),
    (r"$r_{nk}x_n$", "r_nk x_n"),
    (r"$\log \mathcal N(x\mid\mu,\Sigma)$", "log N(x|mu,Sigma)"),
    (r"$\propto D(x)^2$", "proportional to D(x)^2"),
    (r"code `np.sum(a, axis=1)` stays, **bold** goes", "code `np.sum(a, axis=1)` stays, bold goes"),
])
def test_plain_text_formulas(tex, text):
    assert plain(tex) == text


@pytest.mark.parametrize("name", list(EXERCISES))
def test_every_hint_reads_as_plain_text(name):
    for stage in EXERCISES[name].hints:
        text = re.sub(r"`[^`]*`", "", plain(stage))
        assert "$" not in text and "\\" not in text, text
        assert not re.search(r"\b(frac|tfrac|mathrm|mathcal|operatorname|lVert|top)\b", text), text


@pytest.fixture
def fresh():
    hints_module._shown.clear()
    yield
    hints_module._shown.clear()


def test_a_stage_past_the_last_is_one_line(fresh, capsys):
    count = len(EXERCISES["m_step"].hints)
    for stage in (count + 1, 0, "2"):
        assert hint("m_step", stage) == ""
        out = capsys.readouterr().out.strip().splitlines()
        assert len(out) == 1 and f"has {count} hint stages" in out[0], out


def test_after_the_last_stage_it_says_there_are_no_more(fresh, capsys):
    count = len(EXERCISES["e_step"].hints)
    texts = [hint("e_step") for _ in range(count + 1)]
    out = capsys.readouterr().out
    assert texts[-1] == texts[-2]  # the last stage again ...
    assert "no more hints" in out.splitlines()[-1]  # ... saying so
    assert "no more hints" not in "".join(out.splitlines()[:-1])
