"""The student release: no solution code, no hidden tests, installs and runs its checks."""

import importlib.util
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_tool():
    spec = importlib.util.spec_from_file_location("make_release", ROOT / "tools" / "make_release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    folder = _load_tool().build(out)
    return folder


def _text_files(folder):
    for f in sorted(folder.rglob("*")):
        if f.is_file() and f.suffix not in (".csv", ".png", ".jpg", ".zip"):
            try:
                yield f, f.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def _solution_code_lines():
    """Stripped, non-trivial lines inside the solution blocks, minus text shipped anyway."""
    inside, outside = [], []
    for path in sorted((ROOT / "solutions").glob("*.md")):
        block = False
        for line in path.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if s.startswith("### BEGIN SOLUTION"):
                block = True
                outside.append(s)
            elif s.startswith("### END SOLUTION"):
                block = False
            else:
                (inside if block else outside).append(s)
    shipped = "\n".join(outside)
    boiler = re.compile(r"^(\w+ = np\.(asarray|array|atleast_2d)\(|with np\.errstate|for \w+ in range\()")
    return {s for s in inside if len(s) >= 30 and not s.startswith("#") and not boiler.match(s)
            and s not in shipped}


def test_layout(release):
    for part in ("notebooks", "starter_data", "gmmlab", "gmmlab/checks", "README.md",
                 "requirements.txt", "pyproject.toml"):
        assert (release / part).exists(), part
    mds = sorted(p.stem for p in (release / "notebooks").glob("*.md"))
    ipynbs = sorted(p.stem for p in (release / "notebooks").glob("*.ipynb"))
    assert mds and mds == ipynbs
    assert (release.parent / "student.zip").exists()
    readme = (release / "README.md").read_text()
    assert "check(" in readme and "NumPy" in readme


def test_no_hidden_tests_and_no_solutions(release):
    assert not (release / "gmmlab" / "hidden").exists()
    assert not (release / "solutions").exists()
    from gmmlab.hidden import HIDDEN_CASES

    labels = {case["label"] for cases in HIDDEN_CASES.values() for case in cases}
    for f, text in _text_files(release):
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, f
        assert "BEGIN HIDDEN TESTS" not in text, f
        assert "HIDDEN_CASES = {" not in text, f
        if f.suffix in (".md", ".ipynb"):
            for label in labels:
                assert f'"label": "{label}"' not in text, (f, label)


def test_no_solution_code_in_notebooks_or_docs(release):
    lines = _solution_code_lines()
    assert lines, "no solution code found in solutions/*.md"
    for f, text in _text_files(release):
        if f.relative_to(release).parts[0] == "gmmlab":
            continue  # the helper package ships the reference implementation by design
        leaked = [s for s in lines if s in text]
        assert not leaked, (f, leaked[:3])


def test_zip_matches_folder(release):
    with zipfile.ZipFile(release.parent / "student.zip") as zf:
        names = set(zf.namelist())
    files = {"student/" + str(f.relative_to(release)) for f in release.rglob("*") if f.is_file()}
    assert names == files
    assert not any("/hidden/" in n for n in names)


RUN_CHECKS = r'''
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient

folder = Path(sys.argv[1])
import gmmlab
assert str(Path(gmmlab.__file__).resolve()).startswith(str(folder.resolve())), gmmlab.__file__
try:
    import gmmlab.hidden
    print(json.dumps({"hidden": True}))
    sys.exit(1)
except ImportError:
    pass
report = {}
for path in sorted((folder / "notebooks").glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    keep = [c for c in nb.cells if c.cell_type == "code" and (
        {"setup", "exercise"} & set(c.metadata.get("tags", [])) or "check(" in c.source)]
    nb.cells = keep
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    lines = []
    for c in keep:
        if "check(" in c.source and "tags" not in c.metadata:
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
