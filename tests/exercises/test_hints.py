"""Staged hints: nudge first, then the key formula; plain text outside a notebook."""

import pytest

from gmmlab.exercises import EXERCISES, hint
from gmmlab.exercises import hints as hints_module


@pytest.fixture(autouse=True)
def fresh():
    hints_module._shown.clear()


@pytest.mark.parametrize("name", list(EXERCISES))
def test_every_exercise_has_staged_hints(name, capsys):
    first = hint(name)
    second = hint(name)
    third = hint(name)
    assert first != second and second == third
    out = capsys.readouterr().out
    assert f"Hint 1/2 for {name}" in out and f"Hint 2/2 for {name}" in out
    assert "$" not in out  # LaTeX is only rendered in a notebook


def test_given_stage(capsys):
    text = hint("m_step", 2)
    assert "N_k" in text
    assert "Hint 2/2" in capsys.readouterr().out


def test_bad_arguments(capsys):
    with pytest.raises(ValueError, match="name"):
        hint("mstep")
    assert hint("m_step", 5) == ""  # one line that says so, no traceback (test_messages.py)
    assert "no stage 5" in capsys.readouterr().out
