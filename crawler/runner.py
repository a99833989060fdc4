"""Runs the site crawls for a set of bodies in a child process and reports what happened."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawler.store import STORE_NAME, RunStore
from govaudit.errors import GovauditError
from govaudit.log import log
from govaudit.targets import Body


def crawl_sites(run_dir: Path, bodies: list[Body], *, max_pages: int = 3000, max_seconds: float = 1800,
                year_now: int | None = None, robots_policy: str = "obey",
                scrapy_settings: dict[str, Any] | None = None) -> None:
    """Crawl every stand-alone site of the given bodies that is not already marked done."""
    store = RunStore.in_dir(run_dir)
    try:
        jobs = [f"{b.key}={site}" for b in bodies if b.platform == "standalone" for site in b.sites
                if store.progress(b.key, f"crawl:{site}") != "done"]
    finally:
        store.close()
    if not jobs:
        log.info("[crawl] nothing to crawl (all sites done)")
        return
    log.info("[crawl] crawling %d site(s)", len(jobs))
    cmd = [sys.executable, "-m", "crawler.crawl_process", "--store", str(run_dir / STORE_NAME),
           "--max-pages", str(max_pages), "--max-seconds", str(max_seconds), "--robots-policy", robots_policy,
           "--settings", json.dumps(scrapy_settings or {})]
    if year_now:
        cmd += ["--year-now", str(year_now)]
    for job in jobs:
        cmd += ["--job", job]
    proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parent.parent)
    returncode = _wait_with_progress(proc, run_dir / STORE_NAME)
    if returncode == 130 or returncode < 0:
        raise KeyboardInterrupt
    if returncode not in (0, 3):
        raise GovauditError(f"the crawler process failed (exit code {returncode})",
                            "see the messages above; resume with `govaudit run --resume DIR`")


def _wait_with_progress(proc: subprocess.Popen, store_path: Path, every_s: float = 5.0) -> int:
    """Wait for the crawl, logging how many pages the store holds every few seconds."""
    last = -1
    while True:
        try:
            return proc.wait(timeout=every_s)
        except subprocess.TimeoutExpired:
            pass
        try:
            db = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True, timeout=1)
            count = db.execute("SELECT count(*) FROM pages").fetchone()[0]
            db.close()
        except sqlite3.Error:
            continue
        if count != last:
            log.info("[crawl] %d pages stored so far", count)
            last = count
