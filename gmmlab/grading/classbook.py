"""The class's gradebook: rows of ``grades.json`` joined to the roster, with late penalties applied.

Nothing here is stored: each :class:`Entry` is computed from the raw points of ``grades.json``,
the roster, the hand-in times and the policy as they are when the report or an export is
written. Change the policy and run ``gmmlab report`` again: every penalty is recomputed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import handin_time, roster
from .policy import Late, Policy


@dataclass
class Entry:
    """One student (or, without a roster, one row) in the class's gradebook.

    Attributes
    ----------
    student : roster.Student
    record : dict or None
        The gradebook row of their submission; None when they have none.
    submitted : datetime or None
    time_source : str
        ``"manifest"``, ``"file modification time"`` or ``""`` (no policy, or no time known).
    late : Late or None
        None without a policy, or when the hand-in time is unknown.
    """

    student: roster.Student
    record: dict | None
    submitted: dt.datetime | None = None
    time_source: str = ""
    late: Late | None = None

    @property
    def raw_total(self) -> float | None:
        return None if self.record is None else float(self.record["total"])

    @property
    def penalty(self) -> float:
        if self.late is None or self.record is None:
            return 0.0
        return self.late.penalty(self.raw_total)

    @property
    def total(self) -> float | None:
        """Points after the late penalty (None without a submission)."""
        return None if self.record is None else round(self.raw_total - self.penalty, 4)


@dataclass
class Classbook:
    entries: list
    matching: roster.Matching
    policy: Policy | None
    problems: list


def build(data: dict, *, students=None, policy: Policy | None = None,
          manifest: dict | None = None) -> Classbook:
    """Join a gradebook (as :func:`report.summary.read_gradebook` returns it) to the rest.

    Parameters
    ----------
    data : dict
        ``grades.json``.
    students : list of roster.Student, optional
        Without it every row is its own student.
    policy : Policy, optional
        Without it no penalty is applied and no time is looked up.
    manifest : dict, optional
        ``{row, path or student id: datetime}``; rows it lacks use their files' time.
    """
    records = [r for r in data["submissions"] if isinstance(r, dict)]
    subs = [(r["submission"], str(r.get("path", ""))) for r in records]
    matching = roster.match(students, subs) if students is not None else \
        roster.without_roster(subs)
    by_row = {r["submission"]: r for r in records}
    entries, problems = [], list(matching.problems)
    for s in matching.students:
        row = matching.matched.get(s.student_id)
        entry = Entry(s, by_row.get(row) if row else None)
        if policy is not None and entry.record is not None:
            when, source = handin_time.handin_time(row, entry.record.get("path", ""),
                                                   s.student_id, manifest or {})
            if when is None:
                problems.append(f"submission {row!r}: no hand-in time (not in the manifest and "
                                "its files are gone), so no late penalty is applied")
            else:
                entry.submitted, entry.time_source = when, source
                key = s.student_id if s.student_id in policy.extensions else row
                entry.late = policy.late(key, when)
        entries.append(entry)
    return Classbook(entries, matching, policy, problems)


def lateness_columns(entry: Entry) -> dict:
    """The late-work cells of one entry, as the CSV files show them."""
    if entry.late is None:
        return {"submitted_at": entry.submitted.isoformat() if entry.submitted else "",
                "time_source": entry.time_source, "hours_late": "", "late_penalty": "0",
                "total_after_penalty": "" if entry.total is None else f"{entry.total:g}"}
    return {"submitted_at": entry.submitted.isoformat(), "time_source": entry.time_source,
            "hours_late": f"{entry.late.seconds_late / 3600:.2f}",
            "late_penalty": f"{entry.penalty:g}", "total_after_penalty": f"{entry.total:g}"}
