"""Child process of the autograder: run one submission's cells and checks, report as JSON lines.

This is NOT a security sandbox. It runs student code with the grader's permissions; it only
limits time, memory and file size and works in a temporary directory.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import signal
import sys
import time
import traceback


class _CellTimeout(BaseException):
    pass


class _Capped(io.StringIO):
    """A text sink that keeps only the first ``limit`` characters of what is printed."""

    def __init__(self, limit=20000):
        super().__init__()
        self.limit = limit

    def write(self, s):
        if self.tell() < self.limit:
            super().write(s[: self.limit - self.tell()])
        return len(s)


def _limit_resources(memory_mb: int, file_mb: int = 64) -> None:
    for what, value in ((resource.RLIMIT_AS, memory_mb * 2 ** 20),
                        (resource.RLIMIT_FSIZE, file_mb * 2 ** 20),
                        (resource.RLIMIT_CORE, 0)):
        try:
            _soft, hard = resource.getrlimit(what)
            new = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(what, (new, hard))
        except (ValueError, OSError):
            pass


_MAGIC = re.compile(r"^\s*[%!]")


def _clean_source(src: str) -> str:
    """Comment out IPython magics and shell escapes, which plain Python cannot run."""
    return "\n".join("# " + line if _MAGIC.match(line) else line for line in src.splitlines())


def _error_text(exc: BaseException, cell_label: str) -> str:
    if isinstance(exc, SyntaxError):
        return f"{cell_label}: SyntaxError: {exc.msg} (line {exc.lineno})"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<")]
    where = f" (line {frames[-1].lineno})" if frames else ""
    msg = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{cell_label}: {type(exc).__name__}{where}" + (f": {msg}" if msg else "")


class Reporter:
    def __init__(self, fd: int):
        self.stream = os.fdopen(fd, "w", buffering=1)

    def send(self, **event):
        self.stream.write(json.dumps(event) + "\n")
        self.stream.flush()


def _run_cell(src: str, ns: dict, label: str, limit: float):
    def on_alarm(signum, frame):
        raise _CellTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        from gmmlab.exercises.rules import remember_source

        clean = _clean_source(src)
        remember_source(clean, f"<{label}>")
        code = compile(clean, f"<{label}>", "exec")
        exec(code, ns)  # noqa: S102 - runs notebook-like source on purpose
        return None
    except _CellTimeout:
        return f"{label}: did not finish within {limit:g} s (stopped)"
    except MemoryError:
        return f"{label}: MemoryError (the memory limit was reached)"
    except SystemExit:
        return f"{label}: called exit()"
    except BaseException as exc:  # noqa: BLE001 - student errors are reported, not raised
        return _error_text(exc, label)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    spec_path, fd = argv[0], int(argv[1])
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    report = Reporter(fd)
    _limit_resources(spec["memory_mb"])
    os.chdir(spec["workdir"])
    sys.path.insert(0, spec["workdir"])

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy  # noqa: F401 - imported before student code so a memory cap hits them, not us

    from gmmlab.exercises import harness, run_check

    harness.CALL_TIME_LIMIT = spec.get("call_time_limit", 5.0)
    sink = _Capped()
    real_out, real_err = sys.stdout, sys.stderr
    namespaces = []
    for nb_index, nb in enumerate(spec["notebooks"]):
        ns = {"__name__": "__main__", "__builtins__": __builtins__}
        for i, src in enumerate(nb["cells"]):
            label = f"{nb['name']} cell {i + 1}"
            report.send(event="cell", notebook=nb["name"], cell=i + 1)
            sys.stdout = sys.stderr = sink
            start = time.perf_counter()
            err = _run_cell(src, ns, label, spec["cell_time_limit"])
            sys.stdout, sys.stderr = real_out, real_err
            plt.close("all")
            if err:
                report.send(event="cell_error", notebook=nb["name"], cell=i + 1, error=err,
                            seconds=round(time.perf_counter() - start, 3))
        namespaces.append(ns)
        for name, owner in spec["owners"].items():
            if owner == nb_index:
                _grade(report, run_check, name, ns, nb["name"], sink, real_out, real_err)
    for name, owner in spec["owners"].items():
        if owner == "any":
            ns_found = next((n for n in reversed(namespaces) if callable(n.get(name))), None)
            where = next((nb["name"] for nb, n in zip(spec["notebooks"], namespaces)
                          if n is ns_found), "")
            _grade(report, run_check, name, ns_found or {}, where, sink, real_out, real_err)
    report.send(event="done")
    return 0


def _has_hidden() -> bool:
    """The student release ships without the hidden cases: grade on the visible checks only."""
    from gmmlab.exercises import EXERCISES

    return all(ex.hidden_cases is not None for ex in EXERCISES.values())


def _grade(report, run_check, name, ns, nb_name, sink, real_out, real_err):
    report.send(event="check", exercise=name, notebook=nb_name)
    func = ns.get(name)
    if func is None or not callable(func):
        report.send(event="result", exercise=name, status="missing", points=0.0,
                    feedback=f"no function {name} was defined after running the setup and "
                             f"exercise cells of {nb_name or 'the submission'}")
        return
    sys.stdout = sys.stderr = sink
    try:
        result = run_check(name, func, hidden=_has_hidden())
        payload = result.as_dict()
    except BaseException as exc:  # noqa: BLE001 - a check must never stop the batch
        payload = {"status": "error", "points": 0.0,
                   "feedback": f"the check could not run ({type(exc).__name__})"}
    finally:
        sys.stdout, sys.stderr = real_out, real_err
        import matplotlib.pyplot as plt

        plt.close("all")
    report.send(event="result", exercise=name, **payload)


if __name__ == "__main__":
    sys.exit(main())
