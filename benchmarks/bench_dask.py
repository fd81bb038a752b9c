"""GaussianMixture on a Dask array read from a memory-mapped .npy, on a LocalCluster.

Writes a ``.npy`` file of ``n`` samples (d = 2, K = 5 well-separated clusters; n = 1e8 is about
1.6 GB), then fits ``gmmlab.GaussianMixture`` from the same explicit start for a fixed number of
iterations (tol=0):

* on a LocalCluster of 2 worker processes (one thread each), reading the file chunk by chunk
  (``gmmlab.numerics.distributed.from_npy``); first on the first n/10 rows, then on all of them,
  so that the workers' peak memory can be compared between the two sizes;
* on a LocalCluster of 1 worker process (the 1 -> 2 worker scaling); the fits on all n alternate
  between the two clusters (``--repeats`` each, the median kept), so that a change of the load
  of a shared machine falls on both;
* in memory (the fast path, both cores) on the largest n that fits in half the free memory.

Time per iteration is the wall time of ``fit`` divided by its passes over the data (the
iterations and the final E-step); peak memory per worker is the workers' maximum resident set
size (VmHWM); the CPU cores used are the workers' CPU time over the wall time (on a shared
machine, what the fit got of the cores). The Dask fit is also compared with the in-memory fit (same n).

Writes benchmarks/results/dask_benchmark.{md,json,png}.

    python benchmarks/bench_dask.py                 # n = 1e8 (needs ~1.6 GB of disk)
    python benchmarks/bench_dask.py --n 20000000    # a smaller file
    python benchmarks/bench_dask.py --quick         # n = 1e6, a smoke test
    python benchmarks/bench_dask.py --report        # the .md and .png again from the .json
"""

import argparse
import json
import os
import platform
import resource
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
D, K = 2, 5


def write_data(path, n, rows, seed=0):
    """n samples of 5 well-separated 2-D clusters, written block by block (never all in memory)."""
    from tqdm.auto import tqdm

    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=6.0, size=(K, D))
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float64, shape=(n, D))
    for a in tqdm(range(0, n, rows), desc="writing the data", leave=False):
        b = min(a + rows, n)
        out[a:b] = centers[rng.integers(K, size=b - a)] + rng.normal(size=(b - a, D))
    out.flush()
    del out


def explicit_start(X_head, seed=0):
    rng = np.random.default_rng(seed)
    return {"weights_init": np.full(K, 1.0 / K),
            "means_init": X_head[rng.choice(len(X_head), size=K, replace=False)],
            "precisions_init": np.stack([np.eye(D)] * K)}


def _cpu_seconds(client=None):
    """CPU time used so far by the workers of ``client`` (all their threads), or by this process."""
    if client is None:
        return time.process_time()
    return sum(client.run(time.process_time).values())


def timed_fit(X, start, iters, scheduler=None, cores=None):
    """(seconds per pass over the data, fitted model).

    ``cores``, a list, receives the CPU cores the fit used on average: the CPU time of the
    workers (of this process without a cluster) divided by the wall time.
    """
    import dask

    from gmmlab import GaussianMixture

    gm = GaussianMixture(K, tol=0.0, max_iter=iters, **start)
    with warnings.catch_warnings(), dask.config.set(scheduler=scheduler or "threads"):
        warnings.simplefilter("ignore")  # tol=0 never converges
        cpu = _cpu_seconds(scheduler)
        t = time.perf_counter()
        gm.fit(X)
        seconds = time.perf_counter() - t
        if cores is not None:
            cores.append((_cpu_seconds(scheduler) - cpu) / seconds)
    return seconds / (gm.n_iter_ + 1), gm


def _peak_rss_mb():
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's,
    carried over by Linux across the exec that starts a worker)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cluster(n_workers):
    from distributed import LocalCluster

    return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=None)


def on_clusters(X, start, iters, repeats, small):
    """Times per pass (and worker peaks) on fresh LocalClusters of 2 and of 1 worker processes.

    The fits on all of ``X`` alternate between the two clusters, ``repeats`` times each, so
    that a change of the machine's load falls on both; the median of each is kept.
    """
    from contextlib import ExitStack

    from distributed import Client

    with ExitStack() as stack:
        clients = {}
        for w in (2, 1):
            cluster = stack.enter_context(_cluster(w))
            clients[w] = stack.enter_context(Client(cluster, set_as_default=False))
            timed_fit(X[: len(X) // 100 or 1], start, 1, clients[w])  # workers import gmmlab
        peak = lambda w: max(clients[w].run(_peak_rss_mb).values())
        out = {w: {"workers": w, "idle_peak_mb": peak(w), "all_seconds": [], "all_cores": []}
               for w in (2, 1)}
        two = out[2]
        two["small_n"] = small
        two["small_seconds"], _ = timed_fit(X[:small], start, iters, clients[2],
                                            two.setdefault("small_cores", []))
        two["small_cores"] = two["small_cores"][0]
        two["small_peak_mb"] = peak(2)
        for _ in range(repeats):
            for w in (2, 1):
                seconds, gm = timed_fit(X, start, iters, clients[w], out[w]["all_cores"])
                out[w]["all_seconds"].append(seconds)
                if w == 2:
                    gm_two = gm
        for w in (2, 1):
            out[w]["seconds"] = float(np.median(out[w]["all_seconds"]))
            out[w]["cores"] = float(np.median(out[w]["all_cores"]))
            out[w]["peak_mb"] = peak(w)
    return out[2], out[1], gm_two


def _autogroup():
    """Whether Linux shares CPU time between sessions first (then between their processes)."""
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def _rel(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def _sci(n):
    """``n`` for a formula: 10^{8}, 2 \\times 10^{7}."""
    k = int(np.floor(np.log10(n)))
    m = n / 10**k
    return f"10^{{{k}}}" if m == 1 else f"{m:.3g} \\times 10^{{{k}}}"


def write_markdown(r, path):
    n, two, one, mem = r["n"], r["two"], r["one"], r["memory"]
    per = lambda s, m: f"{s:.2f} s ({s / m * 1e9:.0f} ns per sample)"
    lines = [
        (f"Data: $n = {_sci(n)}$ samples, $d = {D}$, $K = {K}$, full covariances, float64, "
        f"{r['file_gb']:.2f} GB on disk, chunks of {r['rows']:,} rows "
        f"({r['rows'] * D * 8 / 2**20:.0f} MB); {r['iters']} EM iteration(s) and the final "
        "E-step per fit, from the same start; on all $n$, the median of "
        f"{r['repeats']} fits per cluster, alternating between the 2- and the 1-worker "
        "cluster."),
        "",
        "| run | time per iteration | peak memory per worker | CPU cores used |",
        "|---|---|---|---|",
        (f"| Dask, 2 workers, $n = {_sci(two['small_n'])}$ | "
        f"{per(two['small_seconds'], two['small_n'])} | {two['small_peak_mb']:.0f} MB | "
        f"{two['small_cores']:.2f} |"),
        (f"| Dask, 2 workers, $n = {_sci(n)}$ | {per(two['seconds'], n)} | "
        f"{two['peak_mb']:.0f} MB | {two['cores']:.2f} |"),
        (f"| Dask, 1 worker, $n = {_sci(n)}$ | {per(one['seconds'], n)} | "
        f"{one['peak_mb']:.0f} MB | {one['cores']:.2f} |"),
        (f"| in memory (fast path, {os.cpu_count()} threads), $n = {_sci(mem['n'])}$ | "
        f"{per(mem['seconds'], mem['n'])} | (the data: {mem['n'] * D * 8 / 1e9:.2f} GB "
        f"in the process) | {mem['cores']:.2f} |"),
        "",
        (f"A worker's memory after start-up (gmmlab imported, no data): "
        f"{two['idle_peak_mb']:.0f} MB. From 1 to 2 workers the time per iteration is divided by "
        f"{one['seconds'] / two['seconds']:.2f}; the workers used {two['cores']:.2f} and "
        f"{one['cores']:.2f} CPU cores on average (their CPU time over the wall time)"
        + (": the kernel divides CPU time between sessions (autogroup scheduling is on) and "
           "the workers belong to the benchmark's session, so while other sessions keep the "
           "cores busy a second worker gets little more CPU time, and this ratio shows the "
           "load rather than the scaling" if r["autogroup"] and two["cores"] < 1.5 else "")
        + ". The CPU time a pass cost per sample (wall time times cores used): "
        f"{two['seconds'] * two['cores'] / n * 1e9:.0f} ns on 2 workers, "
        f"{one['seconds'] * one['cores'] / n * 1e9:.0f} ns on 1 worker, "
        f"{mem['seconds'] * mem['cores'] / mem['n'] * 1e9:.0f} ns in memory"
        f". Per sample, the 2-worker Dask fit takes "
        f"{r['ratio']:.2f} times as long as the in-memory fast path on $n = {_sci(mem['n'])}$. "
        + (f"The Dask fit and the in-memory fit (same start, same data) differ by "
         f"{r['agreement']['lower_bound']:.1e} relative in the lower bound and "
         f"{r['agreement']['means']:.1e} in the means." if mem["n"] == n else
         "The in-memory fit used fewer samples, so the two fits are not compared.")),
        "",
        (f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, NumPy {np.__version__}, Dask {r['dask']}. "
        f"Load average: {r['load'][0]:.1f} at the start, {r['load'][1]:.1f} at the end "
        f"(1-minute; the machine is shared). Writing the file took {r['write_seconds']:.0f} s; "
        f"the whole benchmark {r['total_seconds']:.0f} s."),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def plot(r, path):
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    two, one, mem = r["two"], r["one"], r["memory"]
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    labels = ["in memory", "Dask, 1 worker", "Dask, 2 workers"]
    ns = [mem["seconds"] / mem["n"], one["seconds"] / r["n"], two["seconds"] / r["n"]]
    ax.bar(labels, np.array(ns) * 1e9, color=["0.6", "tab:orange", "tab:blue"])
    ax.set(title=f"Time per EM iteration (n = {r['n']:.0e}, d = {D}, K = {K})",
           ylabel="nanoseconds per sample")
    sizes = [two["small_n"], r["n"]]
    bx.plot(sizes, [two["small_peak_mb"], two["peak_mb"]], "o-", label="peak per worker")
    bx.plot(sizes, [s * D * 8 / 2**20 for s in sizes], "k--", label="size of the data")
    bx.axhline(two["idle_peak_mb"], color="0.5", lw=1, label="worker at start-up")
    bx.set(xscale="log", yscale="log", xlabel="number of samples n",
           ylabel="memory (MB)", title="Peak memory of a worker (2 workers)")
    bx.set_xticks(sizes, [f"{s:.0e}" for s in sizes])
    bx.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    bx.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    bx.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    bx.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=float, default=1e8, help="number of samples")
    parser.add_argument("--quick", action="store_true", help="n = 1e6")
    parser.add_argument("--iters", type=int, default=1, help="EM iterations per fit")
    parser.add_argument("--repeats", type=int, default=2,
                        help="fits on all n per cluster, alternating between the two")
    parser.add_argument("--rows", type=int, default=1 << 20, help="rows per chunk")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where the .npy is written (default: a temporary folder)")
    parser.add_argument("--report", action="store_true",
                        help="only write the .md and .png again from the stored .json")
    args = parser.parse_args()
    stem = "dask_benchmark_quick" if args.quick else "dask_benchmark"
    if args.report:
        r = json.loads((args.out / f"{stem}.json").read_text(encoding="utf-8"))
        write_markdown(r, args.out / f"{stem}.md")
        plot(r, args.out / f"{stem}.png")
        return
    n = int(1e6 if args.quick else args.n)
    rows = min(args.rows, max(n // 16, 1))
    import dask

    from gmmlab.numerics.distributed import from_npy

    t0, load0 = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(dir=args.data_dir) as tmp:
        path = Path(tmp) / "gmm_data.npy"
        t = time.perf_counter()
        write_data(path, n, rows)
        r = {"n": n, "rows": rows, "iters": args.iters,
             "repeats": args.repeats, "autogroup": _autogroup(), "write_seconds": time.perf_counter() - t,
             "file_gb": path.stat().st_size / 1e9, "dask": dask.__version__}
        X = from_npy(path, rows=rows)
        start = explicit_start(np.load(path, mmap_mode="r")[:10_000])
        print(f"n = {n:.3g}: 2 and 1 workers, interleaved ...", flush=True)
        r["two"], r["one"], gm_dask = on_clusters(X, start, args.iters, args.repeats,
                                                  small=n // 10)
        print(f"  {r['two']}\n  {r['one']}\nin memory ...", flush=True)
        import psutil

        n_mem = int(min(n, psutil.virtual_memory().available * 0.5 // (D * 8)))
        X_mem = np.array(np.load(path, mmap_mode="r")[:n_mem])
        cores = []
        seconds, gm_mem = timed_fit(X_mem, start, args.iters, cores=cores)
        del X_mem
        r["memory"] = {"n": n_mem, "seconds": seconds, "cores": cores[0]}
        if n_mem == n:
            r["agreement"] = {"lower_bound": _rel(gm_dask.lower_bound_, gm_mem.lower_bound_),
                              "means": _rel(gm_dask.means_, gm_mem.means_)}
        else:
            r["agreement"] = {"lower_bound": float("nan"), "means": float("nan")}
    r["ratio"] = (r["two"]["seconds"] / n) / (r["memory"]["seconds"] / r["memory"]["n"])
    r["load"] = [load0, os.getloadavg()[0]]
    r["total_seconds"] = time.perf_counter() - t0
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{stem}.json").write_text(json.dumps(r, indent=1), encoding="utf-8")
    write_markdown(r, args.out / f"{stem}.md")
    plot(r, args.out / f"{stem}.png")
    print((args.out / f"{stem}.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
