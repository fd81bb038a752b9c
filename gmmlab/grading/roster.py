"""The class roster: which student handed in which submission, with every mismatch said out loud.

A roster is a CSV file with the columns ``student_id``, ``name``, ``email`` and ``pattern``; the
pattern is a shell-style pattern (``*``, ``?``, ``[...]``) matched against a submission's row name
in the gradebook and against its path (``alice*``, ``*/s1234567/*``). Matching is checked both
ways: a submission no student's pattern matches, a submission several students' patterns match,
a student with several submissions and a student with none are each listed with a sentence; no
submission and no student is dropped silently.
"""

from __future__ import annotations

import csv
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ("student_id", "name", "email", "pattern")


@dataclass(frozen=True)
class Student:
    student_id: str
    name: str
    email: str
    pattern: str

    @property
    def first_last(self) -> tuple:
        """``(first name, last name)``: the last word of the name is the last name."""
        first, _, last = self.name.strip().rpartition(" ")
        return (first, last) if first else (last, "")


@dataclass
class Matching:
    """Submissions matched to students.

    Attributes
    ----------
    matched : dict
        ``{student_id: row}`` for each student with exactly one submission, which no other
        student's pattern matches.
    problems : list of str
        One sentence per mismatch, in the order: unmatched submissions, submissions matched by
        several students, students with several submissions, students with none.
    """

    students: list
    matched: dict = field(default_factory=dict)
    unmatched: list = field(default_factory=list)
    ambiguous: dict = field(default_factory=dict)
    several: dict = field(default_factory=dict)
    missing: list = field(default_factory=list)

    @property
    def problems(self) -> list:
        out = [f"submission {row!r} matches no student of the roster: add its pattern to the "
               "roster or rename the submission" for row in self.unmatched]
        out += [f"submission {row!r} matches several students ({', '.join(ids)}): make their "
                "patterns distinct; it is exported for none of them"
                for row, ids in self.ambiguous.items()]
        out += [f"student {sid} matches several submissions ({', '.join(repr(r) for r in rows)}):"
                " keep one or narrow the pattern; none of them is exported for this student"
                for sid, rows in self.several.items()]
        out += [f"student {s.student_id} ({s.name}) has no submission: their pattern "
                f"{s.pattern!r} matches none; exported with an empty grade"
                for s in self.missing]
        return out


def read_table(path, what: str) -> tuple:
    """``(header, rows)`` of a CSV an instructor provides (``what`` names it in errors): the
    column names and, per data line, ``(line number, {column: value})``, both stripped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{what} {path} cannot be read ({exc.strerror or exc})") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    rows = [(line, {k.strip(): (v or "").strip() for k, v in raw.items() if k})
            for line, raw in enumerate(reader, start=2)]
    return header, rows


def read(path) -> list:
    """The students of a roster CSV; a clear error for a missing column or a repeated id."""
    header, rows = read_table(path, "roster")
    absent = [c for c in COLUMNS if c not in header]
    if absent:
        raise ValueError(f"roster {path} lacks the column(s) {', '.join(absent)}; its header "
                         f"must hold {', '.join(COLUMNS)}")
    students, seen = [], set()
    for line, row in rows:
        if not any(row.values()):
            continue
        if not row["student_id"] or not row["pattern"]:
            raise ValueError(f"roster {path} line {line}: student_id and pattern must not be "
                             "empty")
        if row["student_id"] in seen:
            raise ValueError(f"roster {path} line {line}: student_id {row['student_id']!r} "
                             "appears twice")
        seen.add(row["student_id"])
        students.append(Student(row["student_id"], row["name"], row["email"], row["pattern"]))
    return students


def _matches(student: Student, row: str, path: str) -> bool:
    return any(fnmatch.fnmatchcase(text, student.pattern) for text in (row, path) if text)


def match(students: list, submissions: list) -> Matching:
    """Match gradebook rows to students.

    Parameters
    ----------
    students : list of Student
    submissions : list of (str, str)
        ``(row name, path)`` of every gradebook row.
    """
    result = Matching(list(students))
    by_student: dict = {s.student_id: [] for s in students}
    for row, path in submissions:
        ids = [s.student_id for s in students if _matches(s, row, path)]
        if not ids:
            result.unmatched.append(row)
        elif len(ids) > 1:
            result.ambiguous[row] = ids
        else:
            by_student[ids[0]].append(row)
    for s in students:
        rows = by_student[s.student_id]
        if len(rows) == 1:
            result.matched[s.student_id] = rows[0]
        elif len(rows) > 1:
            result.several[s.student_id] = rows
        elif not any(s.student_id in ids for ids in result.ambiguous.values()):
            result.missing.append(s)
    return result


def without_roster(submissions: list) -> Matching:
    """Every row is its own student (id and name: the row name), for exports with no roster."""
    students = [Student(row, row, "", row) for row, _ in submissions]
    return Matching(students, matched={row: row for row, _ in submissions})
