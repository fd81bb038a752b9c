"""gmmlab.GaussianMixture against scikit-learn's on a family of data sets, easy and hard.

Every cell (data set x covariance type) fits both implementations from the same explicit start
(weights_init, means_init, precisions_init) for the same fixed number of iterations (tol=0);
timed runs alternate between the two (interleaved repeats) and the report keeps the median.
Per cell it reports the time ratio, the ratio of tracemalloc peaks (beyond the data), each
implementation's agreement with an independent centred float64 EM written below, and the share
of (chunk, component) pairs whose M-step statistics took the direct path (the others were
recomputed from the chunk's own mean, see ``gmmlab.numerics.fast.statistics``).  At
(1e5, 32, 16), full covariance, it compares gmmlab's arithmetic speed with a matrix product of
the same number of operations timed in the same run.  It also times 1-row predictions and
gmmlab's pass in float32 against float64.

Writes benchmarks/results/em_benchmark.md and benchmarks/results/em_benchmark.png.

    python benchmarks/bench_em.py            # the whole family
    python benchmarks/bench_em.py --quick    # small data, a smoke test
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


def matmul_gflops(flops, repeats=3):
    """GFLOP/s of a square matrix product with ``flops`` operations (median of repeats)."""
    m = round((flops / 2.0) ** (1.0 / 3.0))
    rng = np.random.default_rng(1)
    A, B, out = rng.normal(size=(m, m)), rng.normal(size=(m, m)), np.empty((m, m))
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        np.matmul(A, B, out=out)
        times.append(time.perf_counter() - t0)
    return 2.0 * m**3 / statistics.median(times) / 1e9


def run_cell(name, X, K, ctype, repeats):
    rng = np.random.default_rng(0)
    start = make_start(X, K, ctype, rng)
    n, d = X.shape
    times, bounds = {"gmmlab": [], "sklearn": []}, {}
    flop_cell = name == FLOP_CELL and ctype == "full"
    square = []
    fit("gmmlab", X[:2000], K, ctype, start)  # warm-up (imports, thread pool)
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
            if flop_cell:
                square.append(matmul_gflops(4.0 * n * K * d * d))
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
    if flop_cell:
        row["gflops"] = (4.0 * n * K * d * d / row["t_gm"] / 1e9,
                         4.0 * n * K * d * d / row["t_sk"] / 1e9, statistics.median(square))
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


def float32_speed(quick):
    """gmmlab's pass in float32 against float64: (cell, type, speed-up, rel. diff of ll)."""
    from gmmlab.numerics.fast.passes import blas_limited, em_pass
    from gmmlab.numerics.gaussian import precision_cholesky_from_precisions

    rows = []
    for n, d, K in ([(5_000, 8, 8)] if quick else [(100_000, 8, 8), (100_000, 32, 16)]):
        X = random_full(n, d, K)(np.random.default_rng(2))
        for ctype in ("full", "diag"):
            start = make_start(X, K, ctype, np.random.default_rng(0))
            pchol = precision_cholesky_from_precisions(start["precisions_init"], ctype)
            args = (start["weights_init"], start["means_init"], pchol, ctype)
            best, lls = {}, {}
            for dtype in (np.float64, np.float32, np.float64, np.float32):
                Y = X.astype(dtype)
                with blas_limited():
                    t0 = time.perf_counter()
                    lls[dtype] = em_pass(Y, *args)[0]
                    t = time.perf_counter() - t0
                best[dtype] = min(best.get(dtype, np.inf), t)
            rows.append(((n, d, K), ctype, best[np.float64] / best[np.float32],
                         abs(lls[np.float32] - lls[np.float64]) / abs(lls[np.float64])))
    return rows


# ------------------------------------------------------------------ report
def _agree(v):
    return f"{v:.0e}" if isinstance(v, float) else f"error: {v}"


def write_markdown(rows, small, f32, path, load, seconds, planned):
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
    for r in rows:
        if "gflops" in r:
            gm, sk, mm = r["gflops"]
            lines += ["", (
                f"At (n, d, K) = ({r['n']:.0e}, {r['d']}, {r['K']}), full covariance, an "
                f"iteration is about {4 * r['n'] * r['K'] * r['d'] ** 2 / 1e9:.1f} GFLOP "
                f"(4 n K d^2): gmmlab runs at {gm:.1f} GFLOP/s, scikit-learn at {sk:.1f} GFLOP/s, "
                f"and a square matrix product of the same size, timed between the fits, at "
                f"{mm:.1f} GFLOP/s (gmmlab reaches {100 * gm / mm:.0f} % of it).")]
    lines += ["", "One-row calls on Iris (full covariances), time per call:", "",
              "| method | scikit-learn µs | gmmlab µs | ratio |", "|---|---:|---:|---:|"]
    for method, (gm, sk) in small.items():
        lines.append(f"| {method} | {sk * 1e6:.0f} | {gm * 1e6:.0f} | {gm / sk:.2f} |")
    lines += ["", ("gmmlab's pass (E-step and M-step statistics) in float32 against float64, "
                   "random full covariances:"), "",
              "| n, d, K | covariance | float32 speed-up | log-likelihood rel. diff |",
              "|---|---|---:|---:|"]
    for cell, ctype, speed, diff in f32:
        lines.append(f"| {cell} | {ctype} | {speed:.2f} x | {diff:.0e} |")
    lines += ["", (
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, NumPy {np.__version__}. Load average: {load}. "
        f"{N_ITER} iterations per fit, medians of interleaved repeats; memory is the tracemalloc "
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
    args = parser.parse_args()
    from tqdm.auto import tqdm

    t0, load_before = time.perf_counter(), os.getloadavg()
    rows = []
    cells = family(args.quick)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "em_benchmark_quick" if args.quick else "em_benchmark"
    small, f32 = small_calls(), float32_speed(args.quick)

    def report():
        load_now = os.getloadavg()
        load = (f"{load_before[0]:.1f} at the start, {load_now[0]:.1f} at the end (1-minute "
                f"averages, {os.cpu_count()} cores)")
        write_markdown(rows, small, f32, args.out / f"{stem}.md", load,
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
