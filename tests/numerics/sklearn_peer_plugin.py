"""pytest plugin: run scikit-learn's GaussianMixture tests with gmmlab.GaussianMixture in its place.

Loaded with ``-p sklearn_peer_plugin`` by ``test_sklearn_peer_suite.py`` in a separate pytest
process. After collection, the test module's name ``GaussianMixture`` is rebound to gmmlab's
class (the tests look it up at call time, so every test builds a gmmlab estimator); the tests
named in ``GMM_PEER_DESELECT`` are not run. Each outcome is written to ``GMM_PEER_OUT`` as JSON:
``{"replaced": [module names], "results": {test id: [outcome, last line of the error]}}``.
"""

import json
import os

import gmmlab

_results = {}
_replaced = []


def pytest_collection_modifyitems(config, items):
    names = set(json.loads(os.environ.get("GMM_PEER_DESELECT", "[]")))
    kept, dropped = [], []
    for item in items:
        (dropped if item.originalname in names else kept).append(item)
        module = getattr(item, "module", None)
        original = getattr(module, "GaussianMixture", None)
        if original is not None and original is not gmmlab.GaussianMixture:
            module.GaussianMixture = gmmlab.GaussianMixture
            _replaced.append(module.__name__)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = kept


def pytest_runtest_logreport(report):
    if report.when != "call" and report.outcome == "passed":
        return
    test_id = report.nodeid.split("::", 1)[-1]
    message = ""
    if report.outcome == "failed":
        lines = report.longreprtext.strip().splitlines()
        errors = [line for line in lines if line.startswith("E ")]
        message = (errors[-1] if errors else lines[-1])[:300]
    elif report.outcome == "skipped" and isinstance(report.longrepr, tuple):
        message = str(report.longrepr[-1])
    # A failure in setup or teardown counts against the test even if its call passed.
    if _results.get(test_id, ["passed"])[0] == "passed":
        _results[test_id] = [report.outcome, message]


def pytest_sessionfinish(session):
    with open(os.environ["GMM_PEER_OUT"], "w", encoding="utf-8") as f:
        json.dump({"replaced": _replaced, "results": _results}, f, indent=1)
