"""The process one submission runs in: it runs the cells, then calls functions when asked.

It holds no checks, no expected values and no hidden cases. The grader (the trusted side) sends
the cells, already turned into Python (:mod:`.cells`), then sends calls ``name(*args)`` with
plain inputs and receives plain outputs (:mod:`.wire`); it judges them and awards the points.
Whatever this process sends is data to be checked, never a verdict.

Started by :mod:`.isolation` with the protocol on file descriptors 3 (requests in) and 4 (replies
out); it limits its own memory and file sizes, then installs the system-call filter
(:mod:`.syscalls`) before the first line of student code runs.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import resource
import shutil
import signal
import sys
import time
import traceback
import warnings

REQUESTS, REPLIES = 3, 4


class _TimeUp(BaseException):
    pass


class _Sink(io.StringIO):
    """Swallows what student code prints, keeping nothing."""

    def write(self, s):
        return len(s)


def _limit(memory_mb: int, file_mb: int) -> None:
    for what, value in ((resource.RLIMIT_AS, memory_mb * 2 ** 20),
                        (resource.RLIMIT_FSIZE, file_mb * 2 ** 20),
                        (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NOFILE, 256)):
        try:
            _soft, hard = resource.getrlimit(what)
            new = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(what, (new, new))
        except (ValueError, OSError):
            pass


@contextlib.contextmanager
def _deadline(seconds: float):
    def on_alarm(signum, frame):
        raise _TimeUp()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(0.01, seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _student_frames(tb):
    return [f for f in traceback.extract_tb(tb) if f.filename.startswith("<")]


def _failure(exc: BaseException) -> dict:
    """What the grader may know of an exception: its type names, message and where it arose."""
    frames = traceback.extract_tb(exc.__traceback__)
    student = _student_frames(exc.__traceback__)
    bases = [c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins"]
    text = ""
    with contextlib.suppress(BaseException):
        text = str(exc)[:500]
    return {"type": type(exc).__name__[:80], "bases": bases[:12], "message": text,
            "where": student[-1].name if student else "",
            "line": student[-1].lineno if student else None,
            "raiser": frames[-1].name if frames else "", "depth": len(frames)}


def _run_cell(code: str, label: str, ns: dict, limit: float):
    """Run one cell; None, or the error sentence the feedback shows."""
    try:
        compiled = compile(code, f"<{label}>", "exec")
        with _deadline(limit):
            exec(compiled, ns)  # noqa: S102 - runs the student's cell on purpose
        return None
    except _TimeUp:
        return f"{label}: did not finish within {limit:g} s (stopped)"
    except MemoryError:
        return f"{label}: MemoryError (the memory limit was reached)"
    except SystemExit:
        return f"{label}: called exit()"
    except SyntaxError as exc:
        return f"{label}: SyntaxError: {exc.msg} (line {exc.lineno})"
    except BaseException as exc:  # noqa: BLE001 - student errors are reported, not raised
        info = _failure(exc)
        where = f" (line {info['line']})" if info["line"] else ""
        msg = info["message"].strip().splitlines()[0][:200] if info["message"].strip() else ""
        return f"{label}: {info['type']}{where}" + (f": {msg}" if msg else "")


def _call(ns: dict, name: str, args: list, kwargs: dict, limit: float) -> dict:
    """Call ``ns[name]`` under a time limit and the NumPy-only guard; the reply to send."""
    import numpy as np

    from gmmlab.exercises.numpy_only import RuntimeGuard

    func = ns.get(name)
    copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    guard = RuntimeGuard()
    reply: dict = {}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), _deadline(limit), guard:
            warnings.simplefilter("ignore")
            out = func(*args, **kwargs)
        reply = {"status": "ok", "value": out}
    except _TimeUp:
        reply = {"status": "timeout"}
    except RecursionError:
        reply = {"status": "recursion"}
    except MemoryError:
        reply = {"status": "memory"}
    except BaseException as exc:  # noqa: BLE001 - every failure is described, not raised
        reply = {"status": "raised", "failure": _failure(exc)}
    reply["violation"] = guard.violation
    reply["modified"] = any(isinstance(a, np.ndarray) and not (
        a.shape == c.shape and np.array_equal(a, c, equal_nan=True)) for a, c in zip(args, copies))
    return reply


def _get_ipython():
    """What ``get_ipython()`` gives a cell under grading: a shell that does nothing."""
    class Shell:
        def __getattr__(self, name):
            return lambda *a, **k: None

    return Shell()


def main() -> int:
    from gmmlab.grading import syscalls, wire

    spec = wire.unpack(wire.read_frame(REQUESTS))["values"]
    _limit(int(spec["memory_mb"]), int(spec["file_mb"]))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np  # noqa: F401 - loaded before student code, inside the memory cap

    import gmmlab.exercises.numpy_only  # noqa: F401 - the guard, loaded before student code

    def send(message, values=None):
        try:
            frame = wire.pack(message, values)
        except (wire.WireError, TypeError, ValueError) as exc:
            frame = wire.pack({"kind": "reply", "id": message.get("id"), "status": "unsendable",
                               "reason": str(exc)[:200]})
        wire.write_frame(REPLIES, frame)

    source = os.environ.get("GMMLAB_COPY_FROM")
    if source:
        with contextlib.suppress(OSError):
            shutil.copytree(source, ".", dirs_exist_ok=True, symlinks=True)
    filtered = syscalls.install(os.getpid())
    send({"kind": "started", "filtered": filtered})
    sys.stdin = io.StringIO()
    spaces = []
    for nb_index, nb in enumerate(spec["notebooks"]):
        ns = {"__name__": "__main__", "__builtins__": builtins, "get_ipython": _get_ipython}
        for i, (code, label) in enumerate(zip(nb["cells"], nb["labels"])):
            send({"kind": "cell", "notebook": nb_index, "cell": i + 1})
            start = time.perf_counter()
            with contextlib.redirect_stdout(_Sink()), contextlib.redirect_stderr(_Sink()):
                err = _run_cell(code, label, ns, float(spec["cell_time_limit"]))
            plt.close("all")
            if err:
                send({"kind": "cell_error", "notebook": nb_index, "error": err,
                      "seconds": round(time.perf_counter() - start, 3)})
        spaces.append(ns)
        defined = [n for n in nb["exercises"] if callable(ns.get(n))]
        send({"kind": "defined", "notebook": nb_index, "names": defined})
    send({"kind": "ready"})
    while True:
        frame = wire.read_frame(REQUESTS)
        if frame is None:
            return 0
        request = wire.unpack(frame)
        if request.get("kind") != "call":
            return 0
        values = request["values"]
        with contextlib.redirect_stdout(_Sink()), contextlib.redirect_stderr(_Sink()):
            reply = _call(spaces[request["notebook"]], request["name"], values["args"],
                          values["kwargs"], float(request["limit"]))
        plt.close("all")
        value = reply.pop("value", None)
        send(dict(reply, kind="reply", id=request["id"]),
             {"value": value} if reply["status"] == "ok" else None)


if __name__ == "__main__":
    sys.exit(main())
