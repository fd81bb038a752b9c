"""``gmmlab report``: the class report, the roster, the late penalties and the exports, together.

Reads ``grades.json`` and never changes it. With a policy, ``grades.csv`` and the feedback
files are rewritten with the penalties of that policy (recomputed from the raw points each time);
exports are written next to the gradebook as ``export-<format>.csv``.
"""

from __future__ import annotations

from pathlib import Path

from . import classbook, exports, gradebook, handin_time, policy, roster, similarity
from .report import blocks as report_blocks
from .report import students, write_report
from .report.summary import read_gradebook


def run(folder, *, roster_csv=None, policy_file=None, manifest_csv=None, formats=(),
        assignment: str = "gmmlab", extra=(), report: bool = True,
        similarity_threshold: float | None = similarity.THRESHOLD) -> dict:
    """Write the report (and exports) of the gradebook in ``folder``.

    report : bool
        Write REPORT.html and REPORT.md (False: only grades.csv, feedback and exports).
    similarity_threshold : float or None
        Score from which two submissions' functions are shown as similar (None: no
        comparison). The submissions are read again from their paths; grades never change.

    Returns
    -------
    dict
        ``{"files": [Path, ...], "problems": [str, ...]}``: what was written, and every roster
        or hand-in-time problem (also in the report).
    """
    folder = Path(folder)
    for fmt in formats:
        if fmt not in exports.FORMATS:
            raise ValueError(f"--export must be one of {', '.join(exports.FORMATS)}; got {fmt!r}")
    data = read_gradebook(folder)
    book = classbook.build(
        data, students=roster.read(roster_csv) if roster_csv else None,
        policy=policy.read(policy_file) if policy_file else None,
        manifest=handin_time.read_manifest(manifest_csv) if manifest_csv else None)
    files = []
    if book.policy is not None:
        records = [r for r in data["submissions"] if isinstance(r, dict)]
        with_record = [e for e in book.entries if e.record is not None]
        late = {e.record["submission"]: classbook.lateness_columns(e) for e in with_record}
        text = {e.record["submission"]: (e.late.sentence() if e.late else "", e.total)
                for e in with_record}
        gradebook.write_derived(records, folder, late, text)
        files.append(folder / "grades.csv")
    written = []
    for fmt in formats:
        path = folder / f"export-{fmt}.csv"
        gradebook.atomic_write(path, exports.export(book, fmt, assignment))
        written.append(path)
    extra_blocks = students.roster_blocks(book, roster_csv is not None)
    extra_blocks += students.late_blocks(book)
    if written:
        extra_blocks += [report_blocks.Heading(2, "Exports"),
                         report_blocks.Table(["format", "file"],
                                             [[f, p.name] for f, p in zip(formats, written)])]
    if report and similarity_threshold is not None:
        pairs, unread = similarity.class_pairs(data["submissions"], similarity_threshold)
        extra_blocks += students.similarity_blocks(pairs, unread, similarity_threshold)
    reports = list(write_report(folder, list(extra_blocks) + list(extra))) if report else []
    return {"files": [*reports, *files, *written], "problems": book.problems}
