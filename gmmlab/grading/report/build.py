"""The class report's content, as blocks: per exercise, then for the whole class."""

from __future__ import annotations

import statistics

from ...exercises.verdict import format_points as _num
from . import charts
from .blocks import Figure, Heading, Table, Text
from .summary import ClassSummary, ExerciseSummary

#: Crashed submissions listed per exercise (the rest are counted).
MAX_LISTED = 30


def percent(share: float) -> str:
    return f"{100 * share:.0f} %"


def _exercise(ex: ExerciseSummary) -> list:
    n = len(ex.points)
    full = sum(p >= ex.max_points for p in ex.points)
    mean = statistics.fmean(ex.points) if ex.points else 0.0
    blocks = [Heading(2, f"Exercise {ex.name}"),
              Text(f"{n} submissions; mean {mean:.2f} / {_num(ex.max_points)} points; "
                   f"{full} ({percent(ex.share(full))}) with full marks. Statuses: "
                   + ", ".join(f"{k} {v}" for k, v in sorted(ex.statuses.items())) + "."),
              Figure(f"points-{ex.name}", f"Points on {ex.name} ({n} submissions)",
                     charts.png(charts.points_histogram(
                         ex.points, ex.max_points, title=f"Points on {ex.name}",
                         xlabel=f"points (of {_num(ex.max_points)})")))]
    blocks.append(Heading(3, "Named mistakes"))
    if ex.mistakes:
        blocks.append(Table(["mistake", "submissions", "share of class"],
                            [[m.message, str(m.count), percent(ex.share(m.count))]
                             for m in ex.mistakes]))
    else:
        blocks.append(Text("No named mistake."))
    blocks.append(Heading(3, "Hidden cases that fail"))
    if ex.hidden_cases:
        blocks.append(Table(["hidden case", "submissions failing it", "share of class"],
                            [[label, str(c), percent(ex.share(c))]
                             for label, c in ex.hidden_cases]))
    else:
        blocks.append(Text("No hidden case failed (a hidden case runs only when every visible "
                           "check passed)."))
    blocks.append(Heading(3, "Crashed or timed out"))
    if ex.crashed:
        listed = ex.crashed[:MAX_LISTED]
        timed = sum("timed out" in why for _, why in ex.crashed)
        blocks.append(Text(f"{len(ex.crashed)} submission(s), {timed} of them timed out."))
        blocks.append(Table(["submission", "reason"], [[row, why] for row, why in listed]))
        if len(ex.crashed) > len(listed):
            blocks.append(Text(f"... and {len(ex.crashed) - len(listed)} more."))
    else:
        blocks.append(Text("None."))
    return blocks


def _class(s: ClassSummary) -> list:
    mean = statistics.fmean(s.totals) if s.totals else 0.0
    median = statistics.median(s.totals) if s.totals else 0.0
    seconds = sum(s.seconds)
    blocks = [Heading(2, "The whole class"),
              Text(f"{s.submissions} submissions; total mean {mean:.2f}, median "
                   f"{_num(median)} of {_num(s.max_total)} points."),
              Figure("totals", f"Total points ({s.submissions} submissions)",
                     charts.png(charts.points_histogram(
                         s.totals, s.max_total, title="Total points per submission",
                         xlabel=f"total points (of {_num(s.max_total)})"))),
              Text(f"Grading time: {seconds:.1f} s of submission time in all, "
                   f"{seconds / max(1, s.submissions):.2f} s per submission on average, "
                   f"longest {max(s.seconds, default=0.0):.1f} s (time each submission's "
                   "grading took, summed over parallel jobs)."),
              Figure("seconds", "Grading time per submission",
                     charts.png(charts.seconds_histogram(s.seconds)))]
    if s.problems:
        blocks += [Heading(3, "Problems while running the notebooks"),
                   Table(["submission", "problem"], [[r, e] for r, e in s.problems[:200]])]
        if len(s.problems) > 200:
            blocks.append(Text(f"... and {len(s.problems) - 200} more."))
    return blocks


def _overview(s: ClassSummary) -> list:
    """One line per exercise: mean, full marks, crashes and the most frequent mistake."""
    rows = []
    for ex in s.exercises.values():
        top = ex.mistakes[0] if ex.mistakes else None
        mean = statistics.fmean(ex.points) if ex.points else 0.0
        full = sum(p >= ex.max_points for p in ex.points)
        rows.append([ex.name, f"{mean:.2f} / {_num(ex.max_points)}", percent(ex.share(full)),
                     str(len(ex.crashed)),
                     f"{top.message} ({percent(ex.share(top.count))})" if top else "none"])
    return [Heading(2, "Overview"),
            Table(["exercise", "mean points", "full marks", "crashed or timed out",
                   "most frequent mistake (share of class)"], rows)]


def report_blocks(s: ClassSummary, extra=()) -> list:
    """Every block of the report: a header, an overview, the class, ``extra`` (roster, late
    work, similar submissions), then one section per exercise."""
    isolation = s.grader.get("isolation_detail") or s.grader.get("isolation", "unknown")
    hidden = "with" if s.grader.get("hidden_cases", True) else "without"
    blocks = [Heading(1, "Class report"),
              Text(f"{s.submissions} submissions graded {hidden} the hidden cases; "
                   f"isolation: {isolation}. A mistake is counted once per submission; shares "
                   "are of all submissions.")]
    blocks += _overview(s) + _class(s) + list(extra)
    for ex in s.exercises.values():
        blocks += _exercise(ex)
    return blocks
