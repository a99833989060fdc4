"""How govaudit starts Chromium: Debian's /usr/bin/chromium, headless, with no background networking."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from govaudit.errors import GovauditError

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
