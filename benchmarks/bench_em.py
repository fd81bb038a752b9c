"""gmmlab.GaussianMixture against scikit-learn's on a family of data sets, easy and hard.

Every cell (data set x covariance type) fits both implementations from the same explicit start
(weights_init, means_init, precisions_init) for the same fixed number of iterations (tol=0);
timed runs alternate between the two (interleaved repeats) and the report keeps the median.
Per cell it reports the time ratio, the ratio of tracemalloc peaks (beyond the data), each
implementation's agreement with an independent centred float64 EM written below, and the share
of (chunk, component) pairs whose M-step statistics took the direct path (the others were
recomputed from the chunk's own mean, see ``gmmlab.numerics.fast.statistics``).  At
(1e5, 32, 16), full covariance, it compares the GFLOP/s of gmmlab's pass (operation count in
``pass_flops``) with a matrix product of the same number of operations timed alternately with
it, in float64 and float32.  It also times 1-row predictions, and GaussianMixture on float32
data against the same numbers in float64.

Writes benchmarks/results/em_benchmark.md and benchmarks/results/em_benchmark.png.

    python benchmarks/bench_em.py            # the whole family
    python benchmarks/bench_em.py --quick    # small data, a smoke test
    python benchmarks/bench_em.py --only Iris --out /tmp/bench   # some cells, elsewhere
"""

import argparse
import os
import platform
import statistics
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
from scipy.linalg import cholesky, solve_triangular
from scipy.special import logsumexp

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
TYPES = ("full", "tied", "diag", "spherical")
N_ITER = 2  # iterations per fit (tol=0): the same work for both implementations
FLOP_CELL = "random full covariances (1e5, 32, 16)"


# ------------------------------------------------------------------ the family of data sets
def _mixture(rng, n, centers, covs):
    labels = rng.integers(len(centers), size=n)
    noise = rng.standard_normal((n, centers.shape[1]))
    return centers[labels] + np.einsum("nd,nde->ne", noise, covs[labels])


def separated(n, d, K, scale=4.0, offset=0.0):
    def make(rng):
        covs = np.stack([np.eye(d)] * K)
        return _mixture(rng, n, rng.normal(scale=scale, size=(K, d)), covs) + offset
    return make


def random_full(n, d, K):
    def make(rng):
        A = rng.normal(size=(K, d, d)) / np.sqrt(d) * rng.uniform(0.3, 2.0, size=(K, 1, 1))
        return _mixture(rng, n, rng.normal(scale=4.0, size=(K, d)), A)
    return make


def tight_far(n, d, K):
    def make(rng):
        covs = np.stack([np.eye(d)] * K)
        covs[0] *= 1e-4  # one component with spread 1e-4, all of them near 1e6
        return _mixture(rng, n, 1e6 + rng.normal(scale=4.0, size=(K, d)), covs)
    return make


def outliers_duplicates(n, d, K):
    def make(rng):
        X = separated(n, d, K)(rng)
        X[: n // 3] = X[rng.integers(n // 3, n, size=20)][rng.integers(20, size=n // 3)]
        X[-n // 100 :] = rng.uniform(-1e4, 1e4, size=(n // 100, d))  # 1 % far outliers
        return X
    return make


def real(name):
    def make(rng):
        from gmmlab import datasets

        if name == "digits":
            from sklearn.datasets import load_digits

            return load_digits().data.astype(np.float64)
        if name == "photo":
            return datasets.load_photo().reshape(-1, 3).astype(np.float64) / 255.0
        return datasets.load(name)[0]
    return make


def family(quick):
    n = 5_000 if quick else 100_000
    cells = [
        ("tight component far from origin", tight_far(n, 2, 3), 3),
        ("offset 1e6", separated(n, 8, 4, offset=1e6), 4),
        ("outliers and duplicates", outliers_duplicates(n, 2, 4), 4),
        ("Iris", real("iris"), 3),
        ("Old Faithful", real("faithful"), 2),
        ("digits", real("digits"), 10),
        ("well separated", separated(n, 2, 5), 5),
        ("overlapping", separated(n, 2, 5, scale=1.0), 5),
        ("well separated (d = 8)", separated(n, 8, 8), 8),
        ("random full covariances", random_full(n, 8, 8), 8),
        ("photo pixels", real("photo"), 8),
    ]
    if not quick:
        cells.append((FLOP_CELL, random_full(n, 32, 16), 16))
    return cells


def make_start(X, K, ctype, rng):
    """K distinct data points as means, equal weights, the data's mean variance as spread."""
    d = X.shape[1]
    means = X[rng.choice(len(X), size=K, replace=False)] + 1e-3 * X.std(axis=0)
    p = 1.0 / max(float(X.var(axis=0).mean()), 1e-12)
    prec = {"full": np.stack([np.eye(d) * p] * K), "tied": np.eye(d) * p,
            "diag": np.full((K, d), p), "spherical": np.full(K, p)}[ctype]
    return {"weights_init": np.full(K, 1.0 / K), "means_init": means, "precisions_init": prec}


# ------------------------------------------------------------------ the centred reference
def reference_bound(X, K, ctype, start, n_iter, reg_covar=1e-6):
    """Mean log-likelihood before the last M-step, by plain EM on centred data (float64)."""
    n, d = X.shape
    c = X.mean(axis=0)
    Xc, mu, w = X - c, start["means_init"] - c, start["weights_init"].copy()
    p0 = start["precisions_init"]
    inv = np.linalg.inv(p0) if ctype in ("full", "tied") else 1.0 / p0
    cov = {"full": inv, "tied": np.stack([inv] * K) if ctype == "tied" else None,
           "diag": np.stack([np.diag(v) for v in inv]) if ctype == "diag" else None,
           "spherical": np.stack([np.eye(d) * v for v in inv]) if ctype == "spherical"
           else None}[ctype]
    bound = None
    for _ in range(n_iter):
        logp = np.empty((n, K))
        for k in range(K):
            C = cholesky(cov[k], lower=True)
            z = solve_triangular(C, (Xc - mu[k]).T, lower=True)
            logp[:, k] = (np.log(w[k]) - np.log(np.diag(C)).sum()
                          - 0.5 * (d * np.log(2 * np.pi) + np.einsum("dn,dn->n", z, z)))
        log_px = logsumexp(logp, axis=1)
        bound = float(log_px.mean())
        r = np.exp(logp - log_px[:, None])
        nk = r.sum(axis=0) + 10 * np.finfo(float).eps
        mu = (r.T @ Xc) / nk[:, None]
        scat = np.stack([(r[:, k, None] * (Xc - mu[k])).T @ (Xc - mu[k]) for k in range(K)])
        eye = np.eye(d) * reg_covar
        if ctype == "full":
            cov = scat / nk[:, None, None] + eye
        elif ctype == "tied":
            cov = np.stack([scat.sum(axis=0) / nk.sum() + eye] * K)
        elif ctype == "diag":
            var = np.diagonal(scat, axis1=1, axis2=2) / nk[:, None] + reg_covar
            cov = np.stack([np.diag(v) for v in var])
        else:
            var = np.trace(scat, axis1=1, axis2=2) / (d * nk) + reg_covar
            cov = np.stack([np.eye(d) * v for v in var])
        w = nk / nk.sum()
    return bound


# ------------------------------------------------------------------ measurements
def _estimator(impl, K, ctype, start, n_iter=N_ITER):
    if impl == "gmmlab":
        from gmmlab import GaussianMixture
    else:
        from sklearn.mixture import GaussianMixture
    return GaussianMixture(K, covariance_type=ctype, tol=0.0, max_iter=n_iter, **start)


class PathCounter:
    """Counts the (chunk, component) pairs of gmmlab's M-step statistics while installed."""

    def __init__(self):
        from gmmlab.numerics import mixture

        self.module, self.original = mixture, mixture.em_pass
        self.pairs = self.recomputed = 0

    def __enter__(self):
        def counted(*args, **kwargs):
            ll, stats = self.original(*args, **kwargs)
            if stats is not None:
                self.pairs += stats.pairs
                self.recomputed += stats.recomputed
            return ll, stats
        self.module.em_pass = counted
        return self

    def __exit__(self, *exc):
        self.module.em_pass = self.original

    def share(self):
        return 1.0 - self.recomputed / self.pairs if self.pairs else float("nan")


def fit(impl, X, K, ctype, start, n_iter=N_ITER):
    """(seconds, lower bound) of one fit, or (nan, error message)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        try:
            model = _estimator(impl, K, ctype, start, n_iter).fit(X)
        except ValueError as err:
            return float("nan"), str(err).split(".")[0]
        return time.perf_counter() - t0, float(model.lower_bound_)


def peak(impl, X, K, ctype, start):
    tracemalloc.start()
    fit(impl, X, K, ctype, start, n_iter=1)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def pass_flops(n, d, K):
    """Floating-point operations of one fused pass (E-step and M-step statistics), full type.

    Counted as executed: the E-step's ``x - mu`` (n K d), the whitening ``(x - mu) L`` as a dense
    product (2 n K d^2) and the squared norms (2 n K d); the M-step's ``r (x - mu)`` (n K d), its
    product with ``x - mu`` (2 n K d^2) and ``sum r (x - mu)`` (2 n K d); about 10 n K for the
    log-sum-exp and ``N_k``.  ``L`` is triangular and the scatter symmetric, so half of each
    product is structurally redundant: the necessary count is about half of this.
    """
    return 4 * n * K * d * d + 6 * n * K * d + 10 * n * K


def matmul_seconds(flops, dtype):
    """Seconds of one square matrix product with ``flops`` operations, in ``dtype``."""
    m = round((flops / 2.0) ** (1.0 / 3.0))
    rng = np.random.default_rng(1)
    A, B = rng.normal(size=(m, m)).astype(dtype), rng.normal(size=(m, m)).astype(dtype)
    out = np.empty((m, m), dtype=dtype)
    t0 = time.perf_counter()
    np.matmul(A, B, out=out)
    return (time.perf_counter() - t0) * flops / (2.0 * m**3)


def flop_rates(quick, repeats=3):
    """GFLOP/s of gmmlab's pass at (1e5, 32, 16), full, and of a matrix product, per dtype.

    The pass is timed at the parameters of a 3-iteration fit (the direct path of the M-step
    statistics is reported), alternating with the matrix product so that both see the same
    load.  Returns {dtype name: (pass GFLOP/s, matmul GFLOP/s, direct-path share)}.
    """
    from gmmlab import GaussianMixture
    from gmmlab.numerics.fast.passes import em_pass

    n, d, K = (5_000 if quick else 100_000), 32, 16
    X = random_full(n, d, K)(np.random.default_rng(0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gm = GaussianMixture(K, tol=0.0, max_iter=3, **make_start(X, K, "full",
                             np.random.default_rng(0))).fit(X)
    args = (gm.weights_, gm.means_, gm.precisions_cholesky_, "full")
    flops, out = pass_flops(n, d, K), {}
    for dtype in (np.float64, np.float32):
        Y = X.astype(dtype)
        em_pass(Y, *args)  # warm-up
        t_pass, t_mm = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            _, stats = em_pass(Y, *args)
            t_pass.append(time.perf_counter() - t0)
            t_mm.append(matmul_seconds(flops, dtype))
        out[np.dtype(dtype).name] = (flops / statistics.median(t_pass) / 1e9,
                                     flops / statistics.median(t_mm) / 1e9,
                                     1.0 - stats.recomputed / stats.pairs)
    return (n, d, K), flops, out


def run_cell(name, X, K, ctype, repeats):
    rng = np.random.default_rng(0)
    start = make_start(X, K, ctype, rng)
    n, d = X.shape
    times, bounds = {"gmmlab": [], "sklearn": []}, {}
    flop_cell = name == FLOP_CELL and ctype == "full"
    # warm-up of both (imports, thread pools, caches); small cells get more repeats, up to
    # about a second of fits each, so that a median of a few milliseconds is not one outlier
    first = max(fit(impl, X, K, ctype, start)[0] for impl in ("gmmlab", "sklearn"))
    repeats = max(repeats, min(15, int(1.0 / max(first, 1e-3))))
    counter = PathCounter()
    for _ in range(repeats):
        for impl in ("sklearn", "gmmlab"):
            if impl == "gmmlab":
                with counter:
                    t, lb = fit(impl, X, K, ctype, start)
            else:
                t, lb = fit(impl, X, K, ctype, start)
            times[impl].append(t / N_ITER)
            bounds[impl] = lb
    ref = reference_bound(X, K, ctype, start, N_ITER)
    row = {"name": name, "n": n, "d": d, "K": K, "type": ctype,
           "t_sk": statistics.median(times["sklearn"]), "t_gm": statistics.median(times["gmmlab"]),
           "mem_sk": peak("sklearn", X, K, ctype, start),
           "mem_gm": peak("gmmlab", X, K, ctype, start), "share": counter.share()}
    for impl in ("gmmlab", "sklearn"):
        lb = bounds[impl]
        row[f"agree_{impl}"] = (abs(lb - ref) / max(abs(ref), 1e-300)
                                if isinstance(lb, float) else lb)
    row["ratio"] = row["t_gm"] / row["t_sk"]
    if flop_cell:  # per iteration of a whole fit (its final E-step shared by the iterations)
        row["gflops"] = (pass_flops(n, d, K) / row["t_gm"] / 1e9,
                         pass_flops(n, d, K) / row["t_sk"] / 1e9)
    return row


def small_calls(repeats=300):
    """Seconds per 1-row call, gmmlab / scikit-learn, on Iris (full covariances)."""
    from sklearn.mixture import GaussianMixture as SK

    from gmmlab import GaussianMixture as GM
    from gmmlab import datasets

    X = datasets.load("iris")[0]
    models = {"gmmlab": GM(3, random_state=0).fit(X), "sklearn": SK(3, random_state=0).fit(X)}
    out = {}
    for method in ("predict", "predict_proba", "score_samples", "score", "bic"):
        best = {}
        for impl in ("sklearn", "gmmlab", "sklearn", "gmmlab"):
            call = getattr(models[impl], method)
            call(X[:1])
            t0 = time.perf_counter()
            for _ in range(repeats):
                call(X[:1])
            best[impl] = min(best.get(impl, np.inf), (time.perf_counter() - t0) / repeats)
        out[method] = (best["gmmlab"], best["sklearn"])
    return out


def float32_speed(quick, repeats=2):
    """GaussianMixture on float32 data against the same float64 numbers, same start.

    Returns rows (cell, type, float64/float32 time, the dtype the passes ran in, rel. diff of
    the lower bounds, scikit-learn float32 / gmmlab float32 time).
    """
    from gmmlab import GaussianMixture
    from gmmlab.numerics.fast.precision import pass_dtype

    rows = []
    for n, d, K in ([(5_000, 8, 8)] if quick else [(100_000, 8, 8), (100_000, 32, 16)]):
        X32 = random_full(n, d, K)(np.random.default_rng(2)).astype(np.float32)
        data = {"float64": X32.astype(np.float64), "float32": X32}
        for ctype in TYPES:
            start = make_start(data["float64"], K, ctype, np.random.default_rng(0))
            best, lbs = {}, {}
            for _ in range(repeats):
                for key, impl, X in (("float64", "gmmlab", data["float64"]),
                                     ("float32", "gmmlab", X32), ("sklearn", "sklearn", X32)):
                    t, lbs[key] = fit(impl, X, K, ctype, start)
                    best[key] = min(best.get(key, np.inf), t)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = GaussianMixture(K, covariance_type=ctype, tol=0.0, max_iter=N_ITER,
                                        **start).fit(X32)
            used = pass_dtype(np.float32, model.precisions_cholesky_, ctype).name
            diff = abs(lbs["float32"] - lbs["float64"]) / abs(lbs["float64"])
            rows.append(((n, d, K), ctype, best["float64"] / best["float32"], used, diff,
                         best["sklearn"] / best["float32"]))
    return rows


# ------------------------------------------------------------------ report
def _agree(v):
    return f"{v:.0e}" if isinstance(v, float) else f"error: {v}"


def cpu_times():
    """(steal, total) CPU time of the machine so far, from /proc/stat; (0, 0) where absent.

    On a virtual machine *steal* is the time the hypervisor gave the cores to someone else: a
    large share makes every timing of the run noisy, which the report says.
    """
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])


def write_markdown(rows, small, f32, flops_cell, path, load, seconds, planned):
    lines = [] if len(rows) == planned else [(
        f"**Partial run: {len(rows)} of {planned} cells** (the run was stopped; the cells are "
        "in the order of the script, hard and real data first)."), ""]
    lines += [("| data set | n | d | K | covariance | scikit-learn ms/iter | gmmlab ms/iter | "
              "time ratio | memory ratio | gmmlab vs reference | scikit-learn vs reference | "
              "direct path |"), "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['n']} | {r['d']} | {r['K']} | {r['type']} | "
            f"{r['t_sk'] * 1e3:.1f} | {r['t_gm'] * 1e3:.1f} | {r['ratio']:.2f} | "
            f"{r['mem_gm'] / r['mem_sk']:.2f} | {_agree(r['agree_gmmlab'])} | "
            f"{_agree(r['agree_sklearn'])} | {100 * r['share']:.1f} % |")
    big = [r for r in rows if r["n"] >= 100_000 and np.isfinite(r["ratio"])]
    d2 = [r for r in big if r["d"] == 2]
    d8 = [r for r in big if r["d"] >= 8]
    exact = [r for r in rows if isinstance(r["agree_gmmlab"], float)
             and r["agree_gmmlab"] <= 1e-8]
    lines += ["", (
        f"Targets: at d = 2 and n >= 1e5, {sum(r['ratio'] <= 0.2 for r in d2)} of {len(d2)} "
        f"cells take at most 0.2 x scikit-learn's time per iteration (worst "
        f"{max((r['ratio'] for r in d2), default=float('nan')):.2f}); at d >= 8, "
        f"{sum(r['ratio'] <= 0.5 for r in d8)} of {len(d8)} cells at most 0.5 x (worst "
        f"{max((r['ratio'] for r in d8), default=float('nan')):.2f}); "
        f"{sum(r['mem_gm'] <= r['mem_sk'] for r in rows)} of {len(rows)} cells peak at or below "
        f"scikit-learn's memory; gmmlab's lower bound agrees with the centred reference to "
        f"1e-8 in {len(exact)} of {len(rows)} cells.")]
    (n, d, K), flops, rates = flops_cell
    gm64, mm64, direct = rates["float64"]
    gm32, mm32, _ = rates["float32"]
    lines += ["", (
        f"Arithmetic speed at (n, d, K) = ({n:.0e}, {d}, {K}), full covariance. One pass "
        f"(E-step and M-step statistics) executes 4 n K d^2 + 6 n K d + 10 n K = "
        f"{flops / 1e9:.2f} GFLOP (two dense products with d x d matrices per sample and "
        "component; half of that is structurally redundant, the triangular factor and the "
        f"symmetric scatter). gmmlab's pass runs at {gm64:.1f} GFLOP/s in float64, "
        f"**{100 * gm64 / mm64:.0f} %** of a square matrix product of the same operation count "
        f"timed alternately with it ({mm64:.1f} GFLOP/s); in float32 {gm32:.1f} GFLOP/s, "
        f"{100 * gm32 / mm32:.0f} % of a float32 product ({mm32:.1f} GFLOP/s). "
        f"{100 * direct:.0f} % of the (chunk, component) statistics took the direct path.")]
    for r in rows:
        if "gflops" in r:
            gm, sk = r["gflops"]
            lines[-1] += (f" Per iteration of a whole fit (the count above per iteration; the "
                          f"fit's final E-step is shared by its {N_ITER} iterations): gmmlab "
                          f"{gm:.1f} GFLOP/s, scikit-learn {sk:.1f} GFLOP/s.")
    lines += ["", "One-row calls on Iris (full covariances), time per call:", "",
              "| method | scikit-learn µs | gmmlab µs | ratio |", "|---|---:|---:|---:|"]
    for method, (gm, sk) in small.items():
        lines.append(f"| {method} | {sk * 1e6:.0f} | {gm * 1e6:.0f} | {gm / sk:.2f} |")
    lines += ["", ("GaussianMixture on float32 data against the same numbers in float64 (same "
                   "start, random full covariances): time per fit, and the type its passes ran "
                   "in (float64 where float32 would lose accuracy, see "
                   "gmmlab.numerics.fast.precision):"), "",
              ("| n, d, K | covariance | float64 / float32 time | passes in | lower bound rel. "
               "diff | scikit-learn float32 / gmmlab float32 time |"),
              "|---|---|---:|---|---:|---:|"]
    for cell, ctype, speed, used, diff, sk in f32:
        lines.append(f"| {cell} | {ctype} | {speed:.2f} x | {used} | {diff:.0e} | {sk:.2f} x |")
    lines += ["", (
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, NumPy {np.__version__}. Load average: {load}. "
        f"{N_ITER} iterations per fit, medians of interleaved repeats after a warm-up fit of each (up to 15 repeats in cells of milliseconds); memory is the tracemalloc "
        f"peak of a one-iteration fit beyond the data. The whole run took "
        f"{seconds / 60:.1f} minutes."), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_plot(rows, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gmmlab.figures.plotting import PALETTE

    names = list(dict.fromkeys(r["name"] for r in rows))
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    x, width = np.arange(len(names)), 0.2
    for j, ctype in enumerate(TYPES):
        sub = {r["name"]: r for r in rows if r["type"] == ctype}
        ratio = [sub[m]["ratio"] if m in sub else np.nan for m in names]
        mem = [sub[m]["mem_gm"] / sub[m]["mem_sk"] if m in sub else np.nan for m in names]
        axes[0].bar(x + (j - 1.5) * width, ratio, width, color=PALETTE[j], label=ctype)
        axes[1].bar(x + (j - 1.5) * width, mem, width, color=PALETTE[j], label=ctype)
    axes[0].axhline(1.0, color=PALETTE[7], lw=1, ls="--", label="as fast as scikit-learn")
    axes[0].set_title("Time per EM iteration, gmmlab / scikit-learn")
    axes[0].set_ylabel("time ratio (lower is faster)")
    axes[1].axhline(1.0, color=PALETTE[7], lw=1, ls="--", label="same memory")
    axes[1].set_title("Peak memory of a fit, gmmlab / scikit-learn")
    axes[1].set_ylabel("memory ratio (lower is smaller)")
    for ax in axes:
        ax.set_xticks(x, names, rotation=40, ha="right", fontsize=8)
        ax.set_xlabel("data set")
        ax.set_yscale("log")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, for a smoke test")
    parser.add_argument("--repeats", type=int, default=2, help="interleaved repeats per cell")
    parser.add_argument("--out", type=Path, default=RESULTS, help="output directory")
    parser.add_argument("--only", help="run only the cells whose name contains this text")
    args = parser.parse_args()
    from tqdm.auto import tqdm

    t0, load_before, cpu_before = time.perf_counter(), os.getloadavg(), cpu_times()
    rows = []
    cells = family(args.quick)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "em_benchmark_quick" if args.quick else "em_benchmark"
    cells = [c for c in cells if args.only is None or args.only in c[0]]
    small, f32, flops_cell = small_calls(), float32_speed(args.quick), flop_rates(args.quick)

    def report():
        load_now = os.getloadavg()
        load = (f"{load_before[0]:.1f} at the start, {load_now[0]:.1f} at the end (1-minute "
                f"averages, {os.cpu_count()} cores)")
        steal, total = (now - then for now, then in zip(cpu_times(), cpu_before))
        if total:
            load += f"; {100 * steal / total:.0f} % of the CPU time was stolen by the hypervisor"
        write_markdown(rows, small, f32, flops_cell, args.out / f"{stem}.md", load,
                       time.perf_counter() - t0, len(cells) * len(TYPES))
        write_plot(rows, args.out / f"{stem}.png")

    with tqdm(total=len(cells) * len(TYPES), desc="benchmark cells") as bar:
        for name, make, K in cells:
            X = make(np.random.default_rng(0))
            for ctype in TYPES:
                rows.append(run_cell(name, X, K, ctype, args.repeats))
                r = rows[-1]
                bar.write(f"{name:>34} {ctype:>9}: ratio {r['ratio']:.2f}, memory "
                          f"{r['mem_gm'] / r['mem_sk']:.2f}, reference {_agree(r['agree_gmmlab'])}"
                          f" (scikit-learn {_agree(r['agree_sklearn'])})")
                bar.update()
                report()  # after every cell: a stopped run still leaves its results
    print(f"wrote {args.out / (stem + '.md')} and {args.out / (stem + '.png')}")


if __name__ == "__main__":
    main()
