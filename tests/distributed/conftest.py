"""Real Redis and PostgreSQL on loopback for the distributed tests, started by scripts/services.sh once per session
and stopped afterwards. Skipped (with the reason) only when the Debian binaries are not installed."""

from __future__ import annotations

import glob
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crawler.store import RunStore
from tests.conftest import ROOT

SERVICES = ROOT / "scripts" / "services.sh"


def _missing_binaries() -> list[str]:
    missing = [] if shutil.which("redis-server") else ["redis-server"]
    if not (glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb")):
        missing.append("postgresql (initdb)")
    return missing


@pytest.fixture(scope="session")
def services() -> Iterator[dict[str, str]]:
    """{"broker": redis://…, "store": postgresql://…} of services started for this session."""
    missing = _missing_binaries()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (apt-get install -y redis-server postgresql)")
    base = Path(tempfile.mkdtemp(prefix="govaudit-services-"))
    result = subprocess.run(["bash", str(SERVICES), "start", str(base)], capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        subprocess.run(["bash", str(SERVICES), "stop", str(base)], capture_output=True, timeout=120)
        raise AssertionError(f"scripts/services.sh start failed:\n{result.stdout}\n{result.stderr}")
    env = dict(line.split("=", 1) for line in result.stdout.strip().splitlines() if "=" in line)
    try:
        yield {"broker": env["GOVAUDIT_BROKER"], "store": env["GOVAUDIT_STORE"], "dir": str(base)}
    finally:
        subprocess.run(["bash", str(SERVICES), "stop", str(base)], capture_output=True, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], RunStore]:
    """A function opening one fresh store of the backend under test (again and again: the same store)."""
    if request.param == "sqlite":
        location: str | Path = tmp_path / "run.sqlite"
    else:
        services = request.getfixturevalue("services")
        location = f"{services['store']}#contract_{uuid.uuid4().hex[:12]}"  # a fresh run schema per test
    return lambda: RunStore(location)
