"""Start JupyterLab on the course folder with the course's settings.

The settings are in ``jupyter-config/labconfig/default_setting_overrides.json`` and are read
through ``JUPYTER_CONFIG_PATH`` for this JupyterLab only (the user's own Jupyter configuration is
neither changed nor hidden):

- a jupytext ``.md`` notebook opens as a notebook on double-click;
- the state of widgets (the EM stepper of notebook 05) is saved with the notebook, so that a
  notebook reopened without its kernel still shows their last picture.

JupyterLab serves the whole course folder and opens ``notebooks/00_orientation.md``, so that the
links from the notebooks to the theory pages (``../book/theory/*.md``) resolve. As root (a
container) it passes ``--allow-root``.

Usage::

    python tools/lab.py [JUPYTERLAB OPTION...]
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1]
#: The course's Jupyter configuration folder (holds ``labconfig/``).
CONFIG = COURSE / "jupyter-config"
#: The notebook JupyterLab opens first, relative to the course folder.
FIRST = "notebooks/00_orientation.md"


def is_root() -> bool:
    """True when running as the superuser (never on Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def lab_env(environ=None, course: Path = COURSE) -> dict:
    """The environment of the course's JupyterLab: ``environ`` with the course configuration
    first in ``JUPYTER_CONFIG_PATH``."""
    env = dict(os.environ if environ is None else environ)
    config = str(course / "jupyter-config")
    rest = [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p and p != config]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([config] + rest)
    return env


def lab_command(course: Path = COURSE, *, root: bool | None = None, extra=()) -> list:
    """The command line that starts JupyterLab on ``course`` with ``FIRST`` open.

    Parameters
    ----------
    course : pathlib.Path
        The course folder (holds ``notebooks/`` and ``jupyter-config/``).
    root : bool, optional
        Whether to add ``--allow-root``; by default, when running as root.
    extra : sequence of str
        More JupyterLab options, appended.
    """
    root = is_root() if root is None else root
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={course}",
               f"--LabApp.default_url=/lab/tree/{FIRST}"]
    return command + (["--allow-root"] if root else []) + list(extra)


def main(argv=None) -> int:
    extra = sys.argv[1:] if argv is None else argv
    try:
        return subprocess.call(lab_command(extra=extra), env=lab_env(), cwd=COURSE)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
