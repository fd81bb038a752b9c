"""Every hostile submission of ``tests/grading/hostile`` fails, and honest students are unharmed.

The suite was written from outside (see its README): it builds the attacks from the starters,
grades each one next to an untouched starter folder and a partly solved one, and checks that the
attack earns no point it did not compute, that the honest rows keep the points they get alone,
that every row is written, the run exits 0, and nothing is left running or on disk.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE = Path(__file__).resolve().parent / "hostile"
#: Cases that may fail, with the reason (none).
KNOWN = {}

pytestmark = pytest.mark.slow


def _run(script: Path, env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), *args], env=env, capture_output=True,
                          text=True, timeout=3000, check=False)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    env = dict(os.environ, HOSTILE_ROOT=str(root), HOSTILE_STARTERS=str(ROOT / "notebooks"))
    for builder in ("build_cases.py", "build_honest.py"):
        done = _run(SUITE / "lib" / builder, env)
        assert done.returncode == 0, done.stderr[-2000:]
    (root / "honest_empty").mkdir()
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        shutil.copy2(nb, root / "honest_empty" / nb.name)
    gmmlab = Path(sys.executable).parent / "gmmlab"
    # --timeout 30: the cases that hang are stopped after 30 s of their own time (the honest
    # submissions need a few seconds)
    done = _run(SUITE / "run_all.py", env, "--grader", str(gmmlab), "--parallel", "2",
                "--timeout", "30", "--wall", "900", "--report-dir", str(root), "--runs-dir", str(root / "runs"))
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    data = json.loads((root / "results.json").read_text(encoding="utf-8"))
    shutil.copy2(root / "RESULTS.md", ROOT / "_build" / "hostile-RESULTS.md") \
        if (ROOT / "_build").is_dir() else None
    return data


def test_the_suite_is_the_whole_suite(results):
    assert len(results["cases"]) >= 60


def test_the_honest_baselines_score_what_they_earn(results):
    assert results["baseline"]["honest_empty"]["total"] == 0
    assert results["baseline"]["honest_partial"]["total"] == 12


def test_no_attack_succeeds(results):
    failed = {r["case"]: r["fail"] for r in results["cases"]
              if r["verdict"] != "PASS" and r["case"] not in KNOWN}
    assert not failed, json.dumps(failed, indent=1)[:6000]


def test_nothing_is_left_behind(results):
    notes = " ".join(results.get("global", []))
    assert "still alive at the end: 0" in notes, notes
