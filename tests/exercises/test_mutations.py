"""Mutation tests: classic mistakes lose points, correct alternatives get full marks.

The mutants and alternatives live next to their exercise (``MUTANTS`` and ``ALTERNATIVES`` in the
instructor-only block of ``gmmlab/exercises/<name>.py``); most mutants are edits of the written
solution in ``solutions/``, so they follow it.
"""

import pytest

from gmmlab import course
from gmmlab.exercises import EXERCISES, run_check, variants
from gmmlab.exercises.numpy_only import _is_student


def _items(kind):
    return [(name, i, item) for name, ex in EXERCISES.items()
            for i, item in enumerate(getattr(ex.module, kind, ()))]


MUTANT_CASES = _items("MUTANTS")
ALT_CASES = _items("ALTERNATIVES")
EDIT_CASES = [c for c in MUTANT_CASES if isinstance(c[2], variants.Mutant)]


def _ids(cases, kind):
    return [f"{name}-{kind}-{i}" for name, i, _ in cases]


#: The variants written as real functions of the exercise modules (not edits of the solution).
WRITTEN_CASES = [c for c in MUTANT_CASES if not isinstance(c[2], variants.Mutant)] + ALT_CASES
WRITTEN_IDS = [f"{name}-{'alternative' if isinstance(v, variants.Alternative) else 'mutant'}-{i}"
               for name, i, v in WRITTEN_CASES]


@pytest.fixture(scope="module")
def base_results():
    """Verdicts of the solutions themselves, visible checks only, by exercise."""
    return {name: run_check(name, variants.solution_namespace(name)[name]) for name in EXERCISES}


def test_every_exercise_has_three_mutants_and_two_alternatives():
    for name, ex in EXERCISES.items():
        assert len(getattr(ex.module, "MUTANTS", ())) >= 3, name
        assert len(getattr(ex.module, "ALTERNATIVES", ())) >= 2, name


@pytest.mark.parametrize("name", list(EXERCISES))
def test_solution_gets_full_marks(name, base_results):
    result = base_results[name]
    assert result.status == "correct", result.line()
    assert result.points == result.max_points
    hidden = run_check(name, variants.solution_namespace(name)[name], hidden=True)
    assert hidden.points == hidden.max_points, hidden.line()


@pytest.mark.parametrize("name,index,mutant", EDIT_CASES, ids=_ids(EDIT_CASES, "mutant"))
def test_mutant_edits_apply_to_the_solution(name, index, mutant):
    """Each edit's old text occurs exactly once (else EditError), and the edit changes the code."""
    assert mutant.edits, "a Mutant needs at least one edit"
    assert mutant.source(name) != variants.solution_source(name)


@pytest.mark.parametrize("name,index,mutant", MUTANT_CASES, ids=_ids(MUTANT_CASES, "mutant"))
def test_mutant_loses_points_on_its_exercise_only(name, index, mutant, base_results):
    ns = mutant.namespace(name)
    result = run_check(name, ns[name])
    assert result.status == "incorrect", result.line()
    assert result.points < result.max_points
    assert mutant.fragment in result.feedback, result.line()
    # The other exercises keep full marks: those of the same chapter graded from the mutant's
    # namespace (the edit touched one function only), the others from the solutions.
    chapter = course.chapter_of(name)
    for other in EXERCISES:
        if other == name:
            continue
        if course.chapter_of(other) == chapter:
            other_result = run_check(other, ns[other])
        else:
            other_result = base_results[other]
        assert other_result.points == other_result.max_points, other_result.line()


@pytest.mark.parametrize("name,index,alternative", ALT_CASES, ids=_ids(ALT_CASES, "alternative"))
def test_correct_alternative_gets_full_marks(name, index, alternative):
    ns = alternative.namespace(name)
    result = run_check(name, ns[name])
    assert result.status == "correct", result.line()
    assert result.points == result.max_points
    hidden = run_check(name, ns[name], hidden=True)
    assert hidden.points == hidden.max_points, hidden.line()


@pytest.mark.parametrize("name,index,variant", WRITTEN_CASES, ids=WRITTEN_IDS)
def test_written_variants_run_as_student_code(name, index, variant):
    """A function written in the exercise module runs in the student's namespace, under the
    exercise's name, and the NumPy-only rule treats it as a student's function."""
    func = variant.namespace(name)[name]
    assert func.__name__ == name
    assert func.__module__ == "__main__"
    assert _is_student(func)


def _first_mutant(name):
    return next(m for m in EXERCISES[name].module.MUTANTS if isinstance(m, variants.Mutant))


def test_an_edit_that_does_not_match_fails_loudly():
    mutant = variants.Mutant((("this text is in no solution", "x"),), "frag", "a stale mutant")
    with pytest.raises(variants.EditError) as exc:
        mutant.source("e_step")
    message = str(exc.value)
    assert "e_step" in message and "a stale mutant" in message
    assert "this text is in no solution" in message and "0 times" in message


def test_an_edit_that_matches_twice_fails_loudly():
    # "lower is better" is in bic's docstring and in the comment that opens its solution block.
    mutant = variants.Mutant((("lower is better", "higher is better"),), "frag", "ambiguous")
    with pytest.raises(variants.EditError, match=r"bic.*ambiguous.*2 times"):
        mutant.source("bic")


def test_the_error_names_a_listed_mutant_by_its_id(monkeypatch):
    mutant = _first_mutant("aic")
    stale = variants.Mutant(tuple((old + " (stale)", new) for old, new in mutant.edits),
                            mutant.fragment, mutant.description)
    monkeypatch.setattr(EXERCISES["aic"].module, "MUTANTS", (stale,))
    with pytest.raises(variants.EditError, match=r"aic-mutant-0"):
        stale.namespace("aic")


def test_missing_solutions_folder_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(variants, "SOLUTIONS", tmp_path / "solutions")
    with pytest.raises(FileNotFoundError, match="solutions folder .* is missing"):
        variants.solution_namespace("e_step")
    with pytest.raises(FileNotFoundError, match="instructor repository"):
        _first_mutant("e_step").namespace("e_step")
