"""nbval's kernel start is retried when the kernel dies before it answers (root conftest.py)."""

import nbval.kernel
import pytest

DIED = "Kernel died before replying to kernel_info"


def _failing(times, calls):
    def start(*args, **kwargs):
        calls.append((args, kwargs))
        if len(calls) <= times:
            raise RuntimeError(DIED)
        return "manager", "client"
    return start


def test_a_kernel_that_dies_at_start_is_started_again(monkeypatch):
    start = nbval.kernel.start_new_kernel
    calls = []
    monkeypatch.setitem(start.__globals__, "_start_new_kernel", _failing(2, calls))
    with pytest.warns(RuntimeWarning) as warned:
        assert start(kernel_name="k", cwd="/tmp") == ("manager", "client")
    assert [str(w.message).split(" (")[0] for w in warned] == [
        "kernel start 1 of 3 failed", "kernel start 2 of 3 failed"]
    assert len(calls) == 3
    assert all(kwargs == {"kernel_name": "k", "cwd": "/tmp"} for _, kwargs in calls)


def test_the_last_failure_is_raised(monkeypatch):
    start = nbval.kernel.start_new_kernel
    calls = []
    monkeypatch.setitem(start.__globals__, "_start_new_kernel", _failing(5, calls))
    with pytest.warns(RuntimeWarning), pytest.raises(RuntimeError, match=DIED):
        start()
    assert len(calls) == start.__globals__["KERNEL_STARTS"] == 3


def test_other_errors_are_not_retried(monkeypatch):
    start = nbval.kernel.start_new_kernel
    calls = []

    def missing(*args, **kwargs):
        calls.append(1)
        raise KeyError("no such kernel")
    monkeypatch.setitem(start.__globals__, "_start_new_kernel", missing)
    with pytest.raises(KeyError):
        start()
    assert calls == [1]
