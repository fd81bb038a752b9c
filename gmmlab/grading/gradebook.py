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


def csv_text(records: list) -> str:
    names = list(EXERCISES)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["submission", "path", *names, "total", "max_total", "errors"])
    for r in records:
        writer.writerow([safe_cell(r["submission"]), safe_cell(r.get("path", "")),
                         *(_num(r["exercises"][n]["points"]) for n in names), _num(r["total"]),
                         _num(r["max_total"]), safe_cell(" | ".join(r["errors"]))])
    return buf.getvalue()


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


def feedback_markdown(record: dict) -> str:
    """The student's feedback page for one graded submission."""
    lines = [f"# Feedback for {record['submission']}", "",
             f"**Total: {_num(record['total'])} / {_num(record['max_total'])} points**", "",
             "| exercise | points | feedback |", "|---|---|---|"]
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
