"""Roster matching, late penalties recomputed from raw points, and the platforms' CSV layouts."""

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from report_helpers import _row, write_gradebook

from gmmlab.exercises import EXERCISES
from gmmlab.grading import classbook, exports, handin_time, instructor, roster
from gmmlab.grading import policy as policy_file
from gmmlab.grading.cli import main

LMS = Path(__file__).parent / "lms"
DEADLINE = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
MAX_TOTAL = sum(ex.max_points for ex in EXERCISES.values())


def _points(**points):
    return {n: {"status": "correct" if p == EXERCISES[n].max_points else "incorrect",
                "points": float(p), "feedback": "" if p == EXERCISES[n].max_points else
                f"{n} is wrong somewhere", "mistakes": []} for n, p in points.items()}


@pytest.fixture
def folder(tmp_path):
    """Two graded submissions on disk (alice 5 points, bob 3) and a roster of three."""
    subs = tmp_path / "subs"
    rows = []
    for name, points in (("alice", _points(e_step=3, m_step=2)), ("bob", _points(e_step=3))):
        (subs / name).mkdir(parents=True)
        (subs / name / "04_em.ipynb").write_text("{}", encoding="utf-8")
        r = _row(name, points)
        r["path"] = str(subs / name)
        rows.append(r)
    out = write_gradebook(tmp_path / "out", rows)
    (tmp_path / "roster.csv").write_text(
        "student_id,name,email,pattern\ns1,Alice Smith,alice@example.org,alice*\n"
        "s2,Bob Jones,bob@example.org,*/bob\ns3,Carol Wu,carol@example.org,carol*\n",
        encoding="utf-8")
    return out


def _read(text):
    return list(csv.reader(io.StringIO(text)))


# --------------------------------------------------------------------------- roster


def _students(*patterns):
    return [roster.Student(f"s{i}", f"Name {i}", f"s{i}@example.org", p)
            for i, p in enumerate(patterns, start=1)]


def test_roster_lists_every_mismatch_and_drops_none():
    subs = [("alice", "/subs/alice"), ("alice-v2", "/subs/alice-v2"), ("bob", "/subs/bob"),
            ("stray", "/subs/stray"), ("dan", "/subs/dan")]
    m = roster.match(_students("alice*", "bob", "carol*", "d*", "*an"), subs)
    assert m.matched == {"s2": "bob"}
    assert m.unmatched == ["stray"]
    assert m.ambiguous == {"dan": ["s4", "s5"]}
    assert m.several == {"s1": ["alice", "alice-v2"]}
    assert [s.student_id for s in m.missing] == ["s3"]
    text = "\n".join(m.problems)
    assert "'stray' matches no student" in text
    assert "'dan' matches several students (s4, s5)" in text
    assert "student s1 matches several submissions ('alice', 'alice-v2')" in text
    assert "student s3 (Name 3) has no submission" in text
    # Every submission and every student is accounted for.
    seen = set(m.matched.values()) | set(m.unmatched) | set(m.ambiguous)
    seen |= {r for rows in m.several.values() for r in rows}
    assert seen == {row for row, _ in subs}


def test_roster_pattern_matches_the_path_too():
    m = roster.match(_students("*/s1234567/*"), [("07_model", "/x/s1234567/07_model.ipynb")])
    assert m.matched == {"s1": "07_model"}


@pytest.mark.parametrize("text,message", [
    ("student_id,name,email\ns1,A,a@x\n", r"lacks the column\(s\) pattern"),
    ("student_id,name,email,pattern\ns1,A,a@x,a*\ns1,B,b@x,b*\n", "'s1' appears twice"),
    ("student_id,name,email,pattern\n,A,a@x,a*\n", "must not be empty"),
])
def test_bad_roster_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        roster.read(path)


# --------------------------------------------------------------------------- exports


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_export_header_follows_the_documented_layout(folder, fmt):
    documented = _read((LMS / f"{fmt}.csv").read_text(encoding="utf-8"))[0]
    instructor.run(folder, roster_csv=folder.parent / "roster.csv", formats=[fmt],
                   assignment="Homework 1", report=False)
    rows = _read((folder / f"export-{fmt}.csv").read_text(encoding="utf-8"))
    if fmt == "gradescope":  # fixed columns, then one "N: title (P pts)" column per exercise
        fixed = documented[:-1]
        assert rows[0][:len(fixed)] == fixed
        top = EXERCISES["e_step"].max_points
        assert f"{list(EXERCISES).index('e_step') + 1}: e_step ({top:.1f} pts)" in rows[0]
    elif fmt == "canvas":
        assert rows[0] == documented[:5] + ["Homework 1"]
        assert rows[1][0] == "Points Possible" and float(rows[1][5]) == MAX_TOTAL
    else:
        assert rows[0][:len(documented)] == documented


def _by(rows, column, key):
    header = rows[0]
    return {r[header.index(column)]: dict(zip(header, r)) for r in rows[1:] if r}


def test_exports_carry_the_points_of_each_student(folder):
    instructor.run(folder, roster_csv=folder.parent / "roster.csv", formats=list(exports.FORMATS),
                   report=False)
    canvas = _by(_read((folder / "export-canvas.csv").read_text()), "SIS User ID", None)
    assert canvas["s1"]["gmmlab"] == "5" and canvas["s2"]["gmmlab"] == "3"
    assert canvas["s1"]["Student"] == "Smith, Alice" and canvas["s3"]["gmmlab"] == ""
    moodle = _by(_read((folder / "export-moodle.csv").read_text()), "Email address", None)
    assert moodle["alice@example.org"]["e_step"] == "3"
    assert moodle["alice@example.org"]["m_step"] == "2"
    assert moodle["bob@example.org"]["gmmlab"] == "3"
    assert moodle["carol@example.org"]["gmmlab"] == ""  # no submission: empty, not 0
    grades = _by(_read((folder / "export-gradescope.csv").read_text()), "SID", None)
    assert grades["s1"]["Total Score"] == "5" and grades["s3"]["Status"] == "Missing"
    assert float(grades["s1"]["Max Points"]) == MAX_TOTAL
    long = _read((folder / "export-long.csv").read_text())
    e_step = [r for r in long if r[0] == "s1" and r[3] == "e_step"]
    assert e_step == [["s1", "Alice Smith", "alice@example.org", "e_step", "3",
                       f"{EXERCISES['e_step'].max_points:g}", "correct"]]
    assert ["s3", "Carol Wu", "carol@example.org", "total", "", f"{MAX_TOTAL:g}",
            "no submission"] in long


def test_exported_cells_never_start_a_formula(tmp_path):
    write_gradebook(tmp_path, [_row("=HYPERLINK(1)", _points(e_step=3))])
    instructor.run(tmp_path, formats=["canvas"], report=False)
    assert "'=HYPERLINK(1)" in (tmp_path / "export-canvas.csv").read_text()


# --------------------------------------------------------------------------- late work


def _policy(tmp_path, text):
    path = tmp_path / "policy.toml"
    path.write_text(f"deadline = {DEADLINE.isoformat().replace('+00:00', 'Z')}\n" + text,
                    encoding="utf-8")
    return path


def _after(folder):
    return {r[0]: r for r in _read((folder / "grades.csv").read_text())}


def test_penalties_are_recomputed_after_a_policy_change(folder, tmp_path):
    raw = (folder / "grades.json").read_text()
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("submission,submitted_at\nalice,2026-12-01T13:00:00Z\n")  # 1 h late
    bob = Path(json.loads(raw)["submissions"][1]["path"]) / "04_em.ipynb"
    late = (DEADLINE + dt.timedelta(days=4, hours=1)).timestamp()  # 97 h late, by mtime
    os.utime(bob, (late, late))
    args = {"roster_csv": folder.parent / "roster.csv", "manifest_csv": manifest,
            "formats": ["canvas", "long"]}

    # 10 % a started day, at most 30 %: alice 1 day (10 % of 5), bob 5 days capped at 30 % of 3.
    instructor.run(folder, policy_file=_policy(tmp_path, 'penalty_percent = 10\nper = "day"\n'
                                               "cap_percent = 30\n"), **args)
    header, rows = _read((folder / "grades.csv").read_text())[0], _after(folder)
    column = header.index("total_after_penalty")
    assert float(rows["alice"][column]) == pytest.approx(5 * 0.9)
    assert float(rows["bob"][column]) == pytest.approx(3 * 0.7)
    assert rows["alice"][header.index("time_source")] == "manifest"
    assert rows["bob"][header.index("time_source")] == "file modification time"
    canvas = _by(_read((folder / "export-canvas.csv").read_text()), "SIS User ID", None)
    assert float(canvas["s1"]["gmmlab"]) == pytest.approx(4.5)
    report = (folder / "REPORT.md").read_text()
    assert "1 from the manifest, 1 from the files' modification time" in report

    # 5 % a started hour, at most 50 %: alice 1 hour (5 %), bob 97 hours capped at 50 %.
    instructor.run(folder, policy_file=_policy(tmp_path, 'penalty_percent = 5\nper = "hour"\n'
                                               "cap_percent = 50\n"), report=False, **args)
    rows = _after(folder)
    assert float(rows["alice"][column]) == pytest.approx(5 * 0.95)
    assert float(rows["bob"][column]) == pytest.approx(3 * 0.5)
    feedback = next((folder / "feedback").glob("alice-*.md")).read_text()
    assert "-5 % of the points" in feedback and "4.75 / " in feedback
    long = _read((folder / "export-long.csv").read_text())
    assert ["s1", "Alice Smith", "alice@example.org", "late_penalty", "-0.25", ""] == \
        next(r for r in long if r[0] == "s1" and r[3] == "late_penalty")[:6]
    # The raw record is never touched: nothing penalised is stored.
    assert (folder / "grades.json").read_text() == raw


def test_extension_moves_one_students_deadline(folder, tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("submission,submitted_at\ns1,2026-12-02T11:00:00Z\n"
                        "s2,2026-12-02T11:00:00Z\n")  # 23 h late, for both
    policy = _policy(tmp_path, 'penalty_percent = 10\nper = "day"\ncap_percent = 50\n'
                     "[extensions]\ns1 = 2026-12-03T12:00:00Z\n")
    book = classbook.build(json.loads((folder / "grades.json").read_text()),
                           students=roster.read(folder.parent / "roster.csv"),
                           policy=policy_file.read(policy),
                           manifest=handin_time.read_manifest(manifest))
    by = {e.student.student_id: e for e in book.entries}
    assert by["s1"].penalty == 0 and by["s1"].total == 5
    assert by["s2"].late.units == 1 and by["s2"].total == pytest.approx(2.7)
    assert by["s3"].record is None and by["s3"].total is None


@pytest.mark.parametrize("text,message", [
    ('penalty_percent = 10\nper = "week"\ncap_percent = 30\n', "per must be"),
    ('penalty_percent = 110\nper = "day"\ncap_percent = 30\n', "penalty_percent must be"),
    ('penalty_percent = 10\nper = "day"\ncap_percent = 30\nlate = 1\n', "unknown key"),
])
def test_bad_policy_is_a_usage_error(folder, tmp_path, capsys, text, message):
    with pytest.raises(SystemExit) as exc:
        main(["report", str(folder), "--policy", str(_policy(tmp_path, text))])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
