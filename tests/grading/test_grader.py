"""The autograder: no submission is lost, originals are untouched, outputs are complete."""

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from grading_helpers import SETUP, function_source, good_folder, write_ipynb, write_md

from gmmlab.exercises import EXERCISES
from gmmlab.grading import untouched
from gmmlab.grading.grader import grade

ROOT = Path(__file__).resolve().parents[2]
MAX_TOTAL = sum(ex.max_points for ex in EXERCISES.values())


def digest(path):
    path = Path(path)
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    h = hashlib.sha256()
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(path.parent)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def by_name(records):
    return {r["submission"]: r for r in records}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One batch with a good folder and many broken submissions, graded with --jobs 2."""
    src = tmp_path_factory.mktemp("subs")
    subs = [
        good_folder(src / "good"),
        good_folder(src / "good_md", fmt="md"),
        write_ipynb(src / "03_syntax.ipynb", [
            (["setup"], SETUP),
            (["exercise"], "def e_step(X, weights, means, covs)\n    return 1\n")]),
        write_ipynb(src / "03_missing.ipynb", [
            (["setup"], SETUP),
            (["exercise"], "def estep(X, weights, means, covs):\n    return 1\n")]),
        write_ipynb(src / "07_importerror.ipynb", [
            (["setup"], "import numpy_does_not_exist\n" + SETUP),
            (["exercise"], function_source("bic") + "\n" + function_source("aic"))]),
        write_ipynb(src / "02_loop.ipynb", [
            (["setup"], SETUP),
            (["exercise"], "while True:\n    pass\n"),
            (["exercise"], function_source("logsumexp"))]),
        write_ipynb(src / "07_exit.ipynb", [
            (["setup"], SETUP),
            (["exercise"], function_source("bic")),
            (["exercise"], "import os\nos._exit(3)\n")]),
        write_ipynb(src / "07_segfault.ipynb", [
            (["setup"], SETUP),
            (["exercise"], "import ctypes\nctypes.string_at(0)\n")]),
        write_ipynb(src / "07_memory.ipynb", [
            (["setup"], SETUP),
            (["exercise"], "blocks = []\nwhile True:\n    blocks.append(bytearray(10 ** 8))\n"),
            (["exercise"], function_source("aic"))]),
        write_ipynb(src / "07_files.ipynb", [
            (["setup"], SETUP),
            (["exercise"], ("import os, shutil\nopen('junk.txt', 'w').write('x')\n"
                           "for f in os.listdir('.'):\n"
                           "    shutil.rmtree(f) if os.path.isdir(f) else os.remove(f)\n")),
            (["exercise"], function_source("n_parameters"))]),
        write_md(src / "07_stub.md", [
            (["setup"], SETUP),
            (["exercise"], ("def bic(log_likelihood, n_params, n_samples):\n"
                           "    raise NotImplementedError('Return -2 log L + p ln n.')\n"))]),
    ]
    broken = src / "broken.ipynb"
    broken.write_text("{ this is not json", encoding="utf-8")
    subs.append(broken)
    before = {str(s): digest(s) for s in subs}
    out = tmp_path_factory.mktemp("out")
    records = grade(subs, out, jobs=2, timeout=60, memory_mb=1024, progress=False)
    return {"subs": subs, "records": records, "out": out, "before": before}


def test_every_submission_has_a_row(batch):
    records = batch["records"]
    assert len(records) == len(batch["subs"])
    with open(batch["out"] / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["submission"] for r in rows] == [r["submission"] for r in records]
    assert set(EXERCISES) <= set(rows[0])
    data = json.loads((batch["out"] / "grades.json").read_text())
    assert data["grader"]["isolation"] in ("bubblewrap", "process")
    for rec in data["submissions"]:
        assert {"submission", "path", "total", "max_total", "exercises", "errors",
                "feedback_file"} <= set(rec)
        assert rec["max_total"] == MAX_TOTAL
        assert set(rec["exercises"]) == set(EXERCISES)
        for e in rec["exercises"].values():
            assert {"points", "max_points", "feedback"} <= set(e)
        assert (batch["out"] / "feedback" / rec["feedback_file"]).exists()


def test_originals_are_never_modified(batch):
    for s in batch["subs"]:
        assert digest(s) == batch["before"][str(s)], s


def test_good_submissions_get_full_marks(batch):
    recs = by_name(batch["records"])
    for name in ("good", "good_md"):
        assert recs[name]["total"] == MAX_TOTAL, recs[name]
        assert recs[name]["errors"] == []


def test_syntax_error(batch):
    rec = by_name(batch["records"])["03_syntax"]
    assert rec["exercises"]["e_step"]["points"] == 0
    assert any("SyntaxError" in e for e in rec["errors"])
    assert "no function e_step" in rec["exercises"]["e_step"]["feedback"]


def test_missing_function(batch):
    rec = by_name(batch["records"])["03_missing"]
    assert "no function e_step" in rec["exercises"]["e_step"]["feedback"]


def test_exception_at_import_is_reported_and_grading_goes_on(batch):
    rec = by_name(batch["records"])["07_importerror"]
    assert any("ModuleNotFoundError" in e for e in rec["errors"])
    assert rec["exercises"]["bic"]["status"] == "incorrect"  # np is undefined in bic


def test_endless_cell_is_stopped_and_later_cells_run(batch):
    rec = by_name(batch["records"])["02_loop"]
    assert any("did not finish" in e for e in rec["errors"])
    assert rec["exercises"]["logsumexp"]["points"] == 3


def test_dead_process(batch):
    recs = by_name(batch["records"])
    rec = recs["07_exit"]
    assert any("exited with status 3" in e for e in rec["errors"])
    assert "not graded" in rec["exercises"]["bic"]["feedback"]
    rec = recs["07_segfault"]
    assert any("SIGSEGV" in e for e in rec["errors"])


def test_memory_bomb(batch):
    rec = by_name(batch["records"])["07_memory"]
    assert any("MemoryError" in e for e in rec["errors"])
    assert rec["exercises"]["aic"]["points"] == 1


def test_deleting_files_in_the_work_folder(batch):
    rec = by_name(batch["records"])["07_files"]
    assert rec["exercises"]["n_parameters"]["points"] == 2


def test_stub_is_not_attempted(batch):
    rec = by_name(batch["records"])["07_stub"]
    assert rec["exercises"]["bic"]["status"] == "not attempted"
    assert "not submitted" in rec["exercises"]["e_step"]["feedback"]


def test_unreadable_notebook(batch):
    rec = by_name(batch["records"])["broken"]
    assert rec["total"] == 0 and any("could not be read" in e for e in rec["errors"])


def test_timeout_kills_a_submission_that_ignores_alarms(tmp_path):
    sub = write_ipynb(tmp_path / "07_hang.ipynb", [
        (["setup"], SETUP),
        (["exercise"], ("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                       "while True:\n    pass\n"))])
    records = grade([sub], tmp_path / "out", timeout=8, progress=False)
    assert any("timed out" in e for e in records[0]["errors"])
    assert records[0]["total"] == 0


def _solutions():
    return sorted((ROOT / "solutions").glob("[0-9][0-9]_*.md"))


def test_solution_notebooks_get_full_marks(tmp_path):
    files = _solutions()
    assert files, "no solutions/*.md found"
    folder = tmp_path / "solutions"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    record = grade([folder], tmp_path / "out", timeout=300, progress=False)[0]
    wrong = {k: v for k, v in record["exercises"].items() if v["points"] != v["max_points"]}
    assert not wrong, wrong


def test_untouched_starters_are_not_attempted(tmp_path):
    files = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.md"))
    assert files, "no notebooks/*.md found"
    folder = tmp_path / "starters"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    touched = tmp_path / "touched"  # the same starters, a comment added to every exercise cell
    touched.mkdir()
    for f in files:
        text = f.read_text(encoding="utf-8")
        (touched / f.name).write_text(text.replace(":tags: [exercise]\n",
                                                   ":tags: [exercise]\n# my notes\n"),
                                      encoding="utf-8")
    fast, run = grade([folder, touched], tmp_path / "out", jobs=2, timeout=300, progress=False)
    assert fast["total"] == run["total"] == 0
    for name, e in fast["exercises"].items():
        assert e["status"] == "not attempted", (name, e)
        # an unchanged starter is not run; a changed one is, and gets the same verdict
        assert e["feedback"] == untouched.FEEDBACK
        assert run["exercises"][name]["status"] == "not attempted", (name, run["exercises"][name])
        assert run["exercises"][name]["feedback"] != untouched.FEEDBACK
    assert not any("NotImplementedError" in err for err in fast["errors"]), fast["errors"]
    assert any("05_em.md cell" in err for err in run["errors"]), run["errors"]


def test_newer_twin_of_a_paired_notebook_is_graded(tmp_path):
    import os

    from gmmlab.grading.submission import load

    folder = tmp_path / "student"
    folder.mkdir()
    old = write_md(folder / "07_model_selection.md", [(["setup"], SETUP)])
    new = write_ipynb(folder / "07_model_selection.ipynb", [(["setup"], SETUP),
                                                           (["exercise"], "x = 1\n")])
    os.utime(old, (1_000_000, 1_000_000))
    sub = load(folder)
    assert [nb.name for nb in sub.notebooks] == [new.name]
    assert len(sub.notebooks[0].cells) == 2


LOOPED_M_STEP = '''
def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    covs = np.zeros((resp.shape[1], d, d))
    for i in range(n):
        for k in range(resp.shape[1]):
            diff = X[i] - means[k]
            covs[k] += resp[i, k] * np.outer(diff, diff)
    covs = covs / nk[:, None, None] + reg_covar * np.eye(d)
    return nk / n, means, covs
'''


def test_grader_applies_the_code_rules_as_the_check_cell_does(tmp_path):
    """A loop over the samples costs the same point in the gradebook as in the notebook."""
    from gmmlab.exercises import run_check
    from gmmlab.exercises.variants import run_cell

    sub = write_ipynb(tmp_path / "04_m_step.ipynb", [(["setup"], SETUP),
                                                    (["exercise"], LOOPED_M_STEP)])
    records = grade([sub], tmp_path / "out", jobs=1, timeout=120, progress=False)
    graded = records[0]["exercises"]["m_step"]
    ns = run_cell(SETUP + LOOPED_M_STEP, "<cell>", {"__name__": "__main__"})
    in_notebook = run_check("m_step", ns["m_step"], hidden=True)
    assert in_notebook.points == in_notebook.max_points - 1, in_notebook.line()
    assert graded["points"] == in_notebook.points, graded
    assert "loops over the samples" in graded["feedback"]
