"""The instructor's side: read submissions, run them in a child process, write the gradebook.

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
``cli``            the ``gmmlab grade`` command
=================  =======================================================================
"""
