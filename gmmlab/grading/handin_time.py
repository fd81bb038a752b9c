"""When each submission was handed in: from a manifest CSV, or else from its files' modification time.

A manifest is a CSV file with the columns ``submission`` and ``submitted_at``: the first holds a
row name of the gradebook, a submission's path or a student id of the roster, the second an ISO
8601 date-time (``2026-12-01T23:59:00Z``; without a time zone, UTC). The platform's download CSV
gives these once its columns are renamed. A submission the manifest does not list gets the newest
modification time of its files, and the report says, for every submission, which one was used.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .roster import read_table

MANIFEST = "manifest"
MTIME = "file modification time"


def _parse(text: str, where: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{where}: submitted_at must be an ISO date-time like "
                         f"2026-12-01T23:59:00Z, got {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def read_manifest(path) -> dict:
    """``{key: datetime}`` from a manifest CSV (keys as written: row, path or student id)."""
    header, rows = read_table(path, "manifest")
    if "submission" not in header or "submitted_at" not in header:
        raise ValueError(f"manifest {path} needs the columns submission and submitted_at "
                         f"(it has {', '.join(header) or 'none'})")
    times = {}
    for line, row in rows:
        if row.get("submission"):
            times[row["submission"]] = _parse(row.get("submitted_at", ""),
                                              f"manifest {path} line {line}")
    return times


def modification_time(path) -> dt.datetime | None:
    """Newest modification time of a file, or of the regular files in a folder (no links)."""
    path = Path(path)
    try:
        if path.is_file():
            stamps = [path.stat().st_mtime]
        else:
            stamps = [(Path(root) / n).stat(follow_symlinks=False).st_mtime
                      for root, _dirs, names in os.walk(path, followlinks=False) for n in names]
    except OSError:
        return None
    if not stamps:
        return None
    return dt.datetime.fromtimestamp(max(stamps), tz=dt.timezone.utc)


def handin_time(row: str, path: str, student: str | None, manifest: dict) -> tuple:
    """``(datetime or None, source)`` of one submission; the manifest wins over the files."""
    for key in (row, path, student):
        if key and key in manifest:
            return manifest[key], MANIFEST
    return modification_time(path), MTIME
