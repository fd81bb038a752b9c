"""Fixtures shared by the numerics tests."""

import sys

import pytest


@pytest.fixture(scope="module", autouse=True)
def spawnable_main():
    """Let multiprocessing spawn worker processes (Dask's LocalCluster) from this test process.

    Spawning reads ``sys.modules["__main__"].__spec__``. A test run that also drives an
    in-process IPython shell can leave a ``__main__`` without that attribute, and a
    LocalCluster's nanny then fails to start ("module has no attribute '__spec__'").
    ``None`` is what a ``python -c`` process has.
    """
    main = sys.modules["__main__"]
    missing = not hasattr(main, "__spec__")
    if missing:
        main.__spec__ = None
    yield
    if missing and getattr(main, "__spec__", 0) is None:
        del main.__spec__
