"""The class report: its counts equal those of a batch whose mistakes are known, and it is offline."""

import json
import re

import pytest
from report_helpers import _row, known_batch, write_gradebook

from gmmlab.exercises import EXERCISES, run_check, variants
from gmmlab.grading.cli import main
from gmmlab.grading.report.summary import summarise

#: A quick subset (the whole mutation set runs in the slow test).
QUICK = ("e_step", "m_step", "bic", "aic", "n_parameters")


def _reported(summary, name, fragment):
    """Submissions reported with a mistake naming ``fragment`` (one mutant may name it twice:
    "covs is a list; return NumPy arrays", "weights is a list; return NumPy arrays")."""
    return len({row for m in summary.exercises[name].mistakes if fragment in m.message
                for row in m.rows})


def _check_counts(records, known):
    """Per mutant: the submissions reported with a mistake naming its fragment are those handed
    in with a mutant whose verdict names it (a fragment may occur in another mutant's message:
    "reg_covar=0" in "reg_covar=0.1")."""
    summary = summarise({"grader": {}, "submissions": records})
    assert summary.submissions == len(records)
    for name, fragment, rows, _ in known:
        carriers = set().union(*(r for n, _f, r, msgs in known
                                 if n == name and any(fragment in m for m in msgs)))
        assert rows <= carriers
        assert _reported(summary, name, fragment) == len(carriers), (name, fragment)
    for name in {k[0] for k in known}:
        # Every submission with a mutant of this exercise shows up in some mistake, no other.
        flagged = {row for m in summary.exercises[name].mistakes for row in m.rows}
        assert flagged == set().union(*(k[2] for k in known if k[0] == name))
        assert sum(summary.exercises[name].statuses.values()) == len(records)
    return summary


def test_mistake_counts_equal_the_known_counts():
    records, known = known_batch(QUICK)
    _check_counts(records, known)


@pytest.mark.slow
def test_mistake_counts_of_the_whole_mutation_set():
    records, known = known_batch(list(EXERCISES))
    _check_counts(records, known)


def test_report_files_show_the_counts_and_fetch_nothing(tmp_path):
    records, known = known_batch(("bic",))
    crashed = dict(records[-1]["exercises"])
    records.append(_row("slow-student", {}, ["the process timed out after 300 s"],
                        "timed out after 300 s while running 07 cell 3"))
    write_gradebook(tmp_path, records)
    assert main(["report", str(tmp_path)]) == 0
    html = (tmp_path / "REPORT.html").read_text(encoding="utf-8")
    md = (tmp_path / "REPORT.md").read_text(encoding="utf-8")
    n = len(records)
    for _name, fragment, rows, messages in known:
        if len(messages) == 1:  # its one message is a row of the table with its count
            row = next(line for line in md.splitlines() if line.startswith(f"| {messages[0]}"))
            count = len(rows)
            assert row.endswith(f"| {count} | {100 * count / n:.0f} % |"), row
    assert "slow-student" in md and "timed out after 300 s" in md
    # Self-contained: every image is a data: URI; no src or href points anywhere else.
    assert html.count('<img src="data:image/png;base64,') == len(EXERCISES) + 2
    assert not re.search(r'(src|href)="(?!data:)', html)
    assert "http://" not in html and "https://" not in html
    assert all((tmp_path / "report-figures" / f"points-{n}.png").is_file() for n in EXERCISES)
    assert crashed  # the correct row kept its exercises


def test_hidden_case_label_is_recorded_for_the_report_only(monkeypatch):
    ex = EXERCISES["bic"]
    label = ex.hidden_cases[0]["label"]
    original = ex.hidden

    def failing(session, spec):
        if spec["label"] == label:
            from gmmlab.exercises.verdict import Mistake
            raise Mistake(f"returns the wrong value on {label}")
        return original(session, spec)

    monkeypatch.setattr(ex, "hidden", failing)
    result = run_check("bic", variants.solution_namespace("bic")["bic"], hidden=True)
    assert result.points == result.max_points - 1  # points as before: one per failed case
    assert result.hidden_case == label
    assert label not in result.feedback and "hidden case" in result.feedback
    assert result.as_dict()["hidden_case"] == label


def test_hidden_cases_are_counted_by_label():
    solved = {n: run_check(n, variants.solution_namespace(n)[n]).as_dict() for n in ("bic",)}
    rows = []
    for i, label in enumerate(["one component"] * 3 + ["far-apart clusters"]):
        wrong = dict(solved["bic"], status="incorrect", points=1.0, hidden_case=label,
                     mistakes=["returns the wrong value on this case (hidden case)"])
        rows.append(_row(f"s{i}", {"bic": wrong}))
    summary = summarise({"submissions": rows})
    assert summary.exercises["bic"].hidden_cases == [("one component", 3),
                                                     ("far-apart clusters", 1)]
    assert summary.exercises["bic"].mistakes[0].count == 4


def test_missing_gradebook_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", str(tmp_path)])
    assert exc.value.code == 2
    assert "grades.json" in capsys.readouterr().err


@pytest.mark.slow
def test_the_grader_records_mutants_mistakes_for_the_report(tmp_path):
    """End to end: mutants of chapter 07 graded in their own processes; the report counts them."""
    from grading_helpers import SETUP, write_ipynb

    from gmmlab.grading.grader import grade

    subs, known = [], []
    for i, mutant in enumerate(EXERCISES["bic"].module.MUTANTS[:2]):
        rows = set()
        for copy in range(i + 1):
            path = write_ipynb(tmp_path / f"m{i}s{copy}_07_model_selection.ipynb", [
                (["setup"], SETUP), (["exercise"], mutant.source("bic"))])
            subs.append(path)
            rows.add(path.stem)
        known.append((mutant.fragment, rows))
    out = tmp_path / "out"
    records = grade(subs, out, jobs=1, timeout=120, progress=False)
    assert all(r["exercises"]["bic"]["mistakes"] for r in records)
    summary = summarise(json.loads((out / "grades.json").read_text()))
    for fragment, rows in known:
        found = {row for m in summary.exercises["bic"].mistakes if fragment in m.message
                 for row in m.rows}
        assert found == rows, fragment
