"""A worker process lost in the middle of a Dask fit: the fit finishes with the same answer, or says why not.

Each test starts its own 2-worker LocalCluster (loopback, processes) and, from the second EM
pass on, SIGKILLs one worker process at a chosen moment: a scheduler plugin (the scheduler of a
LocalCluster runs in this process) kills the worker that holds or runs the first chunk task of
that pass.  The answer is compared with the in-memory fit from the same start.  Every fit runs
under a time limit, so a hang fails the test instead of blocking it.
"""

import collections
import concurrent.futures
import contextlib
import logging
import os
import signal
import warnings

import dask
import dask.array as da
import distributed
import numpy as np
import pytest
from dask.utils import key_split
from distributed.diagnostics.plugin import SchedulerPlugin

from gmmlab import GaussianMixture
from gmmlab.numerics import distributed as dist

pytestmark = pytest.mark.slow  # each test starts a cluster of its own

N, D, K, ROWS = 12_000, 3, 3, 2_500
TIME_LIMIT = 120  # seconds for a fit of 5 iterations on 12 000 rows (well under 1 s unhurt)


class KillWorker(SchedulerPlugin):
    """Once armed, SIGKILLs the worker process of the first chunk task that reaches ``when``.

    ``when="memory"``: the worker holding the task's result (it must be computed again);
    ``when="processing"``: the worker the task has just been given to.
    """

    def __init__(self, scheduler, pids, when):
        self.scheduler, self.pids, self.when = scheduler, pids, when
        self.armed, self.killed = False, None
        self.runs = collections.Counter()  # chunk task -> times it was given to a worker

    def transition(self, key, start, finish, *args, **kwargs):
        if key_split(key) != "chunk_pass":  # the tasks of _chunk_pass (key_split drops the _)
            return
        self.runs[key] += finish == "processing"
        if self.armed and self.killed is None and finish == self.when:
            ts = self.scheduler.tasks[key]
            ws = ts.processing_on if finish == "processing" else next(iter(ts.who_has))
            self.killed = (key, ws.address)
            os.kill(self.pids[ws.address], signal.SIGKILL)


@contextlib.contextmanager
def cluster_with_killer(when, **config):
    """(client, plugin) on a fresh 2-worker LocalCluster; ``config`` for its scheduler."""
    with dask.config.set(config), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     host="127.0.0.1", dashboard_address=None,
                                     silence_logs=logging.CRITICAL) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=TIME_LIMIT)
        plugin = KillWorker(cluster.scheduler, client.run(os.getpid), when)
        cluster.scheduler.add_plugin(plugin, name="kill-worker")
        yield client, plugin


@pytest.fixture()
def arm_on_second_pass(monkeypatch):
    """Arms the plugin when the second EM pass starts (after one whole iteration)."""
    calls = []

    def arm(plugin):
        real = dist.em_pass

        def counting(*args, **kwargs):
            calls.append(1)
            plugin.armed = plugin.armed or len(calls) == 2
            return real(*args, **kwargs)

        monkeypatch.setattr(dist, "em_pass", counting)

    return arm


def data_and_start():
    rng = np.random.default_rng(17)
    centers = 1e4 + rng.normal(scale=3.0, size=(K, D))
    X = centers[rng.integers(K, size=N)] + rng.normal(size=(N, D))
    start = {"weights_init": np.full(K, 1 / K), "means_init": X[rng.choice(N, K)],
             "precisions_init": np.stack([np.eye(D)] * K), "max_iter": 5, "tol": 0.0}
    return X, start


def fit_within_time_limit(client, X, start):
    """The fit, in a thread this test waits for at most TIME_LIMIT seconds."""
    def fit():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tol=0 never converges
            return GaussianMixture(K, **start).fit(X)

    pool = concurrent.futures.ThreadPoolExecutor(1)
    try:
        with dask.config.set(scheduler=client):
            return pool.submit(fit).result(timeout=TIME_LIMIT)
    finally:
        pool.shutdown(wait=False)


def _assert_close(got, want, rtol=1e-10):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    err = np.max(np.abs(got - want)) / np.max(np.abs(want))
    assert err <= rtol, f"relative difference {err:.2e} > {rtol:.0e}"


@pytest.mark.parametrize("source", ["graph", "persisted"])
def test_fit_survives_a_lost_worker(arm_on_second_pass, source):
    """The dead worker held a finished chunk result (and, persisted, chunks of X): recomputed."""
    X, start = data_and_start()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = GaussianMixture(K, **start).fit(X)
    with cluster_with_killer("memory") as (client, plugin):
        Xd = da.from_array(X, chunks=(ROWS, D))
        if source == "persisted":  # chunks of X live only in the workers' memory
            Xd = client.persist(Xd)
        arm_on_second_pass(plugin)
        got = fit_within_time_limit(client, Xd, start)
        assert plugin.killed is not None, "no worker was killed during the fit"
        key, address = plugin.killed
        assert plugin.runs[key] >= 2, "the lost chunk result was not computed again"
        assert address not in client.scheduler_info()["workers"]
    assert got.n_iter_ == want.n_iter_ == 5
    _assert_close(got.lower_bound_, want.lower_bound_)
    for name in ("weights_", "means_", "covariances_"):
        _assert_close(getattr(got, name), getattr(want, name))


def test_a_task_whose_workers_keep_dying_stops_the_fit_with_a_clear_error(arm_on_second_pass):
    """No retry allowed: the task's worker dies while running it, and the fit says why it stops."""
    X, start = data_and_start()
    with cluster_with_killer("processing",
                             **{"distributed.scheduler.allowed-failures": 0}) as (client, plugin):
        arm_on_second_pass(plugin)
        with pytest.raises(RuntimeError, match=r"EM pass over X cannot finish: .*died.*"
                                               r"memory limit.*X\.rechunk"):
            fit_within_time_limit(client, da.from_array(X, chunks=(ROWS, D)), start)
        assert plugin.killed is not None
