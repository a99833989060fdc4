"""Shared test helpers: run the real `govaudit` command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, timeout: float = 600, check: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    result = subprocess.run([sys.executable, "-m", "govaudit.cli", *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=timeout, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"govaudit {' '.join(args)} exited {result.returncode}\n{result.stderr[-4000:]}")
    return result


@pytest.fixture
def cli():
    return run_cli
