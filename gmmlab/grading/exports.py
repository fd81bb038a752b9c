"""Grades for a learning platform: Canvas, Moodle, Gradescope-style and long CSV files.

Each layout follows the platform's documentation (sources next to each writer). Points are the
gradebook's raw points; the total is the total after the late penalty of the current policy
(the same as ``total_after_penalty`` in ``grades.csv``), and the penalty has its own column.
A student with no submission gets an empty cell (the platform then keeps what it has), never a
made-up zero; :mod:`.roster` lists them.
"""

from __future__ import annotations

import csv
import io

from .classbook import Classbook, Entry
from .gradebook import safe_cell

FORMATS = ("canvas", "moodle", "gradescope", "long")


def _num(x) -> str:
    return "" if x is None else f"{float(x):g}"


def _exercises(book: Classbook) -> list:
    for e in book.entries:
        if e.record is not None:
            return [(n, float(x["max_points"])) for n, x in e.record["exercises"].items()]
    return []


def _max_total(book: Classbook) -> float:
    return sum(top for _, top in _exercises(book))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv(rows: list) -> str:
    """CSV text; a text cell that a spreadsheet would read as a formula gets a quote."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow([c if _is_number(str(c)) else safe_cell(c) for c in row])
    return buf.getvalue()


def _hms(entry: Entry) -> str:
    seconds = round(entry.late.seconds_late) if entry.late is not None else 0
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def canvas(book: Classbook, assignment: str) -> str:
    """Canvas Gradebook import CSV.

    Layout of Canvas's Gradebook import (Canvas Instructor Guide, "How do I import grades in
    the Gradebook?"; summarised by Ohio State's guide "Import a CSV File to Carmen Grades",
    https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades,
    which lists the required components: student name or ID or SIS User ID, SIS Login ID,
    Section, one column per assignment) and of the Gradebook export it mirrors: the columns ``Student`` (sortable name, "Last,
    First"), ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per
    assignment (a name Canvas does not know creates a new assignment); the second row,
    ``Points Possible``, holds each assignment's maximum. Canvas matches students by ``ID``,
    ``SIS User ID`` or ``SIS Login ID``: the roster's ``student_id`` goes in ``SIS User ID`` and
    its email in ``SIS Login ID``; ``ID`` (Canvas's own number) is left empty.
    """
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment],
            ["Points Possible", "", "", "", "", _num(_max_total(book))]]
    for e in book.entries:
        first, last = e.student.first_last
        name = f"{last}, {first}" if last and first else e.student.name
        rows.append([name, "", e.student.student_id, e.student.email, "", _num(e.total)])
    return _csv(rows)


def moodle(book: Classbook, assignment: str) -> str:
    """Moodle grade import CSV.

    Moodle's "Grade import" page (https://docs.moodle.org/405/en/Grade_import) says the import
    file has the layout of its CSV grade export (https://docs.moodle.org/405/en/Grade_export):
    ``First name``, ``Last name``, ``ID number``, ``Email address``, then a column per grade
    item and, for feedback, a column per item's feedback. On import, map "Email address" to
    ``useremail`` (or "ID number" to ``useridnumber``) and each column to its grade item.
    """
    names = [n for n, _ in _exercises(book)]
    rows = [["First name", "Last name", "ID number", "Email address", *names,
             f"{assignment} (late penalty)", assignment, f"{assignment} (feedback)"]]
    for e in book.entries:
        first, last = e.student.first_last
        ex = e.record["exercises"] if e.record else {}
        feedback = _feedback(e)
        rows.append([first, last, e.student.student_id, e.student.email,
                     *(_num(ex[n]["points"]) if n in ex else "" for n in names),
                     _num(e.penalty) if e.record else "", _num(e.total), feedback])
    return _csv(rows)


def gradescope(book: Classbook, assignment: str) -> str:
    """Gradescope-style per-question CSV.

    Layout of the CSV an assignment's "Download Grades" gives in Gradescope (Gradescope Help
    Center, "Exporting grades"; its columns as the tools that read it document them, e.g.
    cs161-staff/grades-py's README and the readers of ``assignments/<id>/scores.csv``):
    ``First Name``, ``Last Name``, ``SID``, ``Email``, ``Sections``, ``Total Score``,
    ``Max Points``, ``Status`` (``Graded`` or ``Missing``), ``Submission ID``,
    ``Submission Time``, ``Lateness (H:M:S)``, ``View Count``, ``Submission Count``, then one
    column per question headed ``N: title (P pts)``, e.g. ``1: e_step (3.0 pts)``.
    ``Total Score`` is after the late penalty; ``Submission ID`` is the gradebook fingerprint.
    """
    questions = _exercises(book)
    rows = [["First Name", "Last Name", "SID", "Email", "Sections", "Total Score", "Max Points",
             "Status", "Submission ID", "Submission Time", "Lateness (H:M:S)", "View Count",
             "Submission Count",
             *(f"{i}: {n} ({top:.1f} pts)" for i, (n, top) in enumerate(questions, start=1))]]
    for e in book.entries:
        first, last = e.student.first_last
        ex = e.record["exercises"] if e.record else {}
        rows.append([first, last, e.student.student_id, e.student.email, "", _num(e.total),
                     _num(_max_total(book)), "Graded" if e.record else "Missing",
                     e.record.get("fingerprint", "") if e.record else "",
                     e.submitted.isoformat() if e.submitted else "", _hms(e), "",
                     "1" if e.record else "0",
                     *(_num(ex[n]["points"]) if n in ex else "" for n, _ in questions)])
    return _csv(rows)


def long(book: Classbook, assignment: str) -> str:
    """One row per student and exercise: ``student_id, name, email, exercise, points,
    max_points, feedback``; then a ``late_penalty`` row (negative points) and a ``total`` row."""
    rows = [["student_id", "name", "email", "exercise", "points", "max_points", "feedback"]]
    top = _num(_max_total(book))
    for e in book.entries:
        who = [e.student.student_id, e.student.name, e.student.email]
        if e.record is None:
            rows.append([*who, "total", "", top, "no submission"])
            continue
        for name, x in e.record["exercises"].items():
            rows.append([*who, name, _num(x["points"]), _num(x["max_points"]),
                         x.get("feedback") or "correct"])
        if e.late is not None and e.late.units:
            rows.append([*who, "late_penalty", _num(-e.penalty), "", _late_text(e)])
        rows.append([*who, "total", _num(e.total), top, ""])
    return _csv(rows)


def _late_text(e: Entry) -> str:
    return e.late.sentence() if e.late is not None else ""


def _feedback(e: Entry) -> str:
    if e.record is None:
        return "no submission"
    wrong = [f"{n}: {x['feedback']}" for n, x in e.record["exercises"].items()
             if x.get("feedback")]
    late = _late_text(e)
    return " | ".join(([late] if late else []) + wrong)[:2000]


WRITERS = {"canvas": canvas, "moodle": moodle, "gradescope": gradescope, "long": long}


def export(book: Classbook, fmt: str, assignment: str = "gmmlab") -> str:
    """The CSV text of one export format (one of :data:`FORMATS`)."""
    if fmt not in WRITERS:
        raise ValueError(f"export format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    return WRITERS[fmt](book, assignment)
