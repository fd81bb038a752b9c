"""Finding a headless-capable Chromium for the browser tests of the course site."""

from __future__ import annotations

import shutil

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SKIP_REASON = "SKIPPED: chromium not installed — apt-get install chromium"


def find_browser() -> str | None:
    """Return the path of a headless-capable Chromium, or None."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None
