"""Time and memory of gmmlab.GaussianMixture against scikit-learn's, side by side.

Both fit the same data from the same explicit start (weights_init, means_init, precisions_init)
for the same fixed number of iterations (tol=0).  Timed runs alternate between the two
implementations (interleaved repeats) and we keep the median.  Peak memory is measured with
tracemalloc in a fresh subprocess per run (NumPy reports its allocations to tracemalloc).
The final lower bounds must agree to 1e-8 relative, otherwise the script stops with an error.

Writes benchmarks/results/em_benchmark.md and benchmarks/results/em_benchmark.png.

    python benchmarks/bench_em.py            # the full grid
    python benchmarks/bench_em.py --quick    # a small grid, a few seconds
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
TYPES = ("full", "tied", "diag", "spherical")
FULL_GRID = [(10_000, 2, 3), (100_000, 2, 5), (1_000_000, 2, 5), (100_000, 8, 8),
             (100_000, 32, 16)]
QUICK_GRID = [(10_000, 2, 3), (20_000, 8, 4)]
AGREEMENT_RTOL = 1e-8


def make_problem(n, d, K, covariance_type, seed=0):
    """Data from K well-separated Gaussians and an explicit, shared starting point."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=4.0, size=(K, d))
    X = centers[rng.integers(K, size=n)] + rng.normal(size=(n, d))
    means = X[rng.choice(n, size=K, replace=False)]
    P = np.eye(d) * 0.5
    prec = {"full": np.stack([P] * K), "tied": P, "diag": np.full((K, d), 0.5),
            "spherical": np.full(K, 0.5)}[covariance_type]
    start = {"weights_init": np.full(K, 1.0 / K), "means_init": means, "precisions_init": prec}
    return X, start


def estimator(impl, K, covariance_type, n_iter, start):
    if impl == "gmmlab":
        from gmmlab import GaussianMixture
    else:
        from sklearn.mixture import GaussianMixture
    return GaussianMixture(K, covariance_type=covariance_type, tol=0.0, max_iter=n_iter,
                           **start)


def fit_once(impl, X, K, covariance_type, n_iter, start):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: tol=0 never converges
        t0 = time.perf_counter()
        model = estimator(impl, K, covariance_type, n_iter, start).fit(X)
        return time.perf_counter() - t0, float(model.lower_bound_)


def child(args):
    """Subprocess entry: one fit under tracemalloc; prints the peak above the data itself."""
    import tracemalloc

    n, d, K, ctype, n_iter = int(args[1]), int(args[2]), int(args[3]), args[4], int(args[5])
    X, start = make_problem(n, d, K, ctype)
    est = estimator(args[0], K, ctype, n_iter, start)
    tracemalloc.start()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X)
    _, peak = tracemalloc.get_traced_memory()
    print(json.dumps({"peak": peak}))


def peak_memory(impl, n, d, K, ctype, n_iter):
    out = subprocess.run(
        [sys.executable, __file__, "--child", impl, str(n), str(d), str(K), ctype, str(n_iter)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["peak"]


class ReferenceProducts:
    """Two matrix products to compare an EM iteration with (default BLAS threads).

    ``square``: a square product with the same number of operations as one full-covariance EM
    iteration (4 n K d^2).  ``shaped``: the product (n, d) @ (d, K d), which has the shape of a
    batched E-step and is limited by memory traffic more than by arithmetic.  ``time_once``
    is called inside the interleaved loop of the cell it is compared with, so the reference
    sees the same load as the fits; the report uses medians.
    """

    def __init__(self, n, d, K):
        rng = np.random.default_rng(1)
        self.m = round((2.0 * n * K * d * d) ** (1.0 / 3.0))  # 2 m^3 = 4 n K d^2
        self.S = rng.normal(size=(self.m, self.m))
        self.T = rng.normal(size=(self.m, self.m))
        self.A, self.B = rng.normal(size=(n, d)), rng.normal(size=(d, K * d))
        # outputs allocated once: time the products, not the page faults of fresh arrays
        self.out_square, self.out_shaped = np.empty((self.m, self.m)), np.empty((n, K * d))
        self.flops_shaped = 2.0 * n * d * K * d
        self.square, self.shaped = [], []

    def time_once(self, products=3):
        for _ in range(products):
            t = _timed(lambda: np.matmul(self.S, self.T, out=self.out_square))
            self.square.append(2.0 * self.m**3 / t / 1e9)
            t = _timed(lambda: np.matmul(self.A, self.B, out=self.out_shaped))
            self.shaped.append(self.flops_shaped / t / 1e9)

    def gflops(self):
        """Medians of (square, shaped), and the (lowest, highest) square measurement."""
        return (statistics.median(self.square), statistics.median(self.shaped),
                (min(self.square), max(self.square)))


def _timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


# Every fit runs this many iterations (tol=0): enough that the one-off costs of a fit (input
# checks, the final E-step that computes the labels) weigh as little as in a typical fit.
N_ITER = 10


def run(grid, repeats):
    rows = []
    for n, d, K in grid:
        for ctype in TYPES:
            n_iter = N_ITER
            X, start = make_problem(n, d, K, ctype)
            times = {"gmmlab": [], "sklearn": []}
            bounds = {}
            reference = ReferenceProducts(n, d, K) if ctype == "full" and d >= 32 else None
            fit_once("gmmlab", X, K, ctype, 1, start)  # warm-up (imports, thread pool)
            for _ in range(repeats):  # interleaved: a load spike hits both implementations
                for impl in ("sklearn", "gmmlab"):
                    t, lb = fit_once(impl, X, K, ctype, n_iter, start)
                    times[impl].append(t / n_iter)
                    bounds[impl] = lb
                    if reference is not None:
                        reference.time_once()
            rel = abs(bounds["gmmlab"] - bounds["sklearn"]) / abs(bounds["sklearn"])
            if not rel <= AGREEMENT_RTOL:
                raise SystemExit(
                    f"FAIL: lower bounds differ at (n={n}, d={d}, K={K}, {ctype}): "
                    f"gmmlab {bounds['gmmlab']!r} vs scikit-learn {bounds['sklearn']!r} "
                    f"(relative {rel:.2e} > {AGREEMENT_RTOL:g})"
                )
            mem = {impl: peak_memory(impl, n, d, K, ctype, min(n_iter, 2))
                   for impl in ("sklearn", "gmmlab")}
            row = {"n": n, "d": d, "K": K, "type": ctype, "iters": n_iter,
                   "t_sk": statistics.median(times["sklearn"]),
                   "t_gm": statistics.median(times["gmmlab"]),
                   "mem_sk": mem["sklearn"], "mem_gm": mem["gmmlab"], "lb_rel": rel}
            row["ratio"] = row["t_gm"] / row["t_sk"]
            row["flops"] = 4.0 * n * K * d * d if ctype == "full" else None
            row["reference"] = reference.gflops() if reference is not None else None
            rows.append(row)
            print(f"n={n:>8} d={d:>2} K={K:>2} {ctype:>9}: scikit-learn "
                  f"{row['t_sk'] * 1e3:9.2f} ms/it, gmmlab {row['t_gm'] * 1e3:8.2f} ms/it, "
                  f"ratio {row['ratio']:.3f}; memory {mem['sklearn'] / 2**20:7.1f} MB vs "
                  f"{mem['gmmlab'] / 2**20:7.1f} MB; lower bounds agree to {rel:.1e}",
                  flush=True)
    return rows


def write_markdown(rows, path, load, large=None):
    lines = [
        ("| n | d | K | covariance | scikit-learn ms/iter | gmmlab ms/iter | time ratio | "
        "scikit-learn peak MB | gmmlab peak MB | memory ratio | lower bounds rel. diff |"),
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:.0e} | {r['d']} | {r['K']} | {r['type']} | {r['t_sk'] * 1e3:.2f} | "
            f"{r['t_gm'] * 1e3:.2f} | {r['ratio']:.3f} | {r['mem_sk'] / 2**20:.1f} | "
            f"{r['mem_gm'] / 2**20:.1f} | {r['mem_gm'] / r['mem_sk']:.2f} | {r['lb_rel']:.1e} |"
        )
    lines.append("")
    for r in rows:
        if r["reference"] is not None:
            gm, sk = r["flops"] / r["t_gm"] / 1e9, r["flops"] / r["t_sk"] / 1e9
            square, shaped, (low, high) = r["reference"]
            lines.append(
                f"At (n, d, K) = ({r['n']:.0e}, {r['d']}, {r['K']}), full covariance, one "
                f"iteration is about {r['flops'] / 1e9:.1f} GFLOP (4 n K d^2): gmmlab reaches "
                f"{gm:.1f} GFLOP/s and scikit-learn {sk:.1f} GFLOP/s. On the same machine a "
                f"square matrix product with the same number of operations runs at "
                f"{square:.1f} GFLOP/s (gmmlab reaches {100 * gm / square:.0f} % of it), and the "
                f"product (n, d) @ (d, K d) at {shaped:.1f} GFLOP/s. Both are medians of "
                f"products timed between the fits; the square product ranged from {low:.0f} to "
                f"{high:.0f} GFLOP/s during the run."
            )
    if large is not None:
        (n, d, K), peak = large
        lines += ["", (
            f"Memory grows with the chunk size, not with n: a gmmlab fit with (n, d, K) = "
            f"({n:.0e}, {d}, {K}), full covariance, peaks at {peak / 2**20:.1f} MB beyond its "
            f"{n * d * 8 / 2**20:.0f} MB data array; a single n x K array would take "
            f"{n * K * 8 / 2**20:.0f} MB.")]
    lines += [
        "",
        (f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, NumPy {np.__version__}. "
        f"Load average during the run: {load}. Times are medians of interleaved repeats; "
        f"time per iteration is the fit time divided by the fixed number of iterations ({N_ITER}). "
        "Peak memory is the tracemalloc peak of one fit, beyond the data array."),
        "",
    ]
    path.write_text("\n".join(lines))


def write_plot(rows, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gmmlab.figures.plotting import PALETTE

    cells = sorted({(r["n"], r["d"], r["K"]) for r in rows})
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    width = 0.2
    x = np.arange(len(cells))
    for j, ctype in enumerate(TYPES):
        sub = {(r["n"], r["d"], r["K"]): r for r in rows if r["type"] == ctype}
        ratio = [sub[c]["ratio"] if c in sub else np.nan for c in cells]
        mem = [sub[c]["mem_gm"] / sub[c]["mem_sk"] if c in sub else np.nan for c in cells]
        axes[0].bar(x + (j - 1.5) * width, ratio, width, color=PALETTE[j], label=ctype)
        axes[1].bar(x + (j - 1.5) * width, mem, width, color=PALETTE[j], label=ctype)
    labels = [f"n={n:.0e}\nd={d}, K={K}" for n, d, K in cells]
    axes[0].axhline(1.0, color=PALETTE[7], lw=1, ls="--", label="as fast as scikit-learn")
    axes[0].set_title("Time per EM iteration, gmmlab / scikit-learn")
    axes[0].set_ylabel("time ratio (lower is faster)")
    axes[1].axhline(1.0, color=PALETTE[7], lw=1, ls="--", label="same memory")
    axes[1].set_title("Peak memory of a fit, gmmlab / scikit-learn")
    axes[1].set_ylabel("memory ratio (lower is smaller)")
    for ax in axes:
        ax.set_xticks(x, labels)
        ax.set_xlabel("problem size (samples n, features d, components K)")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small grid, for a smoke test")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved repeats per cell")
    parser.add_argument("--out", type=Path, default=RESULTS, help="output directory")
    args = parser.parse_args()
    grid = QUICK_GRID if args.quick else FULL_GRID
    load_before = os.getloadavg()
    rows = run(grid, args.repeats)
    load_after = os.getloadavg()
    large = None
    if not args.quick:
        big_n = (10_000_000, 2, 5)
        large = (big_n, peak_memory("gmmlab", *big_n, "full", 2))
    load = (f"{load_before[0]:.1f} at the start and {load_after[0]:.1f} at the end "
            f"(1-minute averages, {os.cpu_count()} cores)")
    args.out.mkdir(parents=True, exist_ok=True)
    name = "em_benchmark_quick" if args.quick else "em_benchmark"
    write_markdown(rows, args.out / f"{name}.md", load, large)
    write_plot(rows, args.out / f"{name}.png")
    print(f"wrote {args.out / (name + '.md')} and {args.out / (name + '.png')}")


if __name__ == "__main__":
    main()
