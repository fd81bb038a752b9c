"""The instructor's side: read submissions, run them in a child process, write the gradebook,
then report on the class and export the grades.

=================  =======================================================================
``submission``     reads a submission (a notebook or a folder) into the cells that run
``cells``          cell source into the Python a kernel runs (IPython's transformer)
``static_code``    the student's functions compiled, never run, for the code rules
``isolation``      bubblewrap sandbox or plain process, and the package the child sees
``syscalls``       the seccomp filter: one process, no signals to others, no network
``wire``           the plain data that crosses between grader and child, checked
``child``          the submission's process: runs the cells, calls functions on request
``supervisor``     the trusted side of one submission: calls, verdicts, points
``grader``         the batch: worker processes, row names, resume
``gradebook``      grades.csv, grades.json and feedback files, written atomically
``roster``         the roster CSV and which student handed in which submission
``policy``         the late-work policy: deadline, extensions, capped penalty per hour or day
``handin_time``    hand-in times from a manifest CSV, else the files' modification time
``classbook``      gradebook rows joined to the roster, penalties recomputed from raw points
``exports``        Canvas, Moodle, Gradescope-style and long CSV files
``similarity``     similar submissions: normalised ASTs compared per exercise
``report``         the class report (REPORT.html and REPORT.md), a package
``instructor``     ``gmmlab report``: report, roster, penalties and exports together
``cli``            the ``gmmlab grade`` and ``gmmlab report`` commands
=================  =======================================================================
"""
