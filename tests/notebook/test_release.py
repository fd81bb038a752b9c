"""The student release: no solution, self-test, hidden case or mutant; paired notebooks; it runs."""

import ast
import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from gmmlab import course
from gmmlab.exercises import EXERCISES
from gmmlab.notebook import io, leaks, markers, pairing
from gmmlab.notebook.starters import make_starter

ROOT = Path(__file__).resolve().parents[2]
#: What an exercise module defines for the instructor only (between its markers).
INSTRUCTOR_NAMES = {"HIDDEN_CASES", "MUTANTS", "ALTERNATIVES"}


def _load_tool():
    spec = importlib.util.spec_from_file_location("make_release", ROOT / "tools" / "make_release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _load_tool()


@pytest.fixture(scope="module")
def release(tool, tmp_path_factory):
    return tool.build(tmp_path_factory.mktemp("dist"))


def _text_files(folder):
    for f in sorted(folder.rglob("*")):
        if f.is_file() and f.suffix not in (".csv", ".png", ".jpg", ".zip"):
            text = leaks.shipped_text(f)
            if text:
                yield f, text


def test_layout(release):
    for part in ("notebooks", "starter_data", "gmmlab", "gmmlab/exercises", "gmmlab/notebook",
                 "tools/export_report.py", "README.md", "requirements.txt", "pyproject.toml"):
        assert (release / part).exists(), part
    stems = [ch.stem for ch in course.CHAPTERS]
    assert sorted(p.stem for p in (release / "notebooks").glob("*.md")) == sorted(stems)
    assert sorted(p.stem for p in (release / "notebooks").glob("*.ipynb")) == sorted(stems)
    assert (release.parent / "student.zip").exists()
    readme = (release / "README.md").read_text()
    assert "check(" in readme and "NumPy" in readme
    assert not (release / "solutions").exists()
    assert not list(release.rglob("__pycache__")) and not list(release.rglob("*.pyc"))


def test_every_notebook_is_a_pair_that_agrees(release):
    for md in sorted((release / "notebooks").glob("*.md")):
        assert pairing.differences(io.read(md), io.read(md.with_suffix(".ipynb"))) == [], md.name


def test_no_marker_and_no_instructor_definition_survives(release):
    patterns = [p for grammar in (markers.CELL, markers.MODULE)
                for table in (grammar.begin, grammar.end) for p in table.values()]
    for f, text in _text_files(release):
        for line in text.split("\n"):
            assert not any(p.match(line) for p in patterns), (f, line)
    for module in sorted((release / "gmmlab").rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        assigned = {t.id for node in tree.body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)}
        assert not assigned & INSTRUCTOR_NAMES, (module, assigned & INSTRUCTOR_NAMES)


def test_no_hidden_case_ships(release):
    labels = {case["label"] for ex in EXERCISES.values() for case in ex.hidden_cases or ()}
    assert labels, "the instructor's exercises have no hidden cases to look for"
    for f, text in _text_files(release):
        for label in labels:
            assert f'"label": "{label}"' not in text, (f, label)


def test_no_secret_line_ships(release, tool):
    secrets = tool.course_secrets()
    assert secrets, "the course has no secret lines to look for"
    assert tool.find_leaks(release, secrets) == []


def test_no_solution_line_in_notebooks_or_docs(release):
    """Stricter outside the package: nothing the starters do not show, not even reference code."""
    solutions = sorted((ROOT / "solutions").glob("*.md"))
    starters = "\n".join(make_starter(p.read_text(encoding="utf-8"), str(p)) for p in solutions)
    secrets = set().union(*(leaks.notebook_secrets(p) for p in solutions))
    secrets -= {line.strip() for line in starters.split("\n")}
    assert secrets, "no solution code found in solutions/*.md"
    for f, text in _text_files(release):
        if f.relative_to(release).parts[0] != "gmmlab":
            assert leaks.leaked_lines(text, secrets) == [], f


def test_zip_matches_folder(release):
    with zipfile.ZipFile(release.parent / "student.zip") as zf:
        names = set(zf.namelist())
    files = {"student/" + str(f.relative_to(release)) for f in release.rglob("*") if f.is_file()}
    assert names == files


STUDENT_PACKAGE = r'''
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import gmmlab
from gmmlab.exercises import EXERCISES, run_check

def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood + n_params * np.log(n_samples))

result = run_check("bic", bic)
try:
    run_check("bic", bic, hidden=True)
    hidden_refused = False
except ValueError:
    hidden_refused = True
print(json.dumps({"file": gmmlab.__file__, "status": result.status,
                  "hidden": {n: e.hidden_cases is not None for n, e in EXERCISES.items()},
                  "hidden_refused": hidden_refused}))
'''


def test_the_student_package_imports_and_has_no_hidden_cases(release):
    proc = subprocess.run([sys.executable, "-I", "-B", "-c", STUDENT_PACKAGE, str(release)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(report["file"]).resolve().is_relative_to(release.resolve())
    assert set(report["hidden"]) == set(course.exercises())
    assert not any(report["hidden"].values()), report["hidden"]
    assert report["status"] == "correct" and report["hidden_refused"]


def test_a_secret_line_in_a_shipped_file_aborts_the_release(tool, tmp_path, monkeypatch):
    secret = min(tool.course_secrets())
    monkeypatch.setattr(tool, "README", tool.README + f"\n    {secret}\n")
    with pytest.raises(SystemExit, match="README.md"):
        tool.build(tmp_path)
    assert not (tmp_path / "student").exists()


def test_an_unstripped_package_aborts_the_release(tool, tmp_path, monkeypatch):
    monkeypatch.setattr(tool, "strip_package", lambda package: [])
    with pytest.raises(SystemExit, match="still has hidden cases"):
        tool.build(tmp_path)
    assert not (tmp_path / "student").exists()


def _disguised(source: str) -> str:
    """A solution as a student might copy it: every name it defines renamed, its docstring
    dropped, a comment added, re-laid out by ``ast.unparse``."""
    tree = ast.parse(source)
    func = tree.body[0]
    own = {a.arg for a in ast.walk(func) if isinstance(a, ast.arg)}
    own |= {n.id for n in ast.walk(func) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}

    class Rename(ast.NodeTransformer):
        def visit_Name(self, node):
            node.id = f"my_{node.id}_" if node.id in own else node.id
            return node

        def visit_arg(self, node):
            node.arg = f"my_{node.arg}_"
            return node

    func.name = f"helper_{func.name}"
    body = func.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        func.body = body[1:] or [ast.Pass()]
    return "# copied from a friend\n" + ast.unparse(Rename().visit(tree))


def test_no_function_of_the_release_is_shaped_like_a_solution(release, tool):
    sources = tool.solution_sources()
    assert set(sources) == set(course.exercises())  # every graded exercise is looked for
    assert tool.shaped_like_solutions(release, sources) == []


@pytest.mark.parametrize("name", course.exercises())
def test_a_disguised_copy_of_each_solution_is_found(release, tool, tmp_path, name):
    source = tool.solution_sources()[name]
    folder = tmp_path / "student"
    (folder / "gmmlab").mkdir(parents=True)
    (folder / "gmmlab" / "util.py").write_text(_disguised(source), encoding="utf-8")
    found = tool.shaped_like_solutions(folder, {name: source})
    assert [(w.split(":")[-1].strip(), n) for w, n, _ in found] == [(f"helper_{name}", name)]
    assert found[0][2] >= 0.95


RUN_CHECKS = r'''
import json, sys
from pathlib import Path

folder = Path(sys.argv[1])
import gmmlab
from gmmlab.exercises import EXERCISES
from gmmlab.notebook import io, tags
from gmmlab.notebook.execute import execute

assert str(Path(gmmlab.__file__).resolve()).startswith(str(folder.resolve())), gmmlab.__file__
assert all(ex.hidden_cases is None for ex in EXERCISES.values())
report = {}
for path in sorted((folder / "notebooks").glob("*.ipynb")):
    nb = io.read(path)
    keep = [c for c in nb.cells if tags.is_graded(c) or (c.cell_type == "code" and "check(" in c.source)]
    nb.cells = keep
    execute(nb, path.parent, timeout=120, allow_errors=True)
    lines = []
    for c in keep:
        if "check(" in c.source and not tags.tags(c):
            for out in c.get("outputs", []):
                lines += out.get("text", "").splitlines()
                if out.get("output_type") == "error":
                    lines.append("ERROR " + out.get("ename", ""))
    report[path.name] = lines
print(json.dumps(report))
'''


@pytest.mark.slow
def test_release_installs_in_a_fresh_venv_and_runs_its_checks(release, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([str(py), "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()
    # Dependencies come from the project's environment (no network); gmmlab from the release.
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet",
                          "--no-deps", "--no-build-isolation", "--no-index", "-e", str(release)],
                         capture_output=True, text=True, env=env, timeout=300, check=False)
    assert pip.returncode == 0, pip.stderr[-2000:]
    script = tmp_path / "run_checks.py"
    script.write_text(RUN_CHECKS)
    proc = subprocess.run([str(py), str(script), str(release)], capture_output=True, text=True,
                          env=env, timeout=900, cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    checked = [line for lines in report.values() for line in lines]
    assert checked, report
    for name, lines in report.items():
        for line in lines:
            assert "not attempted" in line, (name, line)
