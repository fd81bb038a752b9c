"""Browser tests of the built site: register the marker and say loudly when Chromium is missing."""

from __future__ import annotations

from chromium_helpers import SKIP_REASON, find_browser


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: needs the built book or takes more than a few seconds")


def pytest_terminal_summary(terminalreporter):
    if find_browser() is None:
        terminalreporter.write_sep("!", SKIP_REASON, red=True, bold=True)
        terminalreporter.write_line(
            "The browser tests of the course site did not run: they were SKIPPED, not passed."
        )
