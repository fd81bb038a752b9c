"""Each .md/.ipynb pair agrees: same cells, both paired; the twin is what its .md regenerates."""

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from gmmlab.notebook import io, pairing

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("sync_notebooks", ROOT / "tools" / "sync_notebooks.py")
sync_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync_notebooks)


@pytest.mark.parametrize("folder", ["notebooks", "solutions"])
def test_committed_twins_match_their_sources(folder):
    assert sync_notebooks.sources(folder), f"{folder}/ holds no .md notebook"
    problems = sync_notebooks.drifted(folder)
    assert not problems, "\n".join(problems)


@pytest.fixture
def pair(tmp_path):
    """A copy of one solution notebook and its committed twin, to tamper with."""
    md = min((ROOT / "solutions").glob("*.md"))
    shutil.copy(md, tmp_path / md.name)
    shutil.copy(md.with_suffix(".ipynb"), tmp_path / md.with_suffix(".ipynb").name)
    return tmp_path / md.name, tmp_path / md.with_suffix(".ipynb").name


def test_untouched_pair_is_clean(pair):
    md, twin = pair
    assert sync_notebooks.twin_problems(md, twin, executed=True) == []


def test_an_edit_to_the_source_is_drift(pair):
    md, twin = pair
    md.write_text(md.read_text() + "\n\nA sentence added to the source only.\n")
    assert any("differs" in p for p in sync_notebooks.twin_problems(md, twin, executed=True))


def test_an_edit_to_the_twin_is_drift(pair):
    md, twin = pair
    nb = io.read(twin)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.source += "\nx_added_only_in_the_twin = 1"
    io.write(nb, twin)
    assert any("differs" in p for p in sync_notebooks.twin_problems(md, twin, executed=True))


@pytest.mark.parametrize("which", ["md", "twin"])
def test_a_file_without_the_pairing_metadata_is_reported(pair, which):
    md, twin = pair
    path = md if which == "md" else twin
    nb = io.read(path)
    nb.metadata["jupytext"].pop("formats")
    io.write(nb, path)
    suffix = ".md" if which == "md" else ".ipynb"
    assert any(f"the {suffix} is not paired" in p
               for p in sync_notebooks.twin_problems(md, twin, executed=True))


def test_the_check_ignores_modification_times(pair):
    md, twin = pair
    os.utime(twin, (0, 0))
    assert sync_notebooks.twin_problems(md, twin, executed=True) == []


def test_a_regenerated_twin_is_paired_and_keeps_the_cell_ids(pair):
    md, twin = pair
    fresh = sync_notebooks.regenerate(md, twin)
    assert pairing.is_paired(fresh)
    assert [c.id for c in fresh.cells] == [c.id for c in io.read(twin).cells]


def test_an_unexecuted_solution_twin_is_reported(pair):
    md, twin = pair
    io.write(sync_notebooks.regenerate(md), twin)
    assert any("unexecuted" in p for p in sync_notebooks.twin_problems(md, twin, executed=True))


def test_a_missing_twin_is_reported(pair):
    md, twin = pair
    twin.unlink()
    assert any("missing" in p for p in sync_notebooks.twin_problems(md, twin, executed=True))


def test_no_solution_cell_relies_on_a_trailing_semicolon():
    # nbval runs cells without storing history, so IPython cannot see a final `;` and prints the
    # value anyway: the stored and fresh outputs would then differ. End figure cells with plt.show().
    offenders = []
    for md in sync_notebooks.sources("solutions"):
        for i, cell in enumerate(sync_notebooks.regenerate(md).cells):
            lines = [ln for ln in cell.source.rstrip().split("\n") if ln.strip()]
            if cell.cell_type == "code" and lines and lines[-1].rstrip().endswith(";"):
                offenders.append(f"{md.name} cell {i}")
    assert not offenders, offenders
