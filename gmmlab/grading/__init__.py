"""The instructor's side: read submissions, run them in a child process, write the gradebook.

=================  =======================================================================
``submission``     reads a submission (a notebook or a folder) into the cells that run
``sandbox``        the child process: runs the cells, then the checks, reports as JSON lines
``grader``         one child per submission, limits, the CSV, JSON and feedback files
``cli``            the ``gmmlab grade`` command
=================  =======================================================================
"""
