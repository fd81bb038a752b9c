"""Autograder: grade many submissions, each in its own process, into CSV, JSON and feedback files.

WARNING: grading runs student code with your permissions. It is not a security sandbox: each
submission runs in its own process with a time limit, a memory cap, a file-size cap and a
temporary working directory, which guards against accidents (endless loops, memory bombs, stray
files), not against a hostile student. Grade untrusted work inside a container or a throw-away VM.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from ..course import chapter_of
from ..exercises import EXERCISES
from ..exercises.verdict import format_points as _num
from .submission import Submission, load, owners

DEFAULT_TIMEOUT = 300.0
#: The child imports the same gmmlab as this process (``-I`` ignores PYTHONPATH and the cwd).
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_CHILD = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
          "from gmmlab.grading.sandbox import main; sys.exit(main())")
DEFAULT_MEMORY_MB = 2048


def max_points() -> dict:
    return {name: ex.max_points for name, ex in EXERCISES.items()}


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except (ValueError, AttributeError):
        return f"signal {-code}"


def _child_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JPY", "MPL"))}
    env.update(MPLBACKEND="Agg", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    return env


def run_submission(sub: Submission, *, timeout: float = DEFAULT_TIMEOUT,
                   memory_mb: int = DEFAULT_MEMORY_MB, cell_time_limit: float | None = None,
                   python: str | None = None) -> dict:
    """Run one submission in a child process and collect its per-exercise results.

    Parameters
    ----------
    sub : Submission
        As returned by :func:`gmmlab.grading.submission.load`.
    timeout : float
        Wall-clock seconds for the whole submission; the process group is killed after it.
    memory_mb : int
        Address-space cap of the child process (``RLIMIT_AS``).

    Returns
    -------
    dict
        ``{"submission", "total", "max_total", "exercises": {name: {...}}, "errors": [...]}``.
    """
    errors = list(sub.errors)
    results, last = {}, "starting"
    for name, owner in owners(sub.notebooks).items():
        if owner is None:
            chapter = chapter_of(name).number
            results[name] = {"status": "missing", "points": 0.0,
                             "feedback": f"not submitted: no notebook of chapter {chapter} "
                                         f"({chapter}_*.ipynb or .md) in this submission"}
    with tempfile.TemporaryDirectory(prefix="gmmlab-grade-") as tmp:
        tmp = Path(tmp)
        work = tmp / "work"
        work.mkdir()
        _copy_inputs(sub.path, work)
        spec = {
            "notebooks": [{"name": nb.name, "cells": nb.cells} for nb in sub.notebooks],
            "owners": owners(sub.notebooks),
            "workdir": str(work),
            "memory_mb": memory_mb,
            "cell_time_limit": cell_time_limit or max(5.0, timeout / 3),
            "call_time_limit": 5.0,
        }
        spec_path = tmp / "spec.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        read_fd, write_fd = os.pipe()
        log = open(tmp / "output.log", "wb")  # noqa: SIM115 - closed after the child ends
        lines: list = []
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                [python or sys.executable, "-I", "-c", _CHILD, _PACKAGE_ROOT, str(spec_path),
                 str(write_fd)],
                cwd=work, env=_child_env(), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                pass_fds=(write_fd,), start_new_session=True)
        finally:
            os.close(write_fd)
        reader = threading.Thread(target=_read_lines, args=(read_fd, lines), daemon=True)
        reader.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
        _kill_group(proc)  # also any process the submission left behind
        reader.join(timeout=10)
        log.close()
        elapsed = time.perf_counter() - start
        done = False
        for event in lines:
            kind = event.get("event")
            if kind == "cell":
                last = f"{event['notebook']} cell {event['cell']}"
            elif kind == "check":
                last = f"the check of {event['exercise']}"
            elif kind == "cell_error":
                errors.append(event["error"])
            elif kind == "result":
                results[event["exercise"]] = event
            elif kind == "done":
                done = True
        if timed_out:
            errors.append(f"timed out after {timeout:g} s while running {last}; the process "
                          "was stopped")
        elif not done:
            code = proc.returncode
            how = (f"was killed by {_signal_name(code)}" if code and code < 0
                   else f"exited with status {code}")
            tail = _tail(tmp / "output.log")
            errors.append(f"the process {how} while running {last}" + (f" ({tail})" if tail
                                                                      else ""))
    reason = errors[-1] if (timed_out or not done) and errors else None
    return _assemble(sub.name, results, errors, reason, elapsed)


def _copy_inputs(src: Path, work: Path) -> None:
    try:
        if src.is_dir():
            shutil.copytree(src, work / src.name, symlinks=True)
        else:
            shutil.copy2(src, work / src.name)
    except OSError:
        pass


def _read_lines(fd: int, lines: list) -> None:
    with os.fdopen(fd, "r", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                pass


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _tail(path: Path) -> str:
    try:
        text = path.read_bytes()[-2000:].decode("utf-8", errors="replace")
    except OSError:
        return ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


def _assemble(name, results, errors, reason, elapsed) -> dict:
    maxima = max_points()
    exercises = {}
    for ex, top in maxima.items():
        r = results.get(ex)
        if r is None:
            why = reason or "the exercise was not reached"
            exercises[ex] = {"status": "not graded", "points": 0.0, "max_points": top,
                             "feedback": f"not graded: {why}"}
        else:
            exercises[ex] = {"status": r.get("status", "error"), "points": float(r["points"]),
                             "max_points": top, "feedback": r.get("feedback", "")}
    total = sum(e["points"] for e in exercises.values())
    return {"submission": name, "total": total, "max_total": sum(maxima.values()),
            "exercises": exercises, "errors": errors, "seconds": round(elapsed, 2)}


def _unique_names(subs: list) -> None:
    seen = {}
    for sub in subs:
        base = sub.name
        count = seen.get(base, 0)
        seen[base] = count + 1
        if count:
            sub.name = f"{base}-{count + 1}"


def grade(paths, out, *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
          memory_mb: int = DEFAULT_MEMORY_MB, progress: bool = True) -> list:
    """Grade submissions and write ``grades.csv``, ``grades.json`` and ``feedback/*.md`` in ``out``.

    Parameters
    ----------
    paths : list of str or Path
        Notebook files or folders (a folder is one student).
    out : str or Path
        Output folder (created).
    jobs : int
        Submissions graded at the same time.
    timeout : float
        Seconds allowed per submission.

    Returns
    -------
    list of dict
        One record per submission, in the order given.
    """
    subs = [load(p) for p in paths]
    _unique_names(subs)
    records: list = [None] * len(subs)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(subs), desc="grading", unit="submission", file=sys.stderr)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(run_submission, s, timeout=timeout, memory_mb=memory_mb): i
                   for i, s in enumerate(subs)}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                records[i] = fut.result()
            except Exception as exc:  # noqa: BLE001 - never lose a submission
                records[i] = _assemble(subs[i].name, {}, subs[i].errors + [
                    f"the grader failed on this submission ({type(exc).__name__}: {exc})"],
                    "the grader failed", 0.0)
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    for sub, record in zip(subs, records):
        record["notebooks"] = notebooks_read(sub)
    write_outputs(records, out)
    return records


def notebooks_read(sub: Submission) -> list:
    """The files a submission was graded from, for its feedback.

    Returns
    -------
    list of dict
        ``{"name", "note"}`` per notebook; ``note`` says, for a ``.md``/``.ipynb`` pair, which
        file was read and whether the other one agreed (empty for a notebook submitted alone).
    """
    return [{"name": nb.name, "note": nb.note} for nb in sub.notebooks]


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-]+", "_", name).strip("._") or "submission"


def write_outputs(records: list, out) -> None:
    """Write grades.csv, grades.json and one feedback Markdown file per submission."""
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    names = list(EXERCISES)
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["submission", *names, "total", "max_total", "errors"])
        for r in records:
            writer.writerow([r["submission"], *(_num(r["exercises"][n]["points"]) for n in names),
                             _num(r["total"]), _num(r["max_total"]), " | ".join(r["errors"])])
    public = [{k: r[k] for k in ("submission", "total", "max_total", "exercises", "errors")}
              for r in records]
    (out / "grades.json").write_text(json.dumps(public, indent=2), encoding="utf-8")
    for r in records:
        (out / "feedback" / f"{_safe(r['submission'])}.md").write_text(feedback_markdown(r),
                                                                       encoding="utf-8")


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
