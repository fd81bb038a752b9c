"""Course speed: solution notebook run times, in-notebook check latency, and batch grading time."""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def time_notebooks(limit_s: float = 20.0) -> list:
    """Execute every solution notebook in a fresh kernel; return (name, seconds) pairs."""
    from gmmlab.course import CHAPTERS
    from gmmlab.notebook import read
    from gmmlab.notebook.execute import execute

    rows = []
    for path in (ROOT / "solutions" / f"{ch.stem}.md" for ch in CHAPTERS):
        nb = read(path)
        start = time.perf_counter()
        execute(nb, path.parent, timeout=600)
        seconds = time.perf_counter() - start
        flag = "" if seconds <= limit_s else f"  over the {limit_s:g} s budget"
        print(f"  {path.name:<36} {seconds:6.2f} s{flag}", flush=True)
        rows.append((path.name, seconds))
    return rows


def time_checks(repeats: int = 5) -> dict:
    """Median seconds of check(name, the written solution) for every exercise."""
    import contextlib
    import io

    from gmmlab.exercises import EXERCISES, check
    from gmmlab.exercises.variants import solution_namespace

    result = {}
    for name in EXERCISES:
        func = solution_namespace(name)[name]
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            check(name, func)
        first = time.perf_counter() - start
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                check(name, func)
            times.append(time.perf_counter() - start)
        result[name] = statistics.median(times)
        print(f"  {'check(' + repr(name) + ')':<26} first {first * 1000:7.1f} ms, "
              f"median {result[name] * 1000:7.1f} ms", flush=True)
    return result


def time_grading(n: int, jobs: int) -> float:
    """Seconds to grade n copies of the solution folder with the given number of jobs."""
    from gmmlab.grading.grader import grade

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subs = []
        for i in range(n):
            folder = tmp / "subs" / f"student{i:03d}"
            folder.mkdir(parents=True)
            for f in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.md")):
                shutil.copy(f, folder / f.name)
            subs.append(folder)
        start = time.perf_counter()
        records = grade(subs, tmp / "out", jobs=jobs, progress=True)
        seconds = time.perf_counter() - start
        from gmmlab.grading.instructor import run

        start = time.perf_counter()
        run(tmp / "out")
        report = time.perf_counter() - start
    full = sum(r["total"] == r["max_total"] for r in records)
    print(f"  graded {n} submissions with --jobs {jobs} in {seconds:.1f} s "
          f"({seconds / n:.2f} s per submission; {full}/{n} with full marks); class report "
          f"with similar pairs in {report:.1f} s", flush=True)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-notebooks", action="store_true")
    parser.add_argument("--skip-grading", action="store_true")
    args = parser.parse_args(argv)
    if not args.skip_notebooks:
        print("Solution notebooks (full execution):")
        rows = time_notebooks()
        print(f"  total {sum(s for _, s in rows):.1f} s (budget 120 s)")
    print("In-notebook checks (median of 5, budget 0.5 s each):")
    time_checks()
    if not args.skip_grading:
        print("Autograder:")
        time_grading(args.submissions, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
