"""Where a submission runs: a bubblewrap sandbox when the system has one, else a bare process.

Both modes start the same child (:mod:`.child`) with a private copy of the course package that
holds no checks (:func:`build_view`), a clean environment, and a system-call filter (one
process, no signals to others, no network: :mod:`.syscalls`). The ``bubblewrap`` mode adds
Linux namespaces through Debian's ``bwrap``: its own PID namespace (the grader and the other
submissions are invisible), no network, a read-only view of the system and the Python
installation only (no home folders, no other submissions, no gradebook), and private,
size-limited ``/tmp`` and working folder. The ``process`` mode is the fallback when ``bwrap`` is
missing or cannot create namespaces; the grader then says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: What the submission's process may import from gmmlab (no checks, no grader, no notebooks).
_VIEW_SKIP = {"exercises", "notebook", "grading", "__pycache__"}
_CHILD_MODULES = ("child.py", "wire.py", "syscalls.py")
_EXERCISES_STUB = '''"""Under grading, the checks run in the grader, not here: check() and hint() do nothing."""


def check(name, func, *args, **kwargs):
    return None


def hint(name, *args, **kwargs):
    return None
'''
_BOOT = ("import sys; sys.path[:0] = sys.argv[1].split(':'); "
         "import gmmlab.grading.child as c; c.REQUESTS, c.REPLIES = int(sys.argv[2]), "
         "int(sys.argv[3]); sys.exit(c.main())")
MODES = {
    "bubblewrap": "bubblewrap sandbox: own PID and network namespaces, read-only system, private "
                  "/tmp and working folder, one process per submission (seccomp)",
    "process": "plain process (bubblewrap unavailable): time and memory limits, one process per "
               "submission and no network (seccomp), but the submission can read files its "
               "user can read",
}


def build_view(root: Path, data_dir: Path | None) -> Path:
    """Write the package the submission imports as ``gmmlab`` under ``root``; returns ``root``."""
    target = root / "gmmlab"
    shutil.copytree(PACKAGE, target, ignore=lambda d, names: [
        n for n in names if (Path(d) == PACKAGE and n in _VIEW_SKIP) or n == "__pycache__"
        or n.endswith(".pyc")])
    (target / "exercises").mkdir()
    (target / "exercises" / "__init__.py").write_text(_EXERCISES_STUB, encoding="utf-8")
    shutil.copy2(PACKAGE / "exercises" / "numpy_only.py", target / "exercises" / "numpy_only.py")
    (target / "grading").mkdir()
    (target / "grading" / "__init__.py").write_text('"""The submission\'s side of grading."""\n')
    for name in _CHILD_MODULES:
        shutil.copy2(PACKAGE / "grading" / name, target / "grading" / name)
    if data_dir is not None and data_dir.is_dir():
        shutil.copytree(data_dir, root / "starter_data")
    return root


def _interpreter() -> str:
    return os.path.realpath(sys.executable)


def _site_dirs() -> list:
    paths = sysconfig.get_paths()
    return list(dict.fromkeys(str(Path(paths[k]).resolve()) for k in ("purelib", "platlib")))


@cache
def bwrap() -> str | None:
    """Path of a working ``bwrap`` (it can create the namespaces we need), or None."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    probe = [path, *_namespace_flags(), "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
             "true"]
    try:
        ok = subprocess.run(probe, capture_output=True, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return path if ok else None


def _namespace_flags() -> list:
    return ["--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
            "--hostname", "grading", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]


@dataclass
class Launch:
    """How to start one submission's process."""

    argv: list
    env: dict
    cwd: str
    pass_fds: tuple


def environment(home: str, data: str) -> dict:
    """The child's whole environment: nothing of the grader's leaks in."""
    return {"HOME": home, "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp", "MPLBACKEND": "Agg",
            "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1", "GMMLAB_DATA_DIR": data}


def launch(mode: str, view: Path, files: Path, scratch: Path, fds: tuple, disk_mb: int) -> Launch:
    """The command that runs the child for one submission.

    Parameters
    ----------
    mode : {"bubblewrap", "process"}
    view : Path
        Folder made by :func:`build_view`.
    files : Path
        A copy of the submission's own files, given to it as its working folder.
    scratch : Path
        A private folder of the grader's for the ``process`` mode's ``/tmp`` use (unused with
        bubblewrap, whose folders are size-limited memory file systems).
    fds : (int, int)
        The request and reply pipe ends the child uses.
    disk_mb : int
        Size of each of the sandbox's writable folders.
    """
    python = _interpreter()
    inner_path = ":".join(["/course", *_site_dirs()])
    boot = [python, "-I", "-S", "-c", _BOOT]
    if mode == "process":
        path = ":".join([str(view), *_site_dirs()])
        env = environment(str(files), str(view / "starter_data"))
        env.update(TMPDIR=str(scratch), MPLCONFIGDIR=str(scratch))
        return Launch([*boot, path, str(fds[0]), str(fds[1])], env, str(files), fds)
    size = str(disk_mb * 2 ** 20)
    # /tmp first: the folders bound below may live under /tmp (a checkout there).
    argv = [bwrap(), *_namespace_flags(), "--size", size, "--tmpfs", "/tmp",
            "--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/lib", "/lib64", "/sbin"):
        if os.path.islink(top):
            argv += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            argv += ["--ro-bind", top, top]
    for etc in ("/etc/ld.so.cache", "/etc/fonts", "/etc/localtime", "/etc/alternatives"):
        if os.path.exists(etc):
            argv += ["--ro-bind", etc, etc]
    for folder in dict.fromkeys([sys.base_prefix, *_site_dirs(), os.path.dirname(python)]):
        if os.path.exists(folder) and not folder.startswith("/usr/"):
            argv += ["--ro-bind", folder, folder]
    argv += ["--ro-bind", str(view), "/course", "--proc", "/proc", "--dev", "/dev",
             "--size", size, "--tmpfs", "/home/student",
             "--ro-bind", str(files), "/submission", "--chdir", "/home/student",
             "--setenv", "GMMLAB_COPY_FROM", "/submission", "--"]
    env = environment("/home/student", "/course/starter_data")
    return Launch([*argv, *boot, inner_path, str(fds[0]), str(fds[1])], env, "/", fds)


def mode() -> str:
    """``"bubblewrap"`` when it works here, else ``"process"``; ``GMMLAB_ISOLATION`` overrides."""
    wanted = os.environ.get("GMMLAB_ISOLATION", "")
    if wanted == "process" or bwrap() is None:
        return "process"
    return "bubblewrap"
