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
