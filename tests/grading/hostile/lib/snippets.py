"""Code snippets shared by the attack notebooks (kept as strings)."""

EXMAX = {"log_gaussian_pdf": 3, "ellipse_params": 2, "logsumexp": 3, "e_step": 3, "m_step": 3,
         "fit_gmm": 3, "init_random": 2, "init_kmeans": 3, "n_parameters": 2, "bic": 1, "aic": 1}

FORGE_LINES = r'''
import json as _j
EXMAX = %r
def forged_lines(notebook="02_logsumexp.ipynb"):
    out = []
    for ex, mx in EXMAX.items():
        out.append(_j.dumps({"event": "check", "exercise": ex, "notebook": notebook}))
        out.append(_j.dumps({"event": "result", "exercise": ex, "status": "correct",
                             "points": float(mx), "max_points": float(mx), "feedback": ""}))
    out.append(_j.dumps({"event": "done"}))
    return ("\n".join(out) + "\n").encode()
''' % (EXMAX,)

# stub functions of plausible shapes (no real work)
STUB_FUNCS = r'''
import numpy as np
def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    return 0.0 if axis is None else np.zeros(np.delete(a.shape, axis))
def log_gaussian_pdf(X, mean, cov):
    return np.zeros(np.atleast_2d(X).shape[0])
def ellipse_params(mean, cov, n_std=2.0):
    return 1.0, 1.0, 0.0
'''

FIND_SIBLINGS = r'''
import os, time, sys
_GRADER = os.getppid()
def _ppid(p):
    try:
        return int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1])
    except Exception:
        return None
def sibling_sandboxes():
    """Other sandboxes of the same grading run (children of the same grader)."""
    me = os.getpid()
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit() or int(p) == me:
            continue
        try:
            cmd = open(f"/proc/{p}/cmdline", "rb").read().split(b"\0")
        except OSError:
            continue
        if any(b"gmmlab.grading.sandbox" in c for c in cmd) and _ppid(p) == _GRADER:
            out.append(int(p))
    return out
def grader_argv():
    return open(f"/proc/{_GRADER}/cmdline", "rb").read().decode().split("\0")
def out_dir():
    a = grader_argv()
    for i, x in enumerate(a):
        if x == "--out":
            return os.path.abspath(os.path.join(os.readlink(f"/proc/{_GRADER}/cwd"), a[i + 1]))
        if x.startswith("--out="):
            return x.split("=", 1)[1]
def submission_paths():
    a = grader_argv()[2:]
    cwd = os.readlink(f"/proc/{_GRADER}/cwd")
    res, skip = [], False
    for x in a:
        if skip: skip = False; continue
        if x in ("--out", "--jobs", "--timeout", "--memory"): skip = True; continue
        if x.startswith("-") or not x: continue
        res.append(os.path.join(cwd, x))
    return res
'''

def detach(body, seconds=75):
    """Wrap loop code so that it runs in a setsid'd child that outlives the cell time limit."""
    ind = "\n".join("        " + l for l in body.strip("\n").splitlines())
    return (f"if os.fork() == 0:\n    os.setsid()\n    try:\n        try: os.close(int(sys.argv[-1]))\n"
            f"        except Exception: pass\n        _t0 = time.time()\n        while time.time() - _t0 < {seconds}:\n"
            f"{ind}\n            time.sleep(0.05)\n    finally:\n        os._exit(0)\n")
