"""The gradebook on disk: one row per submission, rewritten atomically after every submission.

``grades.json`` is the record (the grader's isolation mode and, per submission, its row name,
path, fingerprint, points and feedback); ``grades.csv`` and ``feedback/*.md`` are derived from it
and rewritten with it. Every file is written to a temporary name and renamed into place, so a
grader killed at any moment leaves the previous complete gradebook, and running the same command
again grades only the submissions missing from it (or changed since).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from pathlib import Path

from ..exercises import EXERCISES
from ..exercises.verdict import format_points as _num

#: Characters that make a spreadsheet read a cell as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a quote."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def feedback_name(row: str) -> str:
    """The feedback file of a row: readable, and distinct for distinct rows (hash suffix)."""
    slug = re.sub(r"[^A-Za-z0-9_.\-]+", "_", row).strip("._-")[:60] or "submission"
    return f"{slug}-{hashlib.sha256(row.encode('utf-8')).hexdigest()[:10]}.md"


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place."""
    atomic_write_bytes(path, text.encode("utf-8"))


_atomic_write = atomic_write


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load(out) -> dict:
    """Rows already graded in ``out`` (``{row: record}``); empty when there is no gradebook."""
    try:
        data = json.loads((Path(out) / "grades.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    rows = data.get("submissions", []) if isinstance(data, dict) else []
    return {r["submission"]: r for r in rows if isinstance(r, dict) and "submission" in r}


#: Late-work columns of grades.csv when a policy is applied (see :mod:`.classbook`).
LATE_COLUMNS = ("submitted_at", "time_source", "hours_late", "late_penalty",
                "total_after_penalty")


def csv_text(records: list, late: dict | None = None) -> str:
    """grades.csv; ``late`` (``{row: {column: cell}}``) adds the :data:`LATE_COLUMNS`."""
    names = list(EXERCISES)
    buf = io.StringIO()
    writer = csv.writer(buf)
    extra = list(LATE_COLUMNS) if late is not None else []
    writer.writerow(["submission", "path", *names, "total", "max_total", *extra, "errors"])
    for r in records:
        cells = (late or {}).get(r["submission"], {})
        writer.writerow([safe_cell(r["submission"]), safe_cell(r.get("path", "")),
                         *(_num(r["exercises"][n]["points"]) for n in names), _num(r["total"]),
                         _num(r["max_total"]), *(safe_cell(cells.get(c, "")) for c in extra),
                         safe_cell(" | ".join(r["errors"]))])
    return buf.getvalue()


def write_derived(records: list, out, late: dict, late_text: dict) -> None:
    """Rewrite grades.csv and the feedback files with late penalties; grades.json is untouched.

    ``late`` as for :func:`csv_text`; ``late_text`` maps a row to ``(sentence, total after
    the penalty)`` for its feedback.
    """
    out = Path(out)
    for r in records:
        name = r.get("feedback_file") or feedback_name(r["submission"])
        _atomic_write(out / "feedback" / name, feedback_markdown(r, late_text.get(r["submission"])))
    _atomic_write(out / "grades.csv", csv_text(records, late))


def write(records: list, out, grader: dict, feedback_for=None) -> None:
    """Write ``grades.json``, ``grades.csv`` and the rows' feedback, each file atomically.

    ``feedback_for`` (records) limits the feedback files written; default: every row's.
    """
    out = Path(out)
    keep = ("submission", "path", "fingerprint", "feedback_file", "total", "max_total",
            "exercises", "errors", "notebooks", "seconds")
    public = {"grader": grader,
              "submissions": [{k: r[k] for k in keep if k in r} for r in records]}
    for r in records if feedback_for is None else feedback_for:
        _atomic_write(out / "feedback" / r["feedback_file"], feedback_markdown(r))
    _atomic_write(out / "grades.csv", csv_text(records))
    _atomic_write(out / "grades.json", json.dumps(public, indent=2))


def feedback_markdown(record: dict, late=None) -> str:
    """The student's feedback page for one graded submission.

    ``late``: ``(sentence, total after the penalty)`` when a late-work policy applies.
    """
    lines = [f"# Feedback for {record['submission']}", "",
             f"**Total: {_num(record['total'])} / {_num(record['max_total'])} points**", ""]
    if late is not None and late[0]:
        lines += [(f"**Late: {late[0]}. Total after the penalty: {_num(late[1])} / "
                   f"{_num(record['max_total'])} points.**"), ""]
    lines += ["| exercise | points | feedback |", "|---|---|---|"]
    for name, e in record["exercises"].items():
        text = e["feedback"] or "correct"
        if e["status"] == "not attempted" and "NotImplementedError" in text:
            text = "not attempted: " + text
        text = text.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{name}` | {_num(e['points'])} / {_num(e['max_points'])} | {text} |")
    if record.get("notebooks"):
        lines += ["", "## Notebooks graded", ""]
        lines += [f"- `{nb['name']}`" + (f": {nb['note']}" if nb.get("note") else "")
                  for nb in record["notebooks"]]
    if record["errors"]:
        lines += ["", "## Problems while running your notebooks", ""]
        lines += [f"- {err}" for err in record["errors"]]
    lines += ["", ("Exercises were also tested on cases you have not seen (other data, one "
              "component, one dimension, more dimensions, far-apart clusters). A failed hidden "
              "case costs one point of that exercise."), ""]
    return "\n".join(lines)
