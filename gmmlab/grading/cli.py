"""Command line of the course kit: ``gmmlab grade SUBMISSION... --out DIR``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

GRADE_HELP = """\
Grade filled starter notebooks (.ipynb or jupytext .md). A SUBMISSION is one notebook file or a
folder of notebooks (a folder is one student). Only cells tagged 'setup' and 'exercise' run;
every exercise is checked with the visible checks plus hidden cases.

Writes OUT/grades.csv, OUT/grades.json and OUT/feedback/*.md, rewritten after every submission.
Running the same command again grades only what is missing or changed (--regrade NAME forces one).

Each submission runs in its own isolated process: a bubblewrap sandbox (own PID and network
namespaces, read-only system, no access to other submissions or to OUT) when `bwrap` works here,
otherwise a plain process; both are limited to one process, no network and no signals to other
processes. The checks and the points stay in the grader. The mode used is printed and recorded
in grades.json; see the README for what each mode does not cover.
"""


REPORT_HELP = """\
Write GRADES_DIR/REPORT.html (one self-contained file: figures embedded, nothing fetched) and
GRADES_DIR/REPORT.md (figures in GRADES_DIR/report-figures/) from GRADES_DIR/grades.json: per
exercise the points histogram, the named mistakes by frequency, the hidden cases that fail most
and the submissions that crashed or timed out; for the class the totals and the grading time.
No student code runs and no points change.

--roster CSV (columns student_id, name, email, pattern) maps submissions to students; every
unmatched submission, duplicate match and student without a submission is listed. --policy TOML
applies a deadline, extensions and a capped penalty per hour or day: penalties are recomputed
from the raw points every time and written to grades.csv, the feedback and the exports (never to
grades.json). Hand-in times come from --manifest CSV (columns submission, submitted_at), else
from the files' modification time; the report says which. --export canvas|moodle|gradescope|long
(repeatable) writes GRADES_DIR/export-<format>.csv. Pairs of submissions whose solutions are
alike after normalisation (--similarity SCORE, default 0.9) are shown side by side in the report;
no grade changes.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gmmlab", description="Course tools for gmmlab.")
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser("grade", help="grade student submissions (runs student code)",
                           description=GRADE_HELP,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    grade.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                       help="notebook file or folder of notebooks")
    grade.add_argument("--out", required=True, metavar="DIR", help="output folder")
    grade.add_argument("--jobs", type=_positive_int, default=1, metavar="N",
                       help="submissions graded in parallel (default: 1)")
    grade.add_argument("--timeout", type=_positive_float, default=300.0, metavar="SECONDS",
                       help="time allowed per submission (default: 300)")
    grade.add_argument("--memory", type=_positive_int, default=2048, metavar="MB",
                       help="memory cap per submission in MB (default: 2048)")
    grade.add_argument("--regrade", action="append", default=[], metavar="NAME",
                       help="grade this row again even if it is in the gradebook (repeatable)")
    grade.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    report = sub.add_parser("report", help="class report of a gradebook (runs no student code)",
                            description=REPORT_HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("grades_dir", metavar="GRADES_DIR",
                        help="folder written by `gmmlab grade --out`")
    report.add_argument("--roster", metavar="CSV", help="student_id, name, email, pattern")
    report.add_argument("--policy", metavar="TOML", help="deadline, extensions and penalty")
    report.add_argument("--manifest", metavar="CSV", help="submission, submitted_at")
    report.add_argument("--export", action="append", default=[], metavar="FORMAT",
                        choices=["canvas", "moodle", "gradescope", "long"],
                        help="canvas, moodle, gradescope or long (repeatable)")
    report.add_argument("--assignment", default="gmmlab", metavar="NAME",
                        help="assignment name in the exports (default: gmmlab)")
    report.add_argument("--similarity", type=_unit_float, default=0.9, metavar="SCORE",
                        help="show pairs of solutions at least this similar (0-1, default 0.9)")
    report.add_argument("--no-similarity", action="store_true",
                        help="do not compare submissions")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _unit_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def main(argv=None) -> int:
    """Entry point of the ``gmmlab`` command. Returns 0 when grading ran."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "grade":
        missing = [s for s in args.submissions if not Path(s).exists()]
        if missing:
            parser.error(f"SUBMISSION not found: {', '.join(missing)}")
        from .grader import grade

        try:
            records = grade(args.submissions, args.out, jobs=args.jobs, timeout=args.timeout,
                            memory_mb=args.memory, progress=not args.no_progress,
                            regrade=args.regrade)
        except ValueError as exc:
            parser.error(str(exc))
        total = sum(r["total"] for r in records)
        print(f"graded {len(records)} submission(s); mean total "
              f"{total / max(1, len(records)):.2f} / {records[0]['max_total'] if records else 0:g}"
              f"; wrote {Path(args.out) / 'grades.csv'}", file=sys.stderr)
    elif args.command == "report":
        return _report(parser, args)
    return 0


def _report(parser, args) -> int:
    from .instructor import run

    try:
        done = run(args.grades_dir, roster_csv=args.roster, policy_file=args.policy,
                   manifest_csv=args.manifest, formats=args.export, assignment=args.assignment,
                   similarity_threshold=None if args.no_similarity else args.similarity)
    except (FileNotFoundError, ValueError) as exc:
        parser.error(str(exc))
    for problem in done["problems"]:
        print(f"note: {problem}", file=sys.stderr)
    print("wrote " + ", ".join(str(p) for p in done["files"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
