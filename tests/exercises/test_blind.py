"""Student code written blind (see blind/README.md): correct variants get full marks, mistakes lose points."""

import importlib.util
from pathlib import Path

import pytest

from gmmlab import course
from gmmlab.exercises import run_check
from gmmlab.exercises.variants import run_cell, solution_namespace

HERE = Path(__file__).resolve().parent / "blind"
SETS = ("set1", "set2")
#: The lowest share of each set's mistakes that must lose points.
BAR = {"set1": 0.95, "set2": 0.95}
#: Mistakes the checks do not catch, with the reason. Each is an expected failure (strict): when
#: a check starts catching one, the test says so and the entry must go.
KNOWN_MISSES: dict = {}


def _variants(which):
    out = []
    for name in course.exercises():
        path = HERE / which / f"{name}.py"
        if not path.is_file():
            continue
        spec = importlib.util.spec_from_file_location(f"blind_{which}_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out += [(which, name, v) for v in module.VARIANTS]
    return out


ALL = [v for s in SETS for v in _variants(s)]
_RESULTS: dict = {}


def _grade(which, name, variant):
    key = (which, variant["id"])
    if key not in _RESULTS:
        ns = solution_namespace(name)
        run_cell(variant["source"], f"<{variant['id']}>", ns)
        _RESULTS[key] = run_check(name, ns[name], hidden=True)
    return _RESULTS[key]


def _params(kind):
    params = []
    for which, name, v in ALL:
        if v["kind"] != kind:
            continue
        marks = []
        if kind == "mistake" and (which, v["id"]) in KNOWN_MISSES:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[(which, v["id"])])]
        params.append(pytest.param(which, name, v, id=f"{which}-{v['id']}", marks=marks))
    return params


@pytest.mark.parametrize("which,name,variant", _params("correct"))
def test_correct_variant_gets_full_marks(which, name, variant):
    result = _grade(which, name, variant)
    assert result.points == result.max_points, f"{variant['what']}\n{result.line()}"


@pytest.mark.parametrize("which,name,variant", _params("mistake"))
def test_mistake_loses_points_with_a_message(which, name, variant):
    result = _grade(which, name, variant)
    assert result.points < result.max_points, f"not caught: {variant['what']}"
    assert result.feedback, "a lost point must come with a message"


@pytest.mark.parametrize("which", SETS)
def test_catch_rate_meets_the_bar(which):
    mistakes = [(n, v) for s, n, v in ALL if s == which and v["kind"] == "mistake"]
    assert len(mistakes) >= 90
    caught = sum(_grade(which, n, v).points < _grade(which, n, v).max_points for n, v in mistakes)
    assert caught / len(mistakes) >= BAR[which], f"{caught}/{len(mistakes)} caught"
