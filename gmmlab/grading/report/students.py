"""The report's sections about students: roster mismatches and late work (with the time source)."""

from __future__ import annotations

from ...exercises.verdict import format_points as _num
from ..classbook import Classbook
from ..handin_time import MANIFEST, MTIME
from .blocks import Heading, Table, Text


def roster_blocks(book: Classbook, with_roster: bool) -> list:
    """Who handed in what: the mismatches, each with its sentence."""
    if not with_roster:
        return []
    m = book.matching
    blocks = [Heading(2, "Roster"),
              Text(f"{len(m.students)} students on the roster; {len(m.matched)} matched to "
                   f"exactly one submission; {len(m.unmatched)} submission(s) matching no "
                   f"student; {len(m.ambiguous)} matching several students; {len(m.several)} "
                   f"student(s) with several submissions; {len(m.missing)} with none.")]
    problems = m.problems
    if problems:
        blocks.append(Table(["problem"], [[p] for p in problems]))
    return blocks


def late_blocks(book: Classbook) -> list:
    """Late work under the current policy, and where each hand-in time came from."""
    if book.policy is None:
        return []
    timed = [e for e in book.entries if e.record is not None and e.submitted is not None]
    sources = {src: sum(e.time_source == src for e in timed) for src in (MANIFEST, MTIME)}
    late = [e for e in timed if e.late is not None and e.late.units]
    blocks = [Heading(2, "Late work"),
              Text(f"Policy: {book.policy.describe()}. Penalties are recomputed from the raw "
                   "points every time this report is written; none is stored."),
              Text(f"Hand-in times: {sources[MANIFEST]} from the manifest, {sources[MTIME]} "
                   "from the files' modification time (unreliable: copying files may change "
                   "it; give a manifest)." if sources[MTIME] else
                   f"Hand-in times: all {sources[MANIFEST]} from the manifest.")]
    if late:
        blocks.append(Table(
            ["student", "submission", "handed in", "time from", "deadline", "hours late",
             "penalty", "total after penalty"],
            [[e.student.student_id, e.record["submission"], e.submitted.isoformat(),
              e.time_source, e.late.deadline.isoformat(), f"{e.late.seconds_late / 3600:.1f}",
              f"-{_num(e.penalty)} ({e.late.percent:g} %)", _num(e.total)] for e in late]))
    else:
        blocks.append(Text("No submission is late."))
    missing = [p for p in book.problems if "no hand-in time" in p]
    if missing:
        blocks.append(Table(["problem"], [[p] for p in missing]))
    return blocks


def similarity_blocks(pairs: list, unread: list, threshold: float) -> list:
    """Pairs of similar solutions, side by side; grades are not changed."""
    from .blocks import SideBySide

    blocks = [Heading(2, "Similar submissions"),
              Text(f"Functions compared per exercise after normalisation (AST, identifiers "
                   f"renamed canonically, comments, docstrings and the starter's given code "
                   f"dropped); pairs scoring at least {threshold:g} are shown. On the "
                   "project's synthetic set this threshold finds every disguised copy with "
                   "under 1 % false alarms (see the README); a pair is a reason to look, not "
                   "evidence, and no grade is changed.")]
    if not pairs:
        blocks.append(Text("No pair above the threshold."))
    else:
        blocks.append(Table(["exercise", "submission", "submission", "score"],
                            [[p.exercise, p.left, p.right, f"{p.score:.2f}"] for p in pairs]))
        blocks += [SideBySide(f"{p.exercise}: score {p.score:.2f}", p.left, p.left_code,
                              p.right, p.right_code) for p in pairs[:50]]
    if unread:
        blocks.append(Table(["not compared"], [[u] for u in unread]))
    return blocks
