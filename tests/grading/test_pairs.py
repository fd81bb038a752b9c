"""A submitted .md/.ipynb pair is graded once, and the feedback says which file was read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest

from gmmlab.grading.grader import grade
from gmmlab.grading.submission import load
from gmmlab.notebook import io, pairing, tags

ROOT = Path(__file__).resolve().parents[2]
STEM = "07_model_selection"
SETUP = "import numpy as np\nfrom gmmlab.exercises import check, hint\n"
RIGHT = ("def bic(log_likelihood, n_params, n_samples):\n"
         "    return float(-2 * log_likelihood + n_params * np.log(n_samples))\n")
WRONG = ("def bic(log_likelihood, n_params, n_samples):\n"
         "    return float(-2 * log_likelihood + 2 * n_params)\n")


def write_pair_file(path: Path, exercise: str, *, age: float = 0.0) -> Path:
    """Write one file of a pair (``.md`` or ``.ipynb``); ``age`` seconds in the past."""
    cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(exercise),
             nbformat.v4.new_code_cell('raise RuntimeError("untagged cells must not run")')]
    cells[0].metadata["tags"] = [tags.SETUP]
    cells[1].metadata["tags"] = [tags.EXERCISE]
    nb = pairing.pair(nbformat.v4.new_notebook(cells=cells))
    nb.metadata["kernelspec"] = dict(pairing.KERNELSPEC)
    io.write(nb, path)
    stamp = 1_700_000_000 - age
    os.utime(path, (stamp, stamp))
    return path


def student(folder: Path, md_code: str, ipynb_code: str, *, older: str) -> Path:
    """A submission folder holding one pair; ``older`` is the suffix of the older file."""
    folder.mkdir(parents=True)
    write_pair_file(folder / f"{STEM}.md", md_code, age=60.0 if older == ".md" else 0.0)
    write_pair_file(folder / f"{STEM}.ipynb", ipynb_code, age=60.0 if older == ".ipynb" else 0.0)
    return folder


def test_a_pair_is_one_notebook(tmp_path):
    sub = load(student(tmp_path / "s", RIGHT, RIGHT, older=".md"))
    assert sub.errors == []
    assert [nb.name for nb in sub.notebooks] == [f"{STEM}.ipynb"]
    assert sub.notebooks[0].note == (f"graded {STEM}.ipynb; its pair {STEM}.md has the same "
                                     "graded cells")


@pytest.mark.parametrize("older", [".md", ".ipynb"])
def test_disagreeing_files_the_newer_is_read_and_the_note_says_so(tmp_path, older):
    newer = ".ipynb" if older == ".md" else ".md"
    sub = load(student(tmp_path / "s", RIGHT, WRONG, older=older))
    (nb,) = sub.notebooks
    assert nb.name == f"{STEM}{newer}"
    assert "differ in their graded" in nb.note and f"the newer one, {STEM}{newer}" in nb.note
    assert nb.cells[1].strip() == (RIGHT if newer == ".md" else WRONG).strip()


def test_an_unreadable_file_of_a_pair_falls_back_on_the_other(tmp_path):
    folder = student(tmp_path / "s", RIGHT, RIGHT, older=".md")
    (folder / f"{STEM}.ipynb").write_text("{ not json", encoding="utf-8")
    sub = load(folder)
    assert sub.errors == []
    (nb,) = sub.notebooks
    assert nb.name == f"{STEM}.md" and "could not be read" in nb.note


def test_a_plain_markdown_file_is_not_a_pair(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    write_pair_file(folder / f"{STEM}.ipynb", RIGHT)
    (folder / f"{STEM}.md").write_text("# My notes\n\nNot a notebook.\n", encoding="utf-8")
    (nb,) = load(folder).notebooks
    assert nb.name == f"{STEM}.ipynb" and nb.note == ""


def test_a_committed_starter_pair_is_read_once():
    folder = ROOT / "notebooks"
    sub = load(folder)
    stems = [Path(nb.name).stem for nb in sub.notebooks]
    assert len(stems) == len(set(stems)) == len(list(folder.glob("*.md")))
    assert all("has the same graded cells" in nb.note for nb in sub.notebooks), [
        nb.note for nb in sub.notebooks]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    src = tmp_path_factory.mktemp("subs")
    subs = [student(src / "agree", RIGHT, RIGHT, older=".md"),
            student(src / "md_newer", RIGHT, WRONG, older=".ipynb"),
            student(src / "ipynb_newer", RIGHT, WRONG, older=".md")]
    out = tmp_path_factory.mktemp("out")
    records = grade(subs, out, jobs=2, timeout=120, progress=False)
    return {r["submission"]: r for r in records}, out


def _feedback(out: Path, name: str) -> str:
    from gmmlab.grading.gradebook import feedback_name

    return (out / "feedback" / feedback_name(name)).read_text(encoding="utf-8")


def test_the_chapter_is_graded_once_and_the_feedback_names_the_file(graded):
    records, out = graded
    assert records["agree"]["exercises"]["bic"]["points"] == 1
    text = _feedback(out, "agree")
    assert "## Notebooks graded" in text
    assert f"- `{STEM}.ipynb`: graded {STEM}.ipynb; its pair {STEM}.md has the same" in text
    assert records["agree"]["errors"] == []


def test_the_newer_file_of_a_disagreeing_pair_is_graded(graded):
    records, out = graded
    assert records["md_newer"]["exercises"]["bic"]["points"] == 1
    assert records["ipynb_newer"]["exercises"]["bic"]["points"] == 0
    for name, newer in (("md_newer", ".md"), ("ipynb_newer", ".ipynb")):
        text = _feedback(out, name)
        assert f"- `{STEM}{newer}`: {STEM}" in text
        assert f"graded the newer one, {STEM}{newer}" in text


def test_grades_json_is_unchanged_by_the_notes(graded):
    _, out = graded
    import json

    for record in json.loads((out / "grades.json").read_text())["submissions"]:
        assert "note" not in record and all("note" not in e for e in record["exercises"].values())


def test_a_submitted_single_file_has_no_note(tmp_path):
    path = write_pair_file(tmp_path / f"{STEM}.ipynb", RIGHT)
    shutil.copy(path, tmp_path / "copy.ipynb")
    (nb,) = load(tmp_path / "copy.ipynb").notebooks
    assert nb.note == ""
