"""How govaudit starts Chromium: Debian's /usr/bin/chromium, headless, with no background networking."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from core.errors import GovauditError, InputError

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]


def chromium_path() -> str:
    path = os.environ.get("GOVAUDIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise GovauditError("Chromium is not installed (looked for /usr/bin/chromium)",
                            "install it with `apt-get install chromium chromium-driver`, or set GOVAUDIT_CHROMIUM")
    return path


def chromium_args() -> list[str]:
    return list(CHROMIUM_FLAGS)


def fresh_profile_dir() -> str:
    return tempfile.mkdtemp(prefix="govaudit-chromium-")


# -- the browser worker pool --------------------------------------------------------------------------------------
# At most `browser_workers` stages drive a browser at once on this machine (default: one per core): more browsers
# than cores only make every page slower, and each stage reuses its browser across its pages.
_pool_lock = threading.Lock()
_pool: threading.BoundedSemaphore | None = None
_pool_size = 0


def default_browser_workers() -> int:
    return max(1, os.cpu_count() or 1)


def browser_workers(settings: dict | None) -> int:
    """The `audit.browser_workers` setting (a whole number ≥ 1), or one per core."""
    value = (settings or {}).get("browser_workers")
    if value is None:
        return default_browser_workers()
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"audit.browser_workers: {value!r} must be a whole number of at least 1",
                         "set it to the number of browsers to run at once (default: the number of cores)")
    return value


def configure_browser_pool(size: int) -> None:
    global _pool, _pool_size
    with _pool_lock:
        _pool, _pool_size = threading.BoundedSemaphore(size), size


@contextlib.contextmanager
def browser_slot() -> Iterator[None]:
    """Hold one of the pool's browser slots while a stage drives its browser."""
    with _pool_lock:
        pool = _pool
    if pool is None:  # no pool configured (a single component under test): no limit
        yield
        return
    with pool:
        yield
