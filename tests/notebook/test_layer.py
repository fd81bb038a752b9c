"""The notebook layer (gmmlab/notebook/): reading both formats, tags, markers, the leak rule."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

from gmmlab.notebook import execute, io, leaks, markers, pairing, starters, tags

ROOT = Path(__file__).resolve().parents[2]
PAIR = ROOT / "notebooks" / "02_logsumexp.md"


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def code_cell(source, *cell_tags):
    cell = nbformat.v4.new_code_cell(source)
    if cell_tags:
        cell.metadata["tags"] = list(cell_tags)
    return cell


# --------------------------------------------------------------------------- io
def test_both_files_of_a_pair_read_to_the_same_cells():
    md, ipynb = io.read(PAIR), io.read(PAIR.with_suffix(".ipynb"))
    assert pairing.comparable(md) == pairing.comparable(ipynb)
    assert md.nbformat == ipynb.nbformat == 4


def test_reads_and_writes_round_trip(tmp_path):
    nb = io.read(PAIR)
    for suffix in (".md", ".ipynb"):
        again = io.reads(io.writes(nb, suffix), suffix)
        assert pairing.comparable(again) == pairing.comparable(nb), suffix
        written = io.write(nb, tmp_path / f"copy{suffix}")
        assert pairing.comparable(io.read(written)) == pairing.comparable(nb), suffix


def test_an_ipynb_keeps_no_text_representation(tmp_path):
    nb = io.read(PAIR)
    assert "text_representation" in nb.metadata["jupytext"]
    raw = json.loads(io.write(nb, tmp_path / "x.ipynb").read_text())
    assert "text_representation" not in raw["metadata"]["jupytext"]
    assert raw["metadata"]["jupytext"]["formats"] == pairing.FORMATS


def test_read_errors_name_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.ipynb"):
        io.read(tmp_path / "nope.ipynb")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match="notes.txt"):
        io.read(tmp_path / "notes.txt")
    with pytest.raises(ValueError, match="suffix"):
        io.reads("{}", ".txt")


def test_clear_outputs():
    nb = nbformat.v4.new_notebook(cells=[code_cell("print(1)")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[0].execution_count = 3
    nb.cells[0].metadata["execution"] = {"iopub.status.idle": "now"}
    io.clear_outputs(nb)
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count is None
    assert "execution" not in nb.cells[0].metadata


def test_is_jupytext_md(tmp_path):
    assert io.is_jupytext_md(PAIR)
    readme = tmp_path / "README.md"
    readme.write_text("# Notes\n\nNot a notebook.\n")
    assert not io.is_jupytext_md(readme)
    assert not io.is_jupytext_md(tmp_path / "missing.md")


# --------------------------------------------------------------------------- tags
def test_graded_cells_are_code_cells_tagged_setup_or_exercise():
    assert tags.GRADED == (tags.SETUP, tags.EXERCISE)
    assert tags.is_graded(code_cell("x = 1", tags.SETUP))
    assert tags.is_graded(code_cell("x = 1", tags.HINT, tags.EXERCISE))
    assert not tags.is_graded(code_cell("x = 1", tags.HINT))
    assert not tags.is_graded(code_cell("x = 1"))
    markdown = nbformat.v4.new_markdown_cell("text")
    markdown.metadata["tags"] = [tags.EXERCISE]
    assert not tags.is_graded(markdown) and not tags.is_exercise(markdown)


def test_tag_predicates_accept_plain_dicts():
    cell = {"cell_type": "code", "metadata": {"tags": [tags.SOLUTION_ONLY]}, "source": ""}
    assert tags.is_solution_only(cell) and not tags.is_hint(cell)
    assert tags.tags({"cell_type": "code", "metadata": {"tags": None}}) == ()
    assert tags.tags({"cell_type": "code"}) == ()


def test_an_unknown_tag_is_an_error():
    with pytest.raises(ValueError, match="tag must be one of"):
        tags.has_tag(code_cell("x = 1"), "exercice")


def test_the_course_uses_no_tag_the_layer_does_not_know():
    used = {t for path in sorted((ROOT / "solutions").glob("*.md"))
            for cell in io.read(path).cells for t in tags.tags(cell)}
    assert used and used <= set(tags.ALL), used - set(tags.ALL)


# --------------------------------------------------------------------------- markers
CELL = ("def f(x):\n"
        "    ### BEGIN SOLUTION Return x + 1.\n"
        "    return x + 1\n"
        "    ### END SOLUTION\n"
        "### BEGIN SELF-TEST\n"
        "assert f(1) == 2\n"
        "### END SELF-TEST")


def test_scan_a_cell():
    kept, blocks = markers.scan(CELL, markers.CELL, "nb.md", 4)
    assert kept == ["def f(x):", '    raise NotImplementedError("Return x + 1.")']
    assert [(b.kind, b.cell, b.line) for b in blocks] == [
        (markers.SOLUTION, 4, 2), (markers.SELF_TEST, 4, 5)]
    assert blocks[1].code == "assert f(1) == 2"
    with pytest.raises(ValueError, match="only a solution block"):
        blocks[1].stub  # noqa: B018


def test_the_old_hidden_tests_marker_is_rejected_with_the_new_spelling():
    with pytest.raises(markers.MarkerError, match="BEGIN SELF-TEST"):
        markers.scan("### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS")


MODULE = '''"""An exercise; see ``# BEGIN INSTRUCTOR ONLY`` in the docs."""

PARTS = (1, 2)

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
HIDDEN_CASES = (
    {"label": "a case nobody may see", "seed": 12345},
)
# END INSTRUCTOR ONLY
'''


def test_instructor_only_blocks_are_found_and_stripped():
    (block,) = markers.instructor_only_blocks(MODULE, "ex.py")
    assert block.kind == markers.INSTRUCTOR_ONLY and block.cell is None and block.line == 5
    stripped = markers.strip_instructor_only(MODULE, "ex.py")
    assert "HIDDEN_CASES" not in stripped and "INSTRUCTOR ONLY:" not in stripped
    assert stripped.endswith("PARTS = (1, 2)\n")
    namespace = {}
    exec(compile(stripped, "ex.py", "exec"), namespace)  # noqa: S102 - the stripped module runs
    assert namespace["PARTS"] == (1, 2)


@pytest.mark.parametrize("source, fragment", [
    ("# BEGIN INSTRUCTOR ONLY\nX = 1\n", "never closed"),
    ("X = 1\n# END INSTRUCTOR ONLY\n", "without a matching begin"),
    ("# BEGIN INSTRUCTOR ONLY\n\n# END INSTRUCTOR ONLY\n", "empty"),
    ("## BEGIN INSTRUCTOR ONLY\nX = 1\n## END INSTRUCTOR ONLY\n", "malformed marker"),
    ("# BEGIN INSTRUCTOR\nX = 1\n", "malformed marker"),
])
def test_malformed_instructor_markers_raise_naming_the_line(source, fragment):
    with pytest.raises(markers.MarkerError, match=fragment) as error:
        markers.strip_instructor_only(source, "gmmlab/exercises/x.py")
    assert "gmmlab/exercises/x.py, line " in str(error.value)


def test_every_module_of_the_package_parses():
    for module in sorted((ROOT / "gmmlab").rglob("*.py")):
        markers.instructor_only_blocks(module.read_text(encoding="utf-8"), str(module))


# --------------------------------------------------------------------------- the leak rule
def test_significant_lines():
    assert leaks.significant("    resp = X / X.sum(axis=1)  ") == "resp = X / X.sum(axis=1)"
    assert leaks.significant("x = 1") is None
    assert leaks.significant("# a comment that is long enough") is None


def test_secret_lines_are_block_lines_that_are_not_public():
    blocks = ["resp = X / X.sum(axis=1, keepdims=True)\nreturn resp\nshown = compute(X, y)"]
    assert leaks.secret_lines(blocks, ["demo: shown = compute(X, y)", "    shown = compute(X, y)"]) == {
        "resp = X / X.sum(axis=1, keepdims=True)"}


def test_a_leak_is_a_shipped_line_equal_to_a_secret_line():
    secrets = {"resp = X / X.sum(axis=1, keepdims=True)"}
    assert leaks.leaked_lines("a\n    resp = X / X.sum(axis=1, keepdims=True)\n", secrets) == [
        "resp = X / X.sum(axis=1, keepdims=True)"]
    assert leaks.leaked_lines("# resp = X / X.sum(axis=1, keepdims=True) in a comment", secrets) == []


def test_module_secrets_are_the_instructor_only_lines():
    assert leaks.module_secrets(MODULE) == {'{"label": "a case nobody may see", "seed": 12345},',
                                            "HIDDEN_CASES = ("}


def test_shipped_text_of_an_ipynb_is_its_cell_sources(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[code_cell('print("quoted \\\\ text")')])
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert '"quoted' not in path.read_text().splitlines()[0]
    assert leaks.shipped_text(path) == 'print("quoted \\\\ text")'


def test_the_starter_check_and_the_release_use_the_one_rule(tmp_path):
    make_starters, make_release = _tool("make_starters"), _tool("make_release")
    solution = ROOT / "solutions" / "03_e_step.md"
    assert make_starters.secret_lines(solution) == leaks.notebook_secrets(solution)
    secrets = make_release.course_secrets()
    # The release's public text also holds the package (its reference implementation), so its
    # secrets are the starter's minus what the package ships anyway.
    both = sorted(leaks.notebook_secrets(solution) & secrets)
    assert both, "the release would miss every secret line of the chapter"
    some = both[0]
    (tmp_path / "README.md").write_text(f"Look:\n    {some}\n")
    assert make_release.find_leaks(tmp_path, secrets) == [("README.md", some)]


# --------------------------------------------------------------------------- pairing, execution
def test_pairing_metadata_and_twin_paths():
    nb = nbformat.v4.new_notebook()
    assert not pairing.is_paired(nb)
    assert pairing.is_paired(pairing.pair(nb))
    assert pairing.twin_path("a/03_e_step.md") == Path("a/03_e_step.ipynb")
    assert pairing.twin_path("03_e_step.ipynb") == Path("03_e_step.md")
    with pytest.raises(ValueError, match="path must end"):
        pairing.twin_path("03_e_step.py")


def test_differences_name_the_cell():
    md = pairing.pair(nbformat.v4.new_notebook(cells=[code_cell("x = 1"), code_cell("y = 2")]))
    twin = pairing.twin_notebook(io.reads(io.writes(md)))
    assert pairing.differences(md, twin) == []
    twin.cells[1].source = "y = 3"
    assert pairing.differences(md, twin) == ["cell 1 differs in its source"]
    twin.metadata.pop("jupytext")
    assert "the .ipynb is not paired" in pairing.differences(md, twin)[0]


def test_a_regenerated_twin_keeps_the_ids_of_unchanged_cells():
    old = pairing.twin_notebook(io.read(PAIR))
    new_md = io.read(PAIR)
    new_md.cells[-1].source += "\n# changed"
    new = pairing.twin_notebook(new_md, old)
    assert [c.id for c in new.cells[:-1]] == [c.id for c in old.cells[:-1]]
    assert new.cells[-1].id != old.cells[-1].id


def test_the_kernel_never_inherits_mplbackend():
    assert "MPLBACKEND" not in execute.kernel_env({"MPLBACKEND": "Agg", "HOME": "/h"})
    assert execute.kernel_env({"HOME": "/h"}) == {"HOME": "/h"}


@pytest.mark.slow
def test_execute_stores_figures_inline_whatever_the_shell_says(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.v4.new_notebook(cells=[code_cell(
        "import matplotlib.pyplot as plt\nplt.plot([0, 1])\nplt.show()")])
    execute.execute(nb, tmp_path, timeout=120)
    assert any("image/png" in out.get("data", {}) for out in nb.cells[0].outputs)
    with pytest.raises(ValueError, match="cwd"):
        execute.execute(nb, tmp_path / "missing")


def test_starter_generation_pairs_the_starter():
    text = ("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
            "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n"
            "```{code-cell} ipython3\nx = 1\n```\n")
    assert pairing.is_paired(io.reads(starters.make_starter(text)))
