"""The instructor guide's recipes, followed literally on a copy of the repository.

"How to add an exercise" and "How to add a dataset" in ``book/instructor.md`` carry their code in
blocks marked ``% recipe: <step>``. These tests copy the repository, apply exactly those blocks
where the guide says, run the commands it names, and check the outcome a new instructor expects:
the starter says "not attempted", the solution gets full marks, the grader grades it and the
student release builds without leaking it.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "book" / "instructor.md"
pytestmark = pytest.mark.slow


def recipe_blocks() -> dict:
    """The guide's code blocks that follow a ``% recipe: NAME`` comment, by name."""
    text = GUIDE.read_text(encoding="utf-8")
    found = {}
    for m in re.finditer(r"^% recipe: (\w+)\n(`{3,})\w*\n(.*?)\n\2$", text, re.DOTALL | re.MULTILINE):
        found[m.group(1)] = m.group(3) + "\n"
    return found


def _copy_repository(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def _run(repo: Path, *args, check=True):
    env = {**os.environ, "PYTHONPATH": str(repo), "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, *args], cwd=repo, env=env, capture_output=True,
                            text=True, timeout=900, check=False)
    if check:
        assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result


def _replace_line(path: Path, startswith: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, ln in enumerate(lines) if ln.strip().startswith(startswith)]
    assert len(hits) == 1, f"the guide's step expects one line starting {startswith!r} in {path}"
    lines[hits[0]] = new
    path.write_text("".join(lines), encoding="utf-8")


CHECK = r'''
import json, sys
from gmmlab.exercises import run_check
from gmmlab.notebook import read

name, path, hidden = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
nb = read(path)
ns = {"__name__": "__main__"}
exec("import numpy as np", ns)
for cell in nb.cells:
    if cell.cell_type == "code" and f"def {name}(" in cell.source:
        exec(cell.source, ns)
r = run_check(name, ns[name], hidden=hidden)
print(json.dumps({"status": r.status, "points": r.points, "max": r.max_points}))
'''


def test_the_guide_has_every_recipe_block():
    assert set(recipe_blocks()) >= {"manifest", "module", "solution", "dataset"}


def test_add_an_exercise_recipe(tmp_path):
    blocks = recipe_blocks()
    repo = _copy_repository(tmp_path / "repo")
    name, stem = "responsibility_entropy", "03_e_step"
    # Step 1: the manifest line.
    _replace_line(repo / "gmmlab" / "course.py", f'Chapter("{stem}"', blocks["manifest"])
    # Step 2: the module.
    (repo / "gmmlab" / "exercises" / f"{name}.py").write_text(blocks["module"], encoding="utf-8")
    # Step 3: the solution cells, appended to the chapter's solution; then `make starters`.
    solution = repo / "solutions" / f"{stem}.md"
    solution.write_text(solution.read_text(encoding="utf-8").rstrip() + "\n\n"
                        + blocks["solution"], encoding="utf-8")
    _run(repo, "tools/make_starters.py")
    _run(repo, "tools/sync_notebooks.py", "--only", "notebooks")
    _run(repo, "tools/make_toc.py")

    starter = repo / "notebooks" / f"{stem}.md"
    assert "raise NotImplementedError(" in starter.read_text(encoding="utf-8")
    verdict = json.loads(_run(repo, "-c", CHECK, name, str(starter), "0").stdout)
    assert verdict["status"] == "not attempted", verdict
    verdict = json.loads(_run(repo, "-c", CHECK, name, str(solution), "1").stdout)
    assert verdict == {"status": "correct", "points": 1.0, "max": 1.0}, verdict

    # The mutants and alternatives of the new module behave as the guide says.
    probe = _run(repo, "-c", (
        "from gmmlab.exercises import EXERCISES, run_check\n"
        f"m = EXERCISES[{name!r}].module\n"
        f"print([run_check({name!r}, x.namespace({name!r})[{name!r}]).points for x in m.MUTANTS])\n"
        f"print([run_check({name!r}, x.namespace({name!r})[{name!r}], hidden=True).points"
        " for x in m.ALTERNATIVES])\n"))
    mutants, alternatives = (json.loads(line) for line in probe.stdout.split("\n")[:2])
    assert mutants and all(p == 0 for p in mutants), mutants
    assert alternatives and all(p == 1 for p in alternatives), alternatives

    # A filled submission (the solution notebook) is graded, the new exercise included.
    out = tmp_path / "grades"
    _run(repo, "-m", "gmmlab.grading.cli", "grade", str(solution), "--out", str(out),
         "--no-progress")
    record = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    record = record[0] if isinstance(record, list) else record["submissions"][0]
    assert record["exercises"][name]["points"] == 1.0, record["exercises"][name]
    assert record["exercises"]["e_step"]["points"] == 3.0, record["exercises"]["e_step"]

    # The release builds: no solution line, no hidden case, no mutant of the new exercise.
    dist = tmp_path / "dist"
    _run(repo, "tools/make_release.py", "--out", str(dist))
    shipped = (dist / "student" / "gmmlab" / "exercises" / f"{name}.py").read_text("utf-8")
    assert "HIDDEN_CASES" not in shipped and "MUTANTS" not in shipped
    assert "logs = np.log(np.where(resp > 0, resp, 1.0))" not in shipped


def test_add_a_dataset_recipe(tmp_path):
    blocks = recipe_blocks()
    repo = _copy_repository(tmp_path / "repo")
    course = repo / "gmmlab" / "course.py"
    text = course.read_text(encoding="utf-8")
    anchor = '    Dataset("faithful"'
    assert text.count(anchor) == 1, "the guide says: before the real data sets"
    course.write_text(text.replace(anchor, blocks["dataset"] + anchor), encoding="utf-8")
    _run(repo, "tools/make_starter_data.py")  # make data
    name = re.search(r'Dataset\(\s*"(\w+)"', blocks["dataset"]).group(1)
    loaded = json.loads(_run(repo, "-c", (
        "import json; from gmmlab import datasets\n"
        f"X, truth = datasets.load({name!r})\n"
        f"print(json.dumps({{'shape': X.shape, 'names': datasets.names(),"
        " 'weights': list(map(float, truth['weights'])),"
        " 'labels': sorted(set(map(int, truth['labels'])))}))\n")).stdout)
    assert loaded["shape"] == [400, 2]
    assert name in loaded["names"]
    assert loaded["weights"] == [0.5, 0.5] and loaded["labels"] == [0, 1]
    # The committed sets are untouched: regeneration is byte for byte.
    for f in (ROOT / "starter_data").glob("*.csv"):
        assert (repo / "starter_data" / f.name).read_bytes() == f.read_bytes(), f.name
