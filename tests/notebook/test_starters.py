"""Starter notebooks are generated from the solutions, leak no answer, and line up with them."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import sys
import warnings
from pathlib import Path

import pytest

from gmmlab import course
from gmmlab.notebook import io as nbio
from gmmlab.notebook import leaks, tags
from gmmlab.notebook.markers import MarkerError
from gmmlab.notebook.starters import fill_stubs, make_starter, solution_blocks

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import make_starters as ms  # the command line: write, --check, problems()

SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))
GRADED = list(course.exercises())
CHECK_CALL = re.compile(r"""^\s*(?:\w+\s*=\s*)?check\(\s*["'](\w+)["']""", re.MULTILINE)
VERDICT = re.compile(r"^(\w+): (correct|incorrect|not attempted)\b", re.MULTILINE)

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A tiny notebook

"""


def notebook(*cells: str) -> str:
    """Build a MyST notebook text from code-cell sources (a leading ':tags:' line is allowed)."""
    return HEADER + "".join(f"```{{code-cell}} ipython3\n{c}\n```\n\n" for c in cells)


def ids(paths):
    return [p.stem for p in paths]


# --------------------------------------------------------------------------- marker parser
GOOD = notebook(
    f":tags: [{tags.EXERCISE}]\n\ndef f(x):\n"
    '    """Add one.\n\n    return resp, ll\n    """\n'
    '    ### BEGIN SOLUTION Return x + 1 (a "number").\n'
    "    shifted_value = x + 1\n    return shifted_value\n    ### END SOLUTION",
    'print(f(1))\n### BEGIN SELF-TEST\nassert f(2) == 3, "self-test"\n### END SELF-TEST',
    f":tags: [{tags.SOLUTION_ONLY}]\n\nprint('only for instructors: the_secret_line')",
)


def test_stub_replaces_the_block_at_the_marker_indentation():
    starter = make_starter(GOOD)
    assert '    raise NotImplementedError("Return x + 1 (a \\"number\\").")' in starter
    assert "shifted_value" not in starter
    assert "BEGIN" not in starter and "END SOLUTION" not in starter


def test_stub_message_is_a_valid_python_string():
    (block,) = solution_blocks(GOOD)
    assert ast.literal_eval(block.stub.strip()[len("raise NotImplementedError("):-1]) == block.message
    assert block.message == 'Return x + 1 (a "number").'
    assert block.indent == "    "


def test_self_tests_and_solution_only_cells_are_removed():
    starter = make_starter(GOOD)
    assert "self-test" not in starter and "assert f(2)" not in starter
    assert "the_secret_line" not in starter
    assert "print(f(1))" in starter


def test_everything_else_is_kept():
    nb = nbio.reads(make_starter(GOOD))
    assert nb.cells[0].source == "# A tiny notebook"
    assert tags.tags(nb.cells[1]) == (tags.EXERCISE,)
    assert "return resp, ll" in nb.cells[1].source  # the docstring survives


def test_the_header_does_not_depend_on_the_installed_jupytext():
    assert "jupytext_version" not in make_starter(GOOD)
    versioned = GOOD.replace("    format_version: 0.13\n", "    format_version: 0.13\n    jupytext_version: 0.0.1\n")
    assert "jupytext_version: 0.0.1" in make_starter(versioned)


def test_a_top_level_block_is_stubbed_without_indentation():
    text = notebook("### BEGIN SOLUTION Paste your f from chapter 01.\ndef f(x):\n    return x\n### END SOLUTION")
    nb = nbio.reads(make_starter(text))
    assert nb.cells[1].source == 'raise NotImplementedError("Paste your f from chapter 01.")'


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("def f():\n    ### BEGIN SOLUTION Do it.\n    return 1", "never closed"),
        ("### BEGIN SELF-TEST\nassert True", "never closed"),
        ("### BEGIN SOLUTION Outer.\n### BEGIN SOLUTION Inner.\nx = 1\n### END SOLUTION\n### END SOLUTION",
         "inside another"),
        ("### BEGIN SOLUTION Outer.\n### BEGIN SELF-TEST\nx = 1\n### END SELF-TEST\n### END SOLUTION",
         "inside another"),
        ("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", "needs a message"),
        ("def f():\n    ### BEGIN SOLUTION   \n    return 1\n    ### END SOLUTION", "needs a message"),
        ("x = 1\n### END SOLUTION", "without a matching begin"),
        ("### BEGIN SOLUTION Do it.\nx = 1\n### END SELF-TEST", "closes a solution block"),
        ("def f():\n    ### BEGIN SOLUTION Do it.\n    return 1\n### END SOLUTION", "indented differently"),
        ("### BEGIN SOLUTION Do it.\n\n### END SOLUTION", "empty"),
        ("## BEGIN SOLUTION Do it.\nx = 1\n## END SOLUTION", "malformed marker"),
        ("### BEGIN SOLUTIONS Do it.\nx = 1\n### END SOLUTION", "malformed marker"),
        ("# BEGIN HIDDEN TEST\nx = 1", "malformed marker"),
        ("### BEGIN HIDDEN TESTS\nx = 1\n### END HIDDEN TESTS", "malformed marker"),
        ("### BEGIN SELF-TEST please\nx = 1\n### END SELF-TEST", "malformed marker"),
        ("### BEGIN SELF TEST\nx = 1\n### END SELF TEST", "malformed marker"),
    ],
)
def test_malformed_markers_raise(source, fragment):
    text = notebook(source)
    with pytest.raises(MarkerError, match=fragment):
        make_starter(text)
    with pytest.raises(MarkerError, match=fragment):
        solution_blocks(text)


def test_malformed_markers_in_a_solution_only_cell_still_raise():
    with pytest.raises(MarkerError):
        make_starter(notebook(f":tags: [{tags.SOLUTION_ONLY}]\n\n### BEGIN SOLUTION Never closed.\nx = 1"))


def test_error_names_the_cell_and_line():
    with pytest.raises(MarkerError, match=r"cell 1, line 2"):
        make_starter(notebook("x = 1\n### BEGIN SOLUTION Do it.\ny = 2"))


def test_fill_stubs_restores_the_solution_code():
    blocks = solution_blocks(GOOD)
    filled = fill_stubs(make_starter(GOOD), blocks)
    assert "    shifted_value = x + 1\n    return shifted_value" in filled
    assert "NotImplementedError" not in filled


def test_fill_stubs_refuses_blocks_without_a_stub():
    blocks = solution_blocks(GOOD)
    with pytest.raises(ValueError, match="no matching stub"):
        fill_stubs(notebook("print(1)"), blocks)


def test_secret_lines_ignore_short_comment_and_shown_elsewhere_lines():
    # the one leak rule (gmmlab.notebook.leaks), applied to one solution notebook
    text = notebook(
        'def g(X):\n    """Returns\n    -------\n    return resp, ll\n    """\n'
        "    ### BEGIN SOLUTION Do it.\n    # a comment that is long enough\n    pass\n"
        "    resp = X / X.sum(axis=1, keepdims=True)\n    ll = 0.0\n    return resp, ll\n"
        "    ### END SOLUTION",
        "demo = X / X.sum(axis=1, keepdims=True)",
    )
    assert leaks.notebook_secrets(text) == {"resp = X / X.sum(axis=1, keepdims=True)"}
    assert ms.secret_lines(text) == leaks.notebook_secrets(text)


def test_self_test_and_solution_only_lines_are_secrets_too():
    secrets = leaks.notebook_secrets(GOOD)
    assert 'assert f(2) == 3, "self-test"' in secrets
    assert "print('only for instructors: the_secret_line')" in secrets


def test_leaked_lines_detects_a_surviving_solution_line():
    leaky = make_starter(GOOD).replace("    raise NotImplementedError", "    shifted_value = x + 1\n    raise NotImplementedError")
    assert ms.leaked_lines(GOOD, leaky) == ["shifted_value = x + 1"]
    assert ms.leaked_lines(GOOD, make_starter(GOOD)) == []


def test_command_line_check_mode(tmp_path):
    solutions, notebooks = tmp_path / "solutions", tmp_path / "notebooks"
    solutions.mkdir()
    notebooks.mkdir()
    args = ["--solutions", str(solutions), "--notebooks", str(notebooks)]
    assert ms.main(["--check", *args]) == 1  # no solutions at all is an error
    (solutions / "01_tiny.md").write_text(GOOD)
    assert ms.main(["--check", *args]) == 1  # missing starter
    assert ms.main(args) == 0
    assert ms.main(["--check", *args]) == 0
    target = notebooks / "01_tiny.md"
    target.write_text(target.read_text() + "\nhand edit\n")
    assert ms.main(["--check", *args]) == 1  # stale starter
    assert ms.main(args) == 0
    target.write_text(target.read_text().replace(
        '    raise NotImplementedError("Return x + 1 (a \\"number\\").")',
        "    shifted_value = x + 1\n    return shifted_value"))
    assert any("shows solution line 'shifted_value = x + 1'" in p
               for p in ms.problems(solutions, notebooks))  # a leak is reported as such
    (solutions / "02_bad.md").write_text(notebook("### BEGIN SOLUTION Never closed.\nx = 1"))
    assert ms.main(args) == 2  # malformed marker: nothing written
    assert not (notebooks / "02_bad.md").exists()


# --------------------------------------------------------------------------- the course itself
def test_solutions_exist_and_every_graded_exercise_is_checked():
    assert SOLUTIONS, "solutions/ holds no notebook"
    checked = set()
    for path in SOLUTIONS:
        checked.update(CHECK_CALL.findall(path.read_text(encoding="utf-8")))
    missing = [name for name in GRADED if name not in checked]
    assert not missing, f"no solution notebook checks {missing}"


def test_committed_starters_equal_a_fresh_generation():
    assert SOLUTIONS, "solutions/ holds no notebook"
    assert ms.problems() == []


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_no_solution_line_survives_in_the_starter(path):
    starter = make_starter(path.read_text(encoding="utf-8"), str(path))
    assert ms.leaked_lines(path, starter) == []
    committed = ROOT / "notebooks" / path.name
    if committed.exists():
        assert ms.leaked_lines(path, committed) == []


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_conventions(path):
    nb = nbio.read(path)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown" and "By the end of this notebook" in nb.cells[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert tags.has_tag(code[0], tags.SETUP), "the first code cell must be tagged setup"
    for block in solution_blocks(path):
        assert len(block.message.split()) >= 5, f"cell {block.cell}: state the task and its contract"
        # The stub states the task; the method belongs to the hints, in stages.
        assert not re.search(r"\s=\s|\bnp\.|\w+\s*\([^)]*\)\s*[-+*/]", block.message), (
            f"cell {block.cell}: the stub message holds code or a formula: {block.message!r}")
        cell = nb.cells[block.cell]
        assert tags.is_exercise(cell) or tags.is_solution_only(cell), (
            f"cell {block.cell}: block outside an exercise")
    # Each graded exercise cell is followed (before the next exercise) by its check and a hint.
    for index, cell in enumerate(nb.cells):
        if not tags.is_exercise(cell):
            continue
        tree = ast.parse(python_source(cell.source))
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        following = []
        for later in nb.cells[index + 1:]:
            if tags.is_exercise(later):
                break
            following.append(later)
        checked = {n for c in following if c.cell_type == "code" for n in CHECK_CALL.findall(c.source)}
        hinted = any(tags.is_hint(c) for c in following)
        for name in defined & set(GRADED) & checked:
            assert hinted, f"{path.name}: exercise {name} has no hint cell"


# --------------------------------------------------------------------------- execution
def bound_names(source: str) -> set[str]:
    """Names a cell would define if it ran to completion (an over-approximation)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def python_source(source: str) -> str:
    """Drop IPython magics and shell escapes, which plain exec cannot run."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n"))


@contextlib.contextmanager
def working_directory(path: Path):
    """Run the body in ``path`` (``contextlib.chdir`` needs Python 3.11)."""
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def run_cells(cells, workdir: Path):
    """Execute code cells in order in one namespace; return [(cell, error or None, stdout)]."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    namespace = {"__name__": "__main__"}
    results = []
    with working_directory(workdir), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cell in cells:
            out = io.StringIO()
            error = None
            try:
                with contextlib.redirect_stdout(out):
                    exec(compile(python_source(cell.source), "<cell>", "exec"), namespace)  # noqa: S102
            except Exception as exc:  # noqa: BLE001 - the caller judges every error
                error = exc
            results.append((cell, error, out.getvalue()))
    plt.close("all")
    return results


def code_cells(text: str):
    return [c for c in nbio.reads(text).cells if c.cell_type == "code"]


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_starter_as_is_fails_only_with_not_implemented(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    starter = make_starter(text, str(path))
    # Names that only a stubbed-out top-level block (e.g. "paste your functions") would define,
    # and, as cells fail, the names those cells never got to define.
    poisoned = {n for b in solution_blocks(text) if not b.indent for n in bound_names(b.code)}
    verdicts = stubs_hit = 0
    for cell, error, out in run_cells(code_cells(starter), tmp_path):
        stubs_hit += isinstance(error, NotImplementedError)
        if error is not None:
            ok = isinstance(error, NotImplementedError) or (
                isinstance(error, NameError) and getattr(error, "name", None) in poisoned
            )
            assert ok, f"{path.name}: cell\n{cell.source}\nraised {error!r}"
            poisoned |= bound_names(cell.source)
        calls = CHECK_CALL.findall(cell.source)
        if calls:
            found = VERDICT.findall(out)
            assert len(found) >= len(calls), f"{path.name}: check printed {out!r}"
            assert all(state == "not attempted" for _, state in found), out
            verdicts += len(found)
    if any(not b.solution_only for b in solution_blocks(text)):
        assert stubs_hit, f"{path.name}: no cell of the starter reached a stub"
    if CHECK_CALL.search(starter):
        assert verdicts, f"{path.name}: no check printed a verdict"


def graded_cells(text: str):
    """The cells the grader runs (setup, exercise) plus the check cells."""
    keep = []
    for cell in code_cells(text):
        if tags.is_graded(cell) or CHECK_CALL.search(cell.source):
            keep.append(cell)
    return keep


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_starter_filled_with_the_solutions_passes_every_check(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    filled = fill_stubs(make_starter(text, str(path)), solution_blocks(text))
    for cell, error, out in run_cells(graded_cells(filled), tmp_path):
        assert error is None, f"{path.name}: cell\n{cell.source}\nraised {error!r}"
        calls = CHECK_CALL.findall(cell.source)
        if calls:
            found = VERDICT.findall(out)
            assert len(found) >= len(calls), f"{path.name}: check printed {out!r}"
            assert all(state == "correct" for _, state in found), out
