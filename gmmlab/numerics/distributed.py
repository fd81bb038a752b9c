"""EM on a Dask array: a map over row chunks, a tree reduction of centred statistics, the M-step on the client.

An EM iteration needs the data only through sums.  For every row chunk of ``X`` one task runs
the in-memory pass (:func:`gmmlab.numerics.fast.passes.em_pass`, block by block as a fit in
memory does): the log-sum-exp E-step and the chunk's centred statistics ``(N_k, m_k, S_k)`` of
:class:`~gmmlab.numerics.fast.statistics.ChunkStatistics`.  The partial results are merged by a
tree of tasks with Chan's pairwise update, so that ``O(K d^2)`` numbers per chunk travel, never
the ``O(n d)`` data; the client receives one summary and runs the M-step.  The current parameters
are one task of the graph: each worker receives them once per iteration.

This module imports Dask; the estimator imports it only when it is given a Dask array.  The
scheduler is Dask's current one: the threads of this process by default, a
``distributed.Client`` once one is created, or ``dask.config.set(scheduler=client)``.  Any Dask
array works as input: a memory-mapped ``.npy`` (:func:`from_npy`), a zarr array on disk
(``dask.array.from_zarr``), or one persisted on a cluster.

Progress: ``GaussianMixture(verbose=1)`` shows a tqdm bar over the iterations (one step per
pass over ``X``, see :func:`iterations`) under the bar over the initialisations;
``verbose=2, verbose_interval=1`` also prints a line per iteration, and Dask's own bars
(``dask.diagnostics.ProgressBar`` on the local scheduler, the dashboard of a cluster) show the
tasks of each pass.

A lost worker: tasks are pure (they read their chunk and return statistics) and the data are
never scattered, so a cluster that loses a worker computes the lost chunks again elsewhere and
the fit gives the same answer.  When a worker dies more often than the scheduler allows
(``distributed.scheduler.allowed-failures``) the pass raises a RuntimeError saying so.
"""

import copy
import math
import os

import dask
import dask.array as da
import numpy as np

from .fast.passes import CHUNKS_PER_BLOCK, blas_limited, chunk_rows
from .fast.passes import em_pass as memory_pass
from .validation import check_n_features, check_shape, nonfinite_message

__all__ = ["INIT_SAMPLE_ROWS", "SPLIT_EVERY", "check_data", "em_pass", "from_npy",
           "initial_params", "iterations", "predict"]

#: The initialisation reads at most this many rows (all of X when it has no more).
INIT_SAMPLE_ROWS = 100_000
#: Partial results merged by one task of the reduction tree.
SPLIT_EVERY = 8
#: The one-hot starts, whose weights are N_k / n with only K rows set (see initial_params).
_ONE_HOT = ("k-means++", "random_from_data")


# ---------------------------------------------------------------- input
def check_data(X, name="X", *, min_samples=1, n_features=None, estimator_name=None,
               dtypes=(np.float64,)):
    """Check a Dask array by its shape and dtype, as :func:`gmmlab.numerics.validation.check_data`.

    Nothing is read: NaN and infinity are found by the tasks that read the chunks (the error
    is raised by ``compute``, with the in-memory message).

    Parameters
    ----------
    X : dask.array.Array of shape (n_samples, n_features)
    name, min_samples, n_features, estimator_name, dtypes
        As for the in-memory check.

    Returns
    -------
    X : dask.array.Array of shape (n_samples, n_features)
        One chunk along the features (rechunked if it was split), dtype one of ``dtypes``.
    """
    if any(math.isnan(s) for s in X.shape):
        raise ValueError(f"{name} has unknown chunk sizes; call {name}.compute_chunk_sizes() "
                         "before fitting.")
    if X.dtype.kind == "c":
        raise ValueError(f"{name} must be real-valued: Complex data not supported.")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{name} must contain numbers, got dtype {X.dtype}.")
    check_shape(X.shape, name, min_samples=min_samples)
    if len(X.chunks[1]) > 1:  # a sample's features must be read together
        X = X.rechunk({1: -1})
    if not any(X.dtype == np.dtype(t) for t in dtypes):
        X = X.astype(dtypes[0])
    check_n_features(X.shape[1], n_features, estimator_name)
    return X


class _NpyRows:
    """The rows of a ``.npy`` file, read from disk on demand (picklable: only the path travels)."""

    def __init__(self, path):
        self.path = os.fspath(path)
        with open(self.path, "rb") as f:
            version = np.lib.format.read_magic(f)
            read = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                    else np.lib.format.read_array_header_2_0)
            self.shape, fortran, self.dtype = read(f)
            self.offset = f.tell()
        if fortran or len(self.shape) != 2:
            raise ValueError(f"{self.path} must hold a 2-D array in C order, got shape "
                             f"{self.shape}{' in Fortran order' if fortran else ''}.")
        self.ndim = 2

    def __getitem__(self, key):
        key = key if isinstance(key, tuple) else (key,)
        rows = key[0]
        if isinstance(rows, slice) and rows.step in (None, 1):
            a, b, _ = rows.indices(self.shape[0])
            b = max(a, b)
            row_bytes = self.shape[1] * self.dtype.itemsize
            block = np.fromfile(self.path, dtype=self.dtype, count=(b - a) * self.shape[1],
                                offset=self.offset + a * row_bytes).reshape(b - a, self.shape[1])
            return block[(slice(None), *key[1:])]
        return np.array(np.load(self.path, mmap_mode="r")[key])


def from_npy(path, rows=None):
    """A Dask array over a ``.npy`` file; each task reads its own rows (the file is never loaded).

    Parameters
    ----------
    path : str or Path
        A 2-D array saved with ``numpy.save`` (C order).
    rows : int or None
        Rows per chunk; default about 2**21 numbers (16 MB in float64) per chunk.

    Returns
    -------
    X : dask.array.Array of shape (n_samples, n_features)
    """
    src = _NpyRows(path)
    rows = rows or max(1, (1 << 21) // src.shape[1])
    stat = os.stat(src.path)
    name = "npy-" + dask.base.tokenize(src.path, stat.st_size, stat.st_mtime_ns)
    return da.from_array(src, chunks=(rows, -1), name=name,
                         meta=np.empty((0, src.shape[1]), dtype=src.dtype))


# ---------------------------------------------------------------- one EM iteration
def _blocks(n, n_features, n_components):
    """Row ranges of the blocks an in-memory pass works on (its one-thread unit)."""
    step = chunk_rows(n_features, n_components) * CHUNKS_PER_BLOCK
    return [(a, min(a + step, n)) for a in range(0, n, step)]


def _read(x):
    x = np.asarray(x)  # computed in its dtype (float32 or float64), as in memory
    x = x if x.dtype == np.float32 else x.astype(np.float64, copy=False)
    if not np.isfinite(x).all():
        raise ValueError(nonfinite_message("X"))
    return x


def _chunk_pass(x, params, covariance_type, reg_covar, want_stats):
    """One task: log-likelihoods and merged centred statistics of one chunk of rows."""
    x = _read(x)
    weights, means, pchol = params
    lls, stats = [], None
    with blas_limited():  # the cluster runs tasks side by side; BLAS must not add threads
        for a, b in _blocks(len(x), x.shape[1], len(weights)):
            ll, s = memory_pass(x[a:b], weights, means, pchol, covariance_type,
                                want_stats=want_stats, reg_covar=reg_covar)
            lls.append(ll)
            stats = s if stats is None or s is None else stats.merge(s)
    return lls, stats


def _combine(*parts):
    """One task of the tree: the partial results merged in chunk order (Chan's update)."""
    lls, stats = [], None
    for part_lls, part in parts:
        lls.extend(part_lls)
        if part is not None:  # a chunk with no rows has no statistics
            stats = copy.deepcopy(part) if stats is None else stats.merge(part)
    return lls, stats


def em_pass(X, weights, means, precisions_chol, covariance_type, *, want_stats=True,
            reg_covar=0.0, labels_out=None):
    """One EM sweep over a Dask array, as :func:`gmmlab.numerics.fast.passes.em_pass`.

    Parameters
    ----------
    X : dask.array.Array of shape (n_samples, n_features), one chunk along the features
    weights, means, precisions_chol, covariance_type
        Current parameters (float64).
    want_stats : bool
        Also return the merged M-step statistics.
    reg_covar : float
        As for the in-memory pass.
    labels_out : None
        Only None: predictions on a Dask array are lazy (:func:`predict`), never written into
        an array in memory.

    Returns
    -------
    log_likelihood : float
    stats : ChunkStatistics or None
    """
    if labels_out is not None:
        raise TypeError("labels_out is not supported on a Dask array; use predict(X).")
    params = dask.delayed((np.asarray(weights), np.asarray(means), np.asarray(precisions_chol)),
                          traverse=False)
    task = dask.delayed(_chunk_pass, pure=True)
    parts = [task(block, params, covariance_type, reg_covar, want_stats)
             for block in X.to_delayed().ravel()]
    merge = dask.delayed(_combine, pure=True)
    while len(parts) > 1:
        parts = [merge(*parts[i:i + SPLIT_EVERY]) for i in range(0, len(parts), SPLIT_EVERY)]
    try:
        lls, stats = dask.compute(parts[0])[0]
    except Exception as err:
        if type(err).__name__ != "KilledWorker":  # distributed's; not imported without it
            raise
        mb = max(X.chunks[0]) * X.shape[1] * 8 / 2**20
        raise RuntimeError(
            f"The EM pass over X cannot finish: {err} A worker often dies from its memory "
            f"limit: a task holds one chunk of X ({mb:.0f} MB in float64) and its statistics; "
            "use smaller chunks (X.rechunk) or more memory per worker.") from err
    return math.fsum(lls), stats


def iterations(max_iter, verbose):
    """The iteration numbers ``1 .. max_iter`` of a fit on a Dask array, with a bar if ``verbose``.

    An iteration is a pass over all of ``X`` (seconds to minutes out of core), so a tqdm bar
    shows every one of them (``mininterval=0``), without changing the fit.

    Parameters
    ----------
    max_iter : int
    verbose : int
        0: no bar (the default of GaussianMixture); 1 or more: a bar, removed when the fit ends.

    Yields
    ------
    int
    """
    steps = range(1, max_iter + 1)
    if not verbose:
        yield from steps
        return
    from tqdm.auto import tqdm

    with tqdm(steps, desc="EM iterations (passes over X)", leave=False, mininterval=0,
              miniters=1) as bar:
        yield from bar


# ---------------------------------------------------------------- initialisation
def initial_params(model, X, rng):
    """(weights, means, precisions_chol) to start EM on a Dask array, by the in-memory rules.

    The start is drawn on all of ``X`` when it has at most ``INIT_SAMPLE_ROWS`` rows (then it
    is the in-memory start, bit for bit), otherwise on at most that many distinct rows drawn by
    ``rng`` (uniformly, with repeats removed: drawing without replacement would shuffle all n).
    The one-hot starts keep the in-memory weights ``N_k / n`` (``n`` of all of ``X``).

    This is the rule the estimator follows for every ``init_params``, k-means++ included: its
    ``K`` seeding rounds run on the sample (exact k-means++ on all of ``X`` would need ``K``
    passes over the data, not one), and EM then runs on all of ``X``.

    Parameters
    ----------
    model : GaussianMixture
    X : dask.array.Array of shape (n_samples, n_features), the user's dtype
    rng : numpy RandomState
    """
    n, d = X.shape
    given = (model.weights_init, model.means_init, model.precisions_init)
    if all(p is not None for p in given):
        sample = np.empty((0, d), dtype=X.dtype)  # nothing to draw: no data is read
    elif n <= INIT_SAMPLE_ROWS:
        sample = X.compute()
    else:
        sample = X[np.unique(rng.randint(0, n, size=INIT_SAMPLE_ROWS))].compute()
    sample = np.ascontiguousarray(sample)
    if not np.isfinite(sample).all():
        raise ValueError(nonfinite_message("X"))
    weights, means, pchol = model._initial_params(sample.astype(np.float64), rng, sample)
    if len(sample) < n and model.weights_init is None and model.init_params in _ONE_HOT:
        weights = weights * (len(sample) / n)
    return weights, means, pchol


# ---------------------------------------------------------------- predictions
def _predict_block(x, params, covariance_type, what, out_dtype):
    x = _read(x)
    n, K = len(x), len(params[0])
    out = np.empty((n, K) if what == "resp" else n, out_dtype)
    with blas_limited():
        for a, b in _blocks(n, x.shape[1], K):
            memory_pass(x[a:b], *params, covariance_type, want_stats=False,
                        **{f"{what}_out": out[a:b]})
    return out


def predict(X, params, covariance_type, what):
    """A lazy prediction on a Dask array, chunk by chunk.

    Parameters
    ----------
    X : dask.array.Array of shape (n_samples, n_features), one chunk along the features
    params : tuple of ndarray
        (weights, means, precisions_chol), float64.
    covariance_type : str
    what : {"resp", "logprob", "labels"}

    Returns
    -------
    dask.array.Array
        ``resp``: (n_samples, n_components) in the dtype of ``X``; ``logprob``: (n_samples,)
        in the dtype of ``X``; ``labels``: (n_samples,) integers.
    """
    dtype = np.dtype(np.intp) if what == "labels" else X.dtype
    kwargs = {"params": params, "covariance_type": covariance_type, "what": what,
              "out_dtype": dtype, "dtype": dtype}
    if what == "resp":
        return X.map_blocks(_predict_block, chunks=(X.chunks[0], (len(params[0]),)),
                            meta=np.empty((0, 0), dtype), **kwargs)
    return X.map_blocks(_predict_block, drop_axis=1, meta=np.empty(0, dtype), **kwargs)
