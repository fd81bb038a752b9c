"""The ``gmmlab`` command line: usage errors exit non-zero, grading exits 0, help warns."""

import subprocess
import sys

import pytest
from grading_helpers import SETUP, function_source, write_ipynb

from gmmlab.grading.cli import build_parser, main


def test_help_names_the_isolation_and_the_resume(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["grade", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "bubblewrap" in out and "--regrade" in out and "--timeout" in out and "--jobs" in out


@pytest.mark.parametrize("argv", [[], ["grade"], ["grade", "x.ipynb"], ["frobnicate"],
                                  ["grade", "x.ipynb", "--out", "o", "--jobs", "0"],
                                  ["grade", "x.ipynb", "--out", "o", "--timeout", "soon"]])
def test_usage_errors_exit_non_zero(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code != 0


def test_missing_submission_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["grade", str(tmp_path / "nope.ipynb"), "--out", str(tmp_path / "o")])
    assert exc.value.code == 2


def test_grading_exits_zero_whatever_the_scores(tmp_path):
    good = write_ipynb(tmp_path / "a_07_model_selection.ipynb", [
        (["setup"], SETUP), (["exercise"], function_source("bic"))])
    bad = write_ipynb(tmp_path / "b_07_model_selection.ipynb", [
        (["setup"], SETUP), (["exercise"], "def bic(:\n")])
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "gmmlab.grading.cli", "grade", str(good), str(bad),
                           "--out", str(out), "--jobs", "2", "--timeout", "120"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (out / "grades.csv").read_text().count("\n") == 3
    assert "grading" in proc.stderr  # the progress bar


def test_parser_defaults():
    args = build_parser().parse_args(["grade", "s", "--out", "o"])
    assert args.jobs == 1 and args.timeout > 0


def test_report_help_names_its_options(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("--roster", "--policy", "--manifest", "--export", "--similarity"):
        assert option in out
    assert "REPORT.html" in out


@pytest.mark.parametrize("argv", [["report"], ["report", "d", "--export", "blackboard"],
                                  ["report", "d", "--similarity", "2"]])
def test_report_usage_errors_exit_non_zero(argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
