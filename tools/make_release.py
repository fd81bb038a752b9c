"""Write the student release: ``dist/student/`` (starters, data, gmmlab without its instructor-only
blocks) and ``dist/student.zip``.

What ships is derived, not listed by hand: the starter notebook (and its paired ``.ipynb``) of
every chapter of the course manifest, the data, the package with every ``# BEGIN INSTRUCTOR
ONLY`` ... ``# END INSTRUCTOR ONLY`` block removed (a module that held nothing else is left out),
the theory pages of the book (the notebooks link to them), the report exporter, the JupyterLab
launcher ``tools/lab.py`` with the course's JupyterLab settings (``jupyter-config/``), the
student requirements and a README. Before the archive is written the
release is checked: the copied package imports and has no hidden cases, and no file holds a
secret line (a solution, a self-test, a hidden case, a mutant) by the one leak rule of
:mod:`gmmlab.notebook.leaks`, and no function is shaped like a graded solution (the same code
up to names, comments and layout, :mod:`gmmlab.notebook.code_shape`): the checks compute their
references with SciPy and scikit-learn. A release that fails is deleted.

Usage::

    python tools/make_release.py [--out DIR]
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from gmmlab.course import CHAPTERS, exercises
from gmmlab.notebook import code_shape, io, leaks, pairing
from gmmlab.notebook.markers import MarkerError, instructor_only_blocks, strip_instructor_only
from gmmlab.notebook.starters import make_starter, secret_blocks

ROOT = Path(__file__).resolve().parents[1]

#: Requirements a student does not need (book building, tests, linting).
#: sphinx-mathjax-offline stays: the report exporter inlines its MathJax so equations render offline.
NOT_FOR_STUDENTS = re.compile(r"^(jupyter-book|jupyter-cache|myst-nb|sphinx(?!-mathjax-offline)|"
                              r"sphinxcontrib|pytest|nbval|ruff|playwright)", re.IGNORECASE)
#: A function of the release at least this alike (:func:`gmmlab.notebook.code_shape.similarity`)
#: to a graded exercise's written solution is taken for a copy of it. Measured: the functions of
#: the release that held solutions scored 0.65-1.00, nothing else scores above 0.59; correct
#: solutions written independently by students score 0.44-0.67 (median per exercise).
SHAPE_LIMIT = 0.62
#: Build products, never copied.
JUNK = ("__pycache__", ".pyc", ".egg-info")
#: Files that hold no text to scan.
BINARY = (".csv", ".zip", ".png", ".jpg")

README = """\
# Gaussian Mixture Models with EM: student kit

You will implement a Gaussian mixture model and its EM algorithm in NumPy, one chapter at a
time. Every exercise is followed by a check cell that tells you at once whether your function is
right and, if not, what is wrong; a hint cell gives a nudge, then the key formula, when you ask
for it.

## Set up (once)

```bash
python3 -m venv .venv
.venv/bin/python -m pip install -r requirements.txt    # also installs the gmmlab helper package
.venv/bin/python tools/lab.py                           # every time: starts JupyterLab
```

On Windows use `.venv\\Scripts\\python`. `tools/lab.py` starts JupyterLab on this folder with
the course's settings (`jupyter-config/`) and opens `notebooks/00_orientation.md`: a
double-click on a `.md` notebook opens it as a notebook, and the links to the theory pages in
`book/theory/` work.

## Work through the notebooks

- Start with `notebooks/00_orientation`. Each notebook is a `.md` and an `.ipynb` file that
  jupytext keeps paired: double-click either one, and saving in JupyterLab updates both.
- Fill in every cell that raises `NotImplementedError`; the message states the task and what to return; `hint(name)` gives the method in stages.
- Run the check cell after each exercise: `check("e_step", e_step)` prints one line such as
  `e_step: correct (3/3 points)`. The hint cell below it holds `# hint("e_step")`: delete the
  `# ` and run the cell to see the next hint (nothing is shown until you do).
- Write NumPy only: an exercise that calls scikit-learn, `scipy.stats`,
  `scipy.special.logsumexp` or gmmlab's own implementation gets no points.
- The data sets are in `starter_data/` (CSV plus a JSON file with the true parameters).

To see the score of the whole folder on the visible checks, run
`.venv/bin/gmmlab grade notebooks --out my-grades` and open `my-grades/feedback/notebooks.md`.

## Hand in

Hand in your filled notebooks as your instructor asks: the `.ipynb` files of `notebooks/` (they
also hold your outputs), or the whole folder. The grader reads either file of a pair.
The report (`notebooks/09_report`) is handed in as one self-contained HTML file:
`.venv/bin/python tools/export_report.py notebooks/09_report.ipynb --out my_report.html`.
Your instructor grades them with the same checks plus a few hidden cases (other data, one
component, one dimension, more dimensions, far-apart clusters).
"""


def _requirements() -> str:
    keep = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or not stripped:
            continue
        if NOT_FOR_STUDENTS.match(stripped):
            continue
        keep.append(stripped)
    return "# Pinned for Python 3.11; the last line installs the gmmlab helper package.\n" + \
        "\n".join(keep) + "\n"


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, ignore=lambda d, names: [n for n in names if n.endswith(JUNK)])


def _notebooks(dst: Path) -> list:
    """Copy the starter of every chapter of the manifest, ``.md`` and paired ``.ipynb``.

    A missing twin is written (without outputs) from its ``.md``; a missing starter aborts.
    """
    dst.mkdir(parents=True)
    written = []
    for chapter in CHAPTERS:
        md = ROOT / "notebooks" / f"{chapter.stem}.md"
        if not md.is_file():
            raise SystemExit(f"release aborted: {md.relative_to(ROOT)} is missing "
                             "(run `make starters`)")
        twin = md.with_suffix(".ipynb")
        shutil.copy2(md, dst / md.name)
        if twin.exists():
            shutil.copy2(twin, dst / twin.name)
        else:
            io.write(pairing.twin_notebook(io.read(md)), dst / twin.name)
        written += [md.name, twin.name]
    return written


def _only_imports(source: str) -> bool:
    """True when a module holds nothing but its docstring and imports."""
    body = ast.parse(source).body
    return all(isinstance(node, (ast.Import, ast.ImportFrom)) or (
        isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)) for node in body)


def strip_package(package: Path) -> list:
    """Remove the instructor-only blocks of every module of a copied package, in place.

    Parameters
    ----------
    package : pathlib.Path
        The copy of ``gmmlab/`` inside the release.

    Returns
    -------
    list of str
        One line per module changed: how many blocks it lost, or that it was left out because
        nothing else was in it.
    """
    changed = []
    for module in sorted(package.rglob("*.py")):
        source = module.read_text(encoding="utf-8")
        blocks = instructor_only_blocks(source, str(module))
        if not blocks:
            continue
        stripped = strip_instructor_only(source, str(module))
        rel = module.relative_to(package.parent)
        if _only_imports(stripped):
            module.unlink()
            changed.append(f"{rel}: left out (instructor only)")
        else:
            module.write_text(stripped, encoding="utf-8")
            changed.append(f"{rel}: {len(blocks)} instructor-only block(s) removed")
    return changed


def course_secrets(solutions: Path = ROOT / "solutions", package: Path = ROOT / "gmmlab") -> set:
    """Every secret line of the course, by the one leak rule (:mod:`gmmlab.notebook.leaks`).

    The secret blocks are those of every solution notebook (solutions, self-tests,
    ``solution-only`` cells) and every instructor-only block of the package; the public text
    is every starter and every module without its instructor-only blocks.
    """
    blocks, public = [], []
    for path in sorted(solutions.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        blocks += [b.code for b in secret_blocks(text)]
        public.append(make_starter(text, str(path)))
    for module in sorted(package.rglob("*.py")):
        if "__pycache__" in module.parts:
            continue
        source = module.read_text(encoding="utf-8")
        blocks += [b.code for b in instructor_only_blocks(source, str(module))]
        public.append(strip_instructor_only(source, str(module)))
    return leaks.secret_lines(blocks, public)


def find_leaks(release: Path, secrets: set) -> list:
    """Return ``(file, line)`` for every secret line that a file of the release holds."""
    found = []
    for f in sorted(release.rglob("*")):
        if f.is_file() and f.suffix not in BINARY:
            rel = str(f.relative_to(release))
            found += [(rel, line) for line in leaks.leaked_lines(leaks.shipped_text(f), secrets)]
    return found


def solution_sources(solutions: Path = ROOT / "solutions") -> dict:
    """The source of every graded exercise's function as its solution notebook writes it."""
    names, found = set(exercises()), {}
    for path in sorted(solutions.glob("*.md")):
        for cell in io.read(path).cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and node.name in names:
                    found[node.name] = ast.get_source_segment(cell.source, node)
    return found


def _release_functions(release: Path):
    """``(where, shape)`` of every function in the release's Python files and notebooks."""
    for f in sorted(release.rglob("*")):
        rel = str(f.relative_to(release))
        if f.suffix == ".py":
            sources = [(rel, f.read_text(encoding="utf-8"))]
        elif f.suffix == ".md" and io.is_jupytext_md(f):
            sources = [(f"{rel} cell {i}", c.source) for i, c in enumerate(io.read(f).cells)
                       if c.cell_type == "code"]
        else:
            continue
        for where, source in sources:
            for name, line, shape in code_shape.functions(source):
                yield f"{where}, line {line}: {name}", shape


def shaped_like_solutions(release: Path, sources: dict, limit: float = SHAPE_LIMIT) -> list:
    """``(where, exercise, similarity)`` for every function of the release shaped like a
    graded solution: the same code up to names, comments, docstrings and layout."""
    shapes = {name: code_shape.shape(src) for name, src in sources.items()}
    found = []
    for where, shape in _release_functions(release):
        for name, solution in shapes.items():
            score = code_shape.similarity(solution, shape)
            if score >= limit:
                found.append((where, name, round(score, 2)))
    return found


_IMPORT_CHECK = """
import json, sys
sys.path.insert(0, sys.argv[1])
import gmmlab, gmmlab.notebook, gmmlab.grading.submission
from gmmlab.exercises import EXERCISES
print(json.dumps({"file": gmmlab.__file__,
                  "hidden": sorted(n for n, e in EXERCISES.items() if e.hidden_cases is not None),
                  "exercises": sorted(EXERCISES)}))
"""


def package_problems(release: Path) -> list:
    """Import the release's package in a fresh interpreter (writing no bytecode into it); say
    what is wrong with it.

    It must import, be the release's own copy, grade every exercise of the manifest and hold
    no hidden case (``EXERCISES[name].hidden_cases is None``).
    """
    proc = subprocess.run([sys.executable, "-I", "-B", "-c", _IMPORT_CHECK, str(release)],
                          capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["(no error message)"]
        return [f"the student package does not import: {tail[0]}"]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    found = []
    if not Path(report["file"]).resolve().is_relative_to(release.resolve()):
        found.append(f"the import check imported {report['file']}, not the release's gmmlab")
    found += [f"gmmlab/exercises/{name}.py still has hidden cases" for name in report["hidden"]]
    missing = sorted(set(exercises()) - set(report["exercises"]))
    found += [f"exercise {name} of the manifest is missing" for name in missing]
    return found


def build(out: Path = ROOT / "dist") -> Path:
    """Build ``out/student`` and ``out/student.zip`` and return the folder."""
    release = out / "student"
    if release.exists():
        shutil.rmtree(release)
    release.mkdir(parents=True)
    try:
        _notebooks(release / "notebooks")
        _copy_tree(ROOT / "starter_data", release / "starter_data")
        _copy_tree(ROOT / "gmmlab", release / "gmmlab")
        _copy_tree(ROOT / "book" / "theory", release / "book" / "theory")
        _copy_tree(ROOT / "jupyter-config", release / "jupyter-config")
        strip_package(release / "gmmlab")
        secrets = course_secrets()
    except MarkerError as error:
        shutil.rmtree(release)
        raise SystemExit(f"release aborted: {error}") from None
    shutil.copy2(ROOT / "pyproject.toml", release / "pyproject.toml")
    (release / "requirements.txt").write_text(_requirements(), encoding="utf-8")
    (release / "README.md").write_text(README, encoding="utf-8")
    (release / "tools").mkdir()
    for tool in ("export_report.py", "lab.py"):
        shutil.copy2(ROOT / "tools" / tool, release / "tools" / tool)
    if (ROOT / "LICENSE").exists():
        shutil.copy2(ROOT / "LICENSE", release / "LICENSE")
    problems = package_problems(release)
    problems += [f"{f}: {line[:80]}" for f, line in find_leaks(release, secrets)]
    problems += [f"{where} is shaped like the solution of {name} (similarity {score})"
                 for where, name, score in shaped_like_solutions(release, solution_sources())]
    if problems:
        shutil.rmtree(release)
        raise SystemExit("release aborted, it would ship instructor material:\n  "
                         + "\n  ".join(problems[:20]))
    archive = out / "student.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(release.rglob("*")):
            if f.is_file():
                zf.write(f, Path("student") / f.relative_to(release))
    return release


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder")
    args = parser.parse_args(argv)
    release = build(args.out)
    n = sum(1 for f in release.rglob("*") if f.is_file())
    print(f"wrote {release} ({n} files) and {args.out / 'student.zip'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
