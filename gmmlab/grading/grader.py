"""Autograder: grade many submissions into a gradebook that survives anything a submission does.

Each submission's code runs in its own isolated child process (:mod:`.isolation`, :mod:`.child`);
the checks, the expected values and the hidden cases stay in the trusted grading processes
(:mod:`.supervisor`, one per job), which call the student's functions with plain inputs and judge
the plain outputs. The gradebook (:mod:`.gradebook`) is rewritten atomically as each submission
finishes; running the same command again grades only what is missing or changed.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import hashlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from ..exercises import EXERCISES
from . import gradebook, isolation
from .submission import Submission, load

DEFAULT_TIMEOUT = 300.0
DEFAULT_MEMORY_MB = 2048
DEFAULT_DISK_MB = 256
#: Bytes of a submission's own files copied next to its notebooks (data it reads).
MAX_COPY = 200 * 2 ** 20


def max_points() -> dict:
    return {name: ex.max_points for name, ex in EXERCISES.items()}


def _has_hidden() -> bool:
    """The student release ships without the hidden cases: grade on the visible checks only."""
    return all(ex.hidden_cases is not None for ex in EXERCISES.values())


def _copy_files(src: Path, dest: Path) -> None:
    """Copy a submission's regular files (no symbolic links), up to :data:`MAX_COPY` bytes."""
    dest.mkdir(parents=True, exist_ok=True)
    budget = MAX_COPY
    if src.is_file():
        items = [src]
    else:  # never through symbolic links (a link to "." would never end)
        items = sorted(Path(root) / n for root, _dirs, names in os.walk(src, followlinks=False)
                       for n in names)
    for p in items:
        if p.is_symlink() or not p.is_file():
            continue
        rel = p.name if src.is_file() else p.relative_to(src)
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        size = p.stat().st_size
        if size > budget:
            continue
        budget -= size
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(p, dest / rel)
        except OSError:
            pass


def assemble(sub: Submission, results: dict, errors: list, reason, elapsed: float) -> dict:
    """One gradebook row from the per-exercise results (points capped at each maximum)."""
    exercises = {}
    for ex, top in max_points().items():
        r = results.get(ex)
        if r is None:
            why = reason or "the exercise was not reached"
            exercises[ex] = {"status": "not graded", "points": 0.0, "max_points": top,
                             "feedback": f"not graded: {why}"}
        else:
            mistakes = list(r.get("mistakes", []))
            if r["status"] == "incorrect" and not mistakes and r["feedback"]:
                mistakes = [r["feedback"]]  # a verdict the grader gave itself (code rules)
            exercises[ex] = {"status": r["status"], "points": min(float(r["points"]), top),
                             "max_points": top, "feedback": r["feedback"],
                             "mistakes": mistakes, "hidden_case": r.get("hidden_case", "")}
    return {"submission": sub.name, "path": str(sub.path), "total":
            sum(e["points"] for e in exercises.values()), "max_total": sum(max_points().values()),
            "exercises": exercises, "errors": list(sub.errors) + list(errors),
            "seconds": round(elapsed, 2),
            "notebooks": [{"name": nb.name, "note": nb.note} for nb in sub.notebooks]}


def _die_with_parent() -> None:
    """Pool workers end when the grader ends, whatever kills it (Linux)."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _grade_one(sub: Submission, view: str, mode: str, settings: dict) -> dict:
    """Worker: grade one submission in this (trusted) process; never raises."""
    import time

    from .supervisor import grade_submission

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gmmlab-files-") as files:
        try:
            _copy_files(sub.path, Path(files))
            results, errors, reason = grade_submission(sub, Path(view), mode, Path(files),
                                                       **settings)
        except Exception as exc:  # noqa: BLE001 - never lose a submission
            results, errors = {}, [f"the grader failed on this submission ({type(exc).__name__}: "
                                   f"{exc})"[:400]]
            reason = "the grader failed"
    return assemble(sub, results, errors, reason, time.perf_counter() - start)


def fingerprint(sub: Submission) -> str:
    """Hash of what is graded: the cells of every notebook and the grader's own checks."""
    h = hashlib.sha256()
    for nb in sub.notebooks:
        h.update(nb.name.encode() + b"\0" + "\0".join(nb.cells).encode("utf-8", "replace"))
    h.update("\0".join(sub.errors).encode("utf-8", "replace"))
    for name in sorted(EXERCISES):
        h.update(f"{name}:{EXERCISES[name].max_points}".encode())
    return h.hexdigest()[:16]


def row_names(paths: list) -> list:
    """A distinct row name per submission, derived from its path (same-named files differ)."""
    paths = [Path(p).absolute() for p in paths]
    parents = [p.parent for p in paths]
    common = Path(os.path.commonpath([str(p) for p in parents])) if paths else Path(".")
    names, seen = [], {}
    for p in paths:
        rel = p.relative_to(common)
        base = str(rel.with_suffix("") if p.suffix in (".ipynb", ".md") else rel)
        count = seen.get(base, 0)
        seen[base] = count + 1
        names.append(base if not count else f"{base} ({count + 1})")
    return names


def grade(paths, out, *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
          memory_mb: int = DEFAULT_MEMORY_MB, progress: bool = True, regrade=(),
          disk_mb: int = DEFAULT_DISK_MB) -> list:
    """Grade submissions into ``out``: ``grades.csv``, ``grades.json`` and ``feedback/*.md``.

    Parameters
    ----------
    paths : list of str or Path
        Notebook files or folders (a folder is one student).
    out : str or Path
        Output folder (created). Rows already in its gradebook, with the same fingerprint, are
        kept and not graded again.
    jobs : int
        Submissions graded at the same time.
    timeout : float
        Seconds allowed per submission.
    memory_mb : int
        Memory cap of a submission's process (its only process).
    regrade : iterable of str
        Row names to grade again even when already in the gradebook.

    Returns
    -------
    list of dict
        One record per submission, in the order given.
    """
    names = row_names(list(paths))
    subs = []
    for p, name in zip(paths, names):
        sub = load(p)
        sub.name = name
        subs.append(sub)
    previous = gradebook.load(out)
    regrade = set(regrade)
    unknown = regrade - set(names)
    if unknown:
        raise ValueError(f"regrade names no submission of this run: {', '.join(sorted(unknown))}")
    mode = isolation.mode()
    grader_info = {"isolation": mode, "isolation_detail": isolation.MODES[mode],
                   "hidden_cases": _has_hidden()}
    records: list = [None] * len(subs)
    todo = []
    for i, sub in enumerate(subs):
        key = fingerprint(sub)
        old = previous.get(sub.name)
        if old and old.get("fingerprint") == key and sub.name not in regrade:
            records[i] = old
        else:
            todo.append(i)
    print(f"grading {len(todo)} of {len(subs)} submission(s) "
          f"({len(subs) - len(todo)} already in the gradebook); isolation: "
          f"{isolation.MODES[mode]}", file=sys.stderr)
    settings = {"timeout": timeout, "memory_mb": memory_mb, "disk_mb": disk_mb,
                "hidden": _has_hidden()}
    bar = None
    if progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="grading", unit="submission", file=sys.stderr)

    def finished(i: int, record: dict) -> None:
        record["fingerprint"] = fingerprint(subs[i])
        record["feedback_file"] = gradebook.feedback_name(subs[i].name)
        records[i] = record
        gradebook.write([r for r in records if r is not None], out, grader_info, [record])
        if bar is not None:
            bar.update(1)

    with tempfile.TemporaryDirectory(prefix="gmmlab-view-") as view_root:
        from .. import datasets

        try:
            data = datasets.data_dir()
        except (OSError, ValueError):
            data = None
        view = isolation.build_view(Path(view_root), data)
        # The workers' IPython (it turns cells into Python) keeps its profile in here.
        saved = os.environ.get("IPYTHONDIR")
        os.environ["IPYTHONDIR"] = str(Path(view_root) / "ipython")
        try:
            _run_pool(subs, todo, str(view), mode, settings, max(1, jobs), finished)
        finally:
            if saved is None:
                os.environ.pop("IPYTHONDIR", None)
            else:
                os.environ["IPYTHONDIR"] = saved
    if bar is not None:
        bar.close()
    for r in records:
        r.setdefault("feedback_file", gradebook.feedback_name(r["submission"]))
    gradebook.write(records, out, grader_info)
    return records


def _run_pool(subs, todo, view, mode, settings, jobs, finished) -> None:
    """Grade ``todo`` in ``jobs`` worker processes; a worker that dies is replaced."""
    left, attempts = list(todo), {}
    context = multiprocessing.get_context("spawn")
    while left:
        with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                    initializer=_die_with_parent) as pool:
            futures = {pool.submit(_grade_one, subs[i], view, mode, settings): i for i in left}
            broken = []
            for fut in cf.as_completed(futures):
                i = futures[fut]
                try:
                    record = fut.result()
                except cf.process.BrokenProcessPool:
                    broken.append(i)
                    continue
                except Exception as exc:  # noqa: BLE001 - never lose a submission
                    why = f"the grader failed on this submission ({type(exc).__name__})"
                    record = assemble(subs[i], {}, [why], "the grader failed", 0.0)
                left.remove(i)
                finished(i, record)
        for i in broken:
            attempts[i] = attempts.get(i, 0) + 1
            if attempts[i] >= 2:
                left.remove(i)
                why = "the grading process of this submission died twice"
                finished(i, assemble(subs[i], {}, [why], "the grading process died", 0.0))
