"""The grader reads a cell as a Jupyter kernel does: the kernel's verdict is the reference.

Each shape below is a chapter-07 notebook whose exercise cells are correct but written in a way a
regular expression misreads (continuation lines starting with ``%`` or ``!=``, ``!`` inside
strings, tabs, indented cells) or use IPython syntax (line and cell magics, shell escapes, ``?``
help, automagic). Every notebook is run in a real IPython kernel with a check cell appended, and
graded by ``gmmlab grade``; the points of each exercise must be the same in both.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from grading_helpers import SETUP, function_source, write_ipynb

from gmmlab.grading.grader import grade
from gmmlab.notebook.execute import execute

pytestmark = pytest.mark.slow

N_PARAMETERS_SPLIT_MESSAGE = '''\
_COV_PARAMS = {"full": None, "diag": None, "spherical": None, "tied": None}


def n_parameters(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    if covariance_type not in _COV_PARAMS:
        raise ValueError("invalid covariance_type %r: expected one of %s"
                         % (covariance_type, ", ".join(sorted(_COV_PARAMS))))
    cov = {"full": k * d * (d + 1) // 2, "diag": k * d, "spherical": k,
           "tied": d * (d + 1) // 2}[covariance_type]
    return int(k * d + cov + k - 1)
'''
AIC_NOT_EQUAL_CONTINUED = '''\
def aic(log_likelihood, n_params):
    assert (n_params
            != -1)
    k = 10
    k \\
        %= 7
    return float(-2.0 * log_likelihood + 2.0 * n_params)
'''
AIC_BANG_IN_STRINGS = '''\
NOTE = """
!this line is inside a string, not a shell escape
% and neither is this one
"""


def aic(log_likelihood, n_params):
    shout = "!" + '!'
    return float(-2.0 * log_likelihood + 2.0 * n_params)
'''
AIC_TABS = "def aic(log_likelihood, n_params):\n\tvalue = -2.0 * log_likelihood\n" \
           "\treturn float(value + 2.0 * n_params)\n"
AIC_INDENTED_CELL = "    def aic(log_likelihood, n_params):\n" \
                    "        return float(-2.0 * log_likelihood + 2.0 * n_params)\n"

SHAPES = {
    "split_percent_message": [(["exercise"], N_PARAMETERS_SPLIT_MESSAGE)],
    "not_equal_and_modulo_assign": [(["exercise"], AIC_NOT_EQUAL_CONTINUED)],
    "bang_and_percent_in_strings": [(["exercise"], AIC_BANG_IN_STRINGS)],
    "tabs": [(["exercise"], AIC_TABS)],
    "indented_cell": [(["exercise"], AIC_INDENTED_CELL)],
    "line_magics": [(["exercise"], "%matplotlib inline\n%precision 3\n" + function_source("aic"))],
    "time_line_magic": [(["exercise"], "%time TWO = 2.0\n" + function_source("aic").replace(
        "2.0 * n_params", "TWO * n_params"))],
    "time_cell_magic": [(["exercise"], "%%time\n" + function_source("aic"))],
    "capture_cell_magic": [(["exercise"], "%%capture out\nprint('hidden')\n"
                            + function_source("aic"))],
    "writefile_cell_magic": [(["exercise"], "%%writefile notes.txt\nnot python at all (\n"),
                             (["exercise"], function_source("aic"))],
    "shell_escapes": [(["exercise"], "!echo hello\nfiles = !ls\n" + function_source("aic"))],
    "help_syntax": [(["exercise"], "np.sum?\n" + function_source("aic") + "aic??\n")],
    "automagic": [(["exercise"], "pwd"), (["exercise"], function_source("aic"))],
    "stub_with_magic": [(["exercise"], ("%matplotlib inline\n"
                                        "def aic(log_likelihood, n_params):\n"
                                        "    raise NotImplementedError\n"))],
}
CHECK = ("import json\nfrom gmmlab.exercises import EXERCISES, run_check\n"
         "print(json.dumps({n: run_check(n, globals()[n], hidden=True).points\n"
         "                  for n in ('aic', 'n_parameters') if n in globals()}))\n")


def _kernel_points(path, tmp_path) -> dict:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK))
    execute(nb, tmp_path, timeout=120)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    return json.loads(text.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    src = tmp_path_factory.mktemp("shapes")
    paths = {}
    for name, cells in SHAPES.items():
        folder = src / name
        folder.mkdir()
        paths[name] = write_ipynb(folder / "07_model_selection.ipynb", [(["setup"], SETUP),
                                                                        *cells])
    records = grade(list(paths.values()), tmp_path_factory.mktemp("out"), jobs=2, timeout=120,
                    progress=False)
    return paths, {name: rec for name, rec in zip(paths, records)}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_grader_and_a_kernel_agree(shape, graded, tmp_path):
    paths, records = graded
    kernel = _kernel_points(paths[shape], tmp_path)
    assert kernel, "the kernel defined no exercise function"
    for name, points in kernel.items():
        got = records[shape]["exercises"][name]
        assert got["points"] == points, (shape, name, got, records[shape]["errors"])


def test_correct_shapes_get_full_marks_and_stubs_none(graded):
    _paths, records = graded
    for shape, rec in records.items():
        wanted = 0 if shape.startswith("stub") else 1
        name = "n_parameters" if shape == "split_percent_message" else "aic"
        top = rec["exercises"][name]["max_points"]
        assert rec["exercises"][name]["points"] == wanted * top, (shape, rec["errors"])


def test_skipped_magics_are_named_in_the_feedback(graded):
    _paths, records = graded
    errors = " ".join(records["shell_escapes"]["errors"])
    assert "skipped `!echo hello`" in errors and "skipped `!ls`" in errors
    assert "skipped `%matplotlib inline`" in " ".join(records["line_magics"]["errors"])
    assert "skipped `%%writefile`" in " ".join(records["writefile_cell_magic"]["errors"])
    assert not any("skipped" in e for e in records["time_cell_magic"]["errors"])


# ---------------------------------------------------------------- the file as Jupyter reads it

AIC = function_source("aic")
MD_VARIANTS = {
    "byte_order_mark": lambda nb: ("\ufeff" + nb(":tags: [exercise]\n", AIC)).encode("utf-8"),
    "yaml_cell_options": lambda nb: nb("---\ntags: [exercise]\n---\n", AIC).encode("utf-8"),
    "percent_markers": lambda nb: nb(":tags: [exercise]\n", "# %%\n" + AIC + "# %% [markdown]\n"
                                     "X = 1\n").encode("utf-8"),
    "windows_line_ends": lambda nb: nb(":tags: [exercise]\n", AIC).replace(
        "\n", "\r\n").encode("utf-8"),
}


def _md_notebook(cell_header: str, body: str) -> str:
    """The chapter-07 starter's header and setup cell, then one exercise cell."""
    text = (Path(__file__).resolve().parents[2] / "notebooks" / "07_model_selection.md").read_text(
        encoding="utf-8")
    marker = "```{code-cell} ipython3\n:tags: [setup]\n"
    head, rest = text.split(marker, 1)
    setup = rest.split("```", 1)[0]
    return f"{head}{marker}{setup}```\n\n```{{code-cell}} ipython3\n{cell_header}{body}```\n"


@pytest.fixture(scope="module")
def graded_md(tmp_path_factory):
    src = tmp_path_factory.mktemp("md")
    paths = {}
    for name, make in MD_VARIANTS.items():
        (src / name).mkdir()
        paths[name] = src / name / "07_model_selection.md"
        paths[name].write_bytes(make(_md_notebook))
    latin = src / "latin_1" / "07_model_selection.md"
    latin.parent.mkdir()
    latin.write_bytes(_md_notebook(":tags: [exercise]\n", "# é\n" + AIC).encode(
        "latin-1", "replace"))
    records = grade([*paths.values(), latin.parent], tmp_path_factory.mktemp("out"), jobs=2,
                    timeout=120, progress=False)
    return paths, dict(zip([*paths, "latin_1"], records))


@pytest.mark.parametrize("variant", sorted(MD_VARIANTS))
def test_a_md_file_is_graded_as_jupytext_opens_it_in_a_kernel(variant, graded_md, tmp_path):
    import jupytext

    paths, records = graded_md
    nb = jupytext.reads(paths[variant].read_bytes().decode("utf-8"), fmt="md:myst")
    ipynb = tmp_path / "07_model_selection.ipynb"
    nbformat.write(nb, ipynb)
    kernel = _kernel_points(ipynb, tmp_path)
    assert kernel == {"aic": 1.0}
    assert records[variant]["exercises"]["aic"]["points"] == kernel["aic"], records[variant]


def test_a_file_that_is_not_utf8_gets_a_sentence(graded_md):
    _paths, records = graded_md
    rec = records["latin_1"]
    assert rec["total"] == 0 and any("not UTF-8" in e for e in rec["errors"]), rec["errors"]
