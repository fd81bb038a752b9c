"""Mutation tests: classic wrong implementations lose points, correct alternatives get full marks."""

import pytest
from exercise_impls import ALTERNATIVES, MUTANTS, namespace

from gmmlab.exercises import EXERCISES, run_check

MUTANT_CASES = [(name, i, src, msg) for name, items in MUTANTS.items()
                for i, (src, msg) in enumerate(items)]
ALT_CASES = [(name, i, src) for name, items in ALTERNATIVES.items() for i, src in enumerate(items)]


def test_every_exercise_has_three_mutants_and_two_alternatives():
    for name in EXERCISES:
        assert len(MUTANTS.get(name, [])) >= 3, name
        assert len(ALTERNATIVES.get(name, [])) >= 2, name


@pytest.fixture(scope="module")
def base():
    return namespace()


def test_reference_implementations_get_full_marks(base):
    for name in EXERCISES:
        result = run_check(name, base[name])
        assert result.status == "correct", result.line()
        assert result.points == result.max_points


@pytest.mark.parametrize("name,index,src,message", MUTANT_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in MUTANT_CASES])
def test_mutant_loses_points_on_its_exercise_only(base, name, index, src, message):
    mutated = namespace(src)
    result = run_check(name, mutated[name])
    assert result.status == "incorrect", result.line()
    assert result.points < result.max_points
    assert message in result.feedback, result.line()
    # The other exercises, graded from an untouched submission, keep full marks.
    for other in EXERCISES:
        if other != name:
            other_result = run_check(other, base[other])
            assert other_result.points == other_result.max_points, other_result.line()


@pytest.mark.parametrize("name,index,src", ALT_CASES, ids=[f"{c[0]}-{c[1]}" for c in ALT_CASES])
def test_correct_alternative_gets_full_marks(name, index, src):
    ns = namespace(src)
    result = run_check(name, ns[name])
    assert result.status == "correct", result.line()
    assert result.points == result.max_points
    hidden = run_check(name, ns[name], hidden=True)
    assert hidden.points == hidden.max_points, hidden.line()
