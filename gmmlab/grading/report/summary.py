"""What the class got wrong, counted from a gradebook: points, named mistakes, hidden cases, crashes.

Everything here is read from ``grades.json`` (the grader's record); nothing is graded again and
no points change. A mistake is the checks' message for it, as the grader recorded it (the
grader already keeps one message per mistake within a submission); messages are not merged
across submissions, since two messages that differ only in the input named ("reg_covar=0.1",
"data of scale 1e-3") may be two different mistakes. A submission counts once per mistake.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

#: Exercise statuses that mean the submission's process failed, not the student's maths.
CRASHED = ("error", "not graded")
_HIDDEN = " (hidden case)"


@dataclass
class Mistake:
    """One named mistake of one exercise, and the rows that made it."""

    message: str
    rows: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass
class ExerciseSummary:
    """The class's results on one exercise.

    Attributes
    ----------
    points : list of float
        One entry per submission, in gradebook order.
    statuses : dict
        ``{status: count}``.
    mistakes : list of Mistake
        Most frequent first.
    hidden_cases : list of (str, int)
        Hidden case label and how many submissions failed it, most frequent first.
    crashed : list of (str, str)
        Row name and reason, for the submissions whose process failed on this exercise.
    """

    name: str
    max_points: float
    points: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    mistakes: list = field(default_factory=list)
    hidden_cases: list = field(default_factory=list)
    crashed: list = field(default_factory=list)

    def share(self, count: int) -> float:
        """Fraction of the class's submissions (0 to 1)."""
        return count / len(self.points) if self.points else 0.0


@dataclass
class ClassSummary:
    """The whole gradebook, summarised."""

    submissions: int
    totals: list
    max_total: float
    seconds: list
    exercises: dict
    grader: dict
    problems: list  # (row, error) of every submission-level error


def read_gradebook(folder) -> dict:
    """``grades.json`` of ``folder`` as a dict; a clear error when it is missing or broken."""
    path = Path(folder) / "grades.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"GRADES_DIR has no grades.json ({path}): run `gmmlab grade "
                                "SUBMISSION... --out GRADES_DIR` first") from None
    except ValueError as exc:
        raise ValueError(f"{path} is not valid JSON ({exc}); grade again to rewrite it") from None
    if not isinstance(data, dict) or not isinstance(data.get("submissions"), list):
        raise ValueError(  # noqa: TRY004 - a file's content, not an argument
            f"{path} is not a gmmlab gradebook (no 'submissions' list)")
    return data


def _messages(entry: dict) -> list:
    """The named mistakes of one exercise entry (older gradebooks: split from the feedback)."""
    if "mistakes" in entry:
        return [str(m) for m in entry["mistakes"]]
    if entry.get("status") != "incorrect" or not entry.get("feedback"):
        return []
    return [m.strip() for m in str(entry["feedback"]).split("; ") if m.strip()]


def _key(message: str) -> str:
    return re.sub(r"\s+", " ", message.removesuffix(_HIDDEN)).strip()


def _group(found: list) -> list:
    """Group ``(row, message)`` pairs by message; most frequent first."""
    groups: dict = {}
    for row, message in found:
        group = groups.setdefault(_key(message), Mistake(_key(message)))
        if row not in group.rows:
            group.rows.append(row)
    return sorted(groups.values(), key=lambda g: (-g.count, g.message))


def summarise(data: dict) -> ClassSummary:
    """Count points, mistakes, failing hidden cases and crashes per exercise.

    Parameters
    ----------
    data : dict
        A gradebook as :func:`read_gradebook` returns it.
    """
    rows = [r for r in data["submissions"] if isinstance(r, dict)]
    names: list = []
    for r in rows:
        names += [n for n in r.get("exercises", {}) if n not in names]
    exercises = {}
    for name in names:
        entries = [(r["submission"], r["exercises"][name]) for r in rows
                   if name in r.get("exercises", {})]
        top = max(float(e.get("max_points", 0)) for _, e in entries)
        ex = ExerciseSummary(name, top)
        found, hidden = [], {}
        for row, e in entries:
            ex.points.append(float(e.get("points", 0.0)))
            status = str(e.get("status", ""))
            ex.statuses[status] = ex.statuses.get(status, 0) + 1
            if status in CRASHED:
                ex.crashed.append((row, str(e.get("feedback", ""))))
                continue
            found += [(row, m) for m in _messages(e)]
            if e.get("hidden_case"):
                hidden[e["hidden_case"]] = hidden.get(e["hidden_case"], 0) + 1
        ex.mistakes = _group(found)
        ex.hidden_cases = sorted(hidden.items(), key=lambda kv: (-kv[1], kv[0]))
        exercises[name] = ex
    return ClassSummary(
        submissions=len(rows), totals=[float(r.get("total", 0.0)) for r in rows],
        max_total=max((float(r.get("max_total", 0.0)) for r in rows), default=0.0),
        seconds=[float(r.get("seconds", 0.0)) for r in rows], exercises=exercises,
        grader=dict(data.get("grader", {})),
        problems=[(r["submission"], str(err)) for r in rows for err in r.get("errors", [])])
