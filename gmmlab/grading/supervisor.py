"""The trusted side of grading one submission: start its process, ask for calls, judge them.

The submission's code runs only in its child process (:mod:`.child`, isolated by
:mod:`.isolation`). This process keeps the checks, the expected values and the hidden cases; it
calls the student's functions through :class:`RemoteFunction` stand-ins, so every verdict and
every point is computed here from plain data the child sent (:mod:`.wire`). A child that dies,
stops answering, sends too much or breaks the protocol is killed; the exercise being checked
gets no points for it, and a fresh child is started for the exercises left (at most
:data:`RESTARTS` times).
"""

from __future__ import annotations

import builtins
import math
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ..course import chapter_of
from ..exercises import EXERCISES, run_check
from ..exercises.remote import CallTimeout, RemoteCall
from ..exercises.verdict import NOT_ATTEMPTED
from . import cells as cellcode
from . import isolation, static_code, untouched, wire
from .submission import Submission, owners

#: Seconds one call of a student's function may take; the child is killed 3 s after that.
CALL_TIME_LIMIT = 5.0
_GRACE = 3.0
RESTARTS = 2
_TAIL = 4000


class ChildLost(BaseException):
    """The submission's process died, hung or broke the protocol (the reason is the message)."""


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except (ValueError, AttributeError):
        return f"signal {-code}"


class Child:
    """One running child process of a submission, seen from the grader."""

    def __init__(self, spec: dict, files: Path, view: Path, mode: str, disk_mb: int):
        self.tail = b""
        self.sandboxed = mode == "bubblewrap"
        req_r, self._req_w = os.pipe()
        self._rep_r, rep_w = os.pipe()
        self._scratch = tempfile.TemporaryDirectory(prefix="gmmlab-scratch-")
        how = isolation.launch(mode, view, files, Path(self._scratch.name), (req_r, rep_w),
                               disk_mb)
        out_r, out_w = os.pipe()
        try:
            self.proc = subprocess.Popen(how.argv, env=how.env, cwd=how.cwd,
                                         stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                                         pass_fds=how.pass_fds, start_new_session=True)
        finally:
            for fd in (req_r, rep_w, out_w):
                os.close(fd)
        threading.Thread(target=self._drain, args=(out_r,), daemon=True).start()
        self.send({"kind": "spec"}, spec)

    def _drain(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as fh:
            while chunk := fh.read(65536):
                self.tail = (self.tail + chunk)[-_TAIL:]

    def send(self, message: dict, values: dict | None = None) -> None:
        try:
            wire.write_frame(self._req_w, wire.pack(message, values))
        except (OSError, wire.WireError) as exc:
            raise ChildLost(self.why(f"could not be sent its inputs ({type(exc).__name__})"))

    def receive(self, deadline: float) -> dict:
        """The next message, or ChildLost (end of file, late, too big or malformed)."""
        try:
            frame = wire.read_frame(self._rep_r, deadline)
        except TimeoutError:
            raise ChildLost(self.why("stopped answering")) from None
        except (wire.WireError, OSError) as exc:
            raise ChildLost(self.why(f"sent a malformed message ({exc})")) from None
        if frame is None:
            raise ChildLost(self.why("ended"))
        try:
            message = wire.unpack(frame)
        except wire.WireError as exc:
            raise ChildLost(self.why(f"sent a malformed message ({exc})")) from None
        if not isinstance(message.get("kind"), str):
            raise ChildLost(self.why("sent a malformed message"))
        return message

    def why(self, what: str) -> str:
        if what == "ended":
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        code = self.proc.returncode
        if self.sandboxed and code is not None and 128 < code < 160:
            code = 128 - code  # bubblewrap reports a signal as 128 + its number
        if code is not None and code < 0 and code != -signal.SIGKILL:
            what = f"was killed by {_signal_name(code)}"
        elif code not in (None, 0, -signal.SIGKILL) and what == "ended":
            what = f"exited with status {code}"
        text = self.tail.decode("utf-8", errors="replace").strip().splitlines()
        last = text[-1][:200] if text else ""
        return f"the process {what}" + (f" ({last})" if last and "Error" in last else "")

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, OSError):
                self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        self.kill()
        for fd in (self._req_w, self._rep_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self._scratch.cleanup()


def _rebuilt(failure: dict) -> BaseException:
    """An exception of the student's (built-in) type, carrying where it arose."""
    name = str(failure.get("type", "Exception"))[:80]
    base = Exception
    for candidate in failure.get("bases", []):
        cls = getattr(builtins, str(candidate), None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            base = cls
            break
    message = str(failure.get("message", ""))[:500]
    try:
        exc = (base if base.__name__ == name else type(name if name.isidentifier() else "Error",
                                                        (base,), {}))(message)
    except Exception:  # noqa: BLE001 - a type whose constructor wants more than a message
        exc = type(name if name.isidentifier() else "Error", (Exception,), {})(message)
    depth = failure.get("depth", 0)
    exc.remote_trace = {"where": str(failure.get("where", ""))[:80],
                        "raiser": str(failure.get("raiser", ""))[:80],
                        "depth": depth if isinstance(depth, int) else 0}
    return exc


class RemoteFunction(RemoteCall):
    """The student's function ``name`` in notebook ``notebook`` of a running child."""

    def __init__(self, run, notebook: int, name: str, static_function=None):
        self.run, self.notebook, self.__name__ = run, notebook, name
        self.static_function = static_function

    def __call__(self, *args, **kwargs):
        self.last_violation, self.last_modified = None, False
        reply = self.run.call(self.notebook, self.__name__, args, kwargs)
        self.last_violation = reply.get("violation") if isinstance(
            reply.get("violation"), str) else None
        self.last_modified = reply.get("modified") is True
        status = reply.get("status")
        if status == "ok":
            return reply.get("values", {}).get("value")
        if status == "timeout":
            raise CallTimeout()
        if status == "recursion":
            raise RecursionError()
        if status == "memory":
            raise MemoryError()
        if status == "raised" and isinstance(reply.get("failure"), dict):
            raise _rebuilt(reply["failure"])
        raise ValueError("returns a value the grader cannot read (too large, or not numbers)")


class Run:
    """Grading one submission: its children, its time budget, what happened so far."""

    def __init__(self, sub: Submission, view: Path, mode: str, files: Path, *, timeout: float,
                 memory_mb: int, disk_mb: int):
        self.sub, self.view, self.mode, self.files = sub, view, mode, files
        #: Seconds of the submission's own time left: only waiting for its process counts,
        #: never the time the checks take here.
        self.budget = timeout
        self.timeout, self.memory_mb, self.disk_mb = timeout, memory_mb, disk_mb
        self.errors, self.skipped, self.child, self.restarts = [], [], None, 0
        self.defined: dict = {}
        self.owners = owners(sub.notebooks)
        #: Notebooks that are their starter, unchanged: not run (see :mod:`.untouched`).
        self.untouched = untouched.untouched(sub.notebooks)
        self.codes = []
        for nb in sub.notebooks:
            labels = [f"{nb.name} cell {i + 1}" for i in range(len(nb.cells))]
            codes, skipped = cellcode.to_python(nb.cells, labels)
            self.codes.append((codes, labels))
            self.skipped += skipped
        self._call_id = 0

    def _spec(self) -> dict:
        wanted = {}
        for name, owner in self.owners.items():
            for i in range(len(self.sub.notebooks)):
                if owner == i or owner == "any":
                    wanted.setdefault(i, []).append(name)
        return {"memory_mb": self.memory_mb, "file_mb": min(64, self.disk_mb),
                "cell_time_limit": max(5.0, self.timeout / 3),
                "notebooks": [{"name": nb.name, "cells": [] if i in self.untouched else codes,
                               "labels": [] if i in self.untouched else labels,
                               "exercises": [] if i in self.untouched else wanted.get(i, [])}
                              for i, (nb, (codes, labels)) in enumerate(zip(self.sub.notebooks,
                                                                             self.codes))]}

    def start(self, first: bool) -> None:
        """Start a child and run the cells; cell errors are recorded on the first start only."""
        self.child = Child(self._spec(), self.files, self.view, self.mode, self.disk_mb)
        last = "starting"
        while True:
            try:
                message = self._receive(self.budget)
            except ChildLost as exc:
                if self.budget <= 0:
                    raise ChildLost(f"timed out after {self.timeout:g} s while running {last}; "
                                    "the process was stopped") from None
                raise ChildLost(f"{exc} while running {last}") from None
            try:
                last = self._event(message, first) or last
            except (KeyError, ValueError, TypeError, IndexError):
                raise ChildLost(self.child.why("broke the grading protocol")) from None
            if message["kind"] == "ready":
                return

    def _event(self, message: dict, first: bool) -> str | None:
        """Take in one message of the cell phase; the cell now running, if it says."""
        kind = message["kind"]
        if kind == "cell":
            nb = self.sub.notebooks[int(message["notebook"])]
            return f"{nb.name} cell {int(message['cell'])}"
        if kind == "cell_error" and first and len(self.errors) < 50:
            self.errors.append(str(message.get("error", ""))[:400])
        elif kind == "defined" and isinstance(message.get("names"), list):
            index = int(message["notebook"])
            if not 0 <= index < len(self.sub.notebooks):
                raise ValueError(index)
            self.defined[index] = {str(n)[:80] for n in message["names"][:100]}
        return None

    def call(self, notebook: int, name: str, args, kwargs) -> dict:
        if self.child is None:
            raise ChildLost("the process is not running")
        left = self.budget
        if left <= 0:
            raise ChildLost(f"timed out after {self.timeout:g} s")
        limit = min(CALL_TIME_LIMIT, left)
        self._call_id += 1
        try:
            self.child.send({"kind": "call", "id": self._call_id, "notebook": notebook,
                             "name": name, "limit": limit},
                            {"args": tuple(args), "kwargs": dict(kwargs)})
        except wire.WireError as exc:
            raise ValueError(str(exc)) from None
        reply = self._receive(min(left, limit + _GRACE))
        if reply.get("kind") != "reply" or reply.get("id") != self._call_id:
            raise ChildLost(self.child.why("broke the grading protocol"))
        return reply

    def _receive(self, seconds: float) -> dict:
        """The child's next message within ``seconds``; the wait is charged to the budget."""
        start = time.monotonic()
        try:
            return self.child.receive(start + max(0.0, seconds))
        finally:
            self.budget -= time.monotonic() - start

    def stop(self) -> None:
        if self.child is not None:
            self.child.close()
            self.child = None


def _static(run: Run, notebook: int, name: str):
    codes, labels = run.codes[notebook]
    token = f"{id(run):x}"
    found = static_code.functions(codes, [f"<{label} {token}>" for label in labels], [name])
    return found.get(name)


def grade_submission(sub: Submission, view: Path, mode: str, files: Path, *, timeout: float,
                     memory_mb: int, disk_mb: int, hidden: bool) -> tuple:
    """Grade every exercise of one submission.

    Returns
    -------
    results : dict
        ``{exercise: {"status", "points", "feedback"}}`` for the exercises that were reached.
    errors : list of str
        Cell errors and process problems, for the feedback.
    reason : str or None
        Why the exercises left out of ``results`` were not graded.
    """
    run = Run(sub, view, mode, files, timeout=timeout, memory_mb=memory_mb, disk_mb=disk_mb)
    results, reason = {}, None
    for name, owner in run.owners.items():
        if owner is None:
            results[name] = {"status": "missing", "points": 0.0,
                             "feedback": f"not submitted: no notebook of chapter "
                                         f"{chapter_of(name).number} in this submission"}
        elif owner in run.untouched:
            results[name] = {"status": NOT_ATTEMPTED, "points": 0.0,
                             "feedback": untouched.FEEDBACK}
    pending = [n for n, o in run.owners.items() if n not in results]
    try:
        if pending:
            run.start(first=True)
        while pending:
            name = pending.pop(0)
            owner = run.owners[name]
            places = [owner] if owner != "any" else sorted(run.defined, reverse=True)
            where = next((i for i in places if name in run.defined.get(i, ())), None)
            if where is None:
                nb = sub.notebooks[owner].name if owner != "any" else "the submission"
                results[name] = {"status": "missing", "points": 0.0,
                                 "feedback": f"no function {name} was defined after running "
                                             f"the setup and exercise cells of {nb}"}
                continue
            hidden_code = static_code.unverifiable(*run.codes[where])
            if hidden_code:
                results[name] = {"status": "incorrect", "points": 0.0, "feedback": (
                    f"{hidden_code}: code that runs strings or changes the tracer or the imports "
                    "cannot be checked against the course rules (NumPy only, no loop over the "
                    "samples), so this exercise gets no points")}
                continue
            func = RemoteFunction(run, where, name, _static(run, where, name))
            try:
                result = run_check(name, func, hidden=hidden).as_dict()
            except ChildLost as exc:
                run.stop()
                results[name] = {"status": "error", "points": 0.0,
                                 "feedback": f"{exc} while checking {name}"}
                run.errors.append(f"{exc} while checking {name}")
                if run.restarts >= RESTARTS or run.budget <= 0:
                    reason = f"{exc} while checking {name}"
                    break
                run.restarts += 1
                run.start(first=False)
                continue
            results[name] = _capped(name, result)
    except ChildLost as exc:
        reason = str(exc)
        run.errors.append(reason)
    finally:
        run.stop()
    return results, run.errors + run.skipped, reason


def _capped(name: str, result: dict) -> dict:
    top = EXERCISES[name].max_points
    points = float(result.get("points", 0.0))
    points = min(max(points, 0.0), top) if math.isfinite(points) else 0.0
    return {"status": str(result.get("status", "error")), "points": points,
            "feedback": str(result.get("feedback", "")),
            "mistakes": [str(m)[:400] for m in result.get("mistakes", [])][:20],
            "hidden_case": str(result.get("hidden_case", ""))[:200]}
