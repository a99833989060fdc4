"""A crawl killed with SIGKILL resumes: nothing stored is lost or fetched twice; findings equal a clean run's."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from fixtures.bodies import FIXTURE_BODIES
from fixtures.legacy.site import build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers, Request, Response
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.integration


class CountingSite:
    """The legacy fixture, slowed down a little, counting the crawler's GETs per path (browser gatherers that
    load pages after the crawl are not the crawler and are not counted)."""

    def __init__(self) -> None:
        self.inner = build(DEFAULT_SEED)
        self.name, self.host = self.inner.name, self.inner.host
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    def handle(self, request: Request) -> Response:
        key = request.path + ("?" + "&".join(f"{k}={v[0]}" for k, v in sorted(request.query.items()))
                              if request.query else "")
        if request.headers.get("user-agent", "").startswith("govaudit/"):
            with self.lock:
                self.hits[key] += 1
        response = self.inner.handle(request)
        response.delay = 0.04
        return response


def _targets(tmp: Path, base: str) -> Path:
    body = dict(FIXTURE_BODIES["aviation"], sites=[base + "/"])
    path = tmp / "targets.yaml"
    polite = {"CONCURRENT_REQUESTS_PER_DOMAIN": 2, "AUTOTHROTTLE_ENABLED": False}
    # the crawl is under test here; browser gatherers after it are skipped to keep the test short
    path.write_text(yaml.safe_dump({"audit": {"scrapy_settings": polite, "gatherers": []},
                                    "bodies": {"aviation": body}},
                                   allow_unicode=True))
    return path


def _stored(run_dir: Path) -> set[str]:
    if not (run_dir / "run.sqlite").exists():
        return set()
    db = sqlite3.connect(run_dir / "run.sqlite")
    try:
        return {u for (u,) in db.execute("SELECT url FROM pages")}
    except sqlite3.OperationalError:
        return set()
    finally:
        db.close()


def _path(url: str) -> str:
    rest = url.split("://", 1)[1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


def _comparable(findings: list[dict]) -> list[dict]:
    return sorted(json.dumps(f, sort_keys=True) for f in findings)


def test_sigkill_mid_crawl_then_resume(tmp_path):
    site = CountingSite()
    with FixtureServers([site]) as servers:
        targets = _targets(tmp_path, servers.urls["legacy"])
        run_dir = tmp_path / "run"
        proc = subprocess.Popen([sys.executable, "-m", "govaudit.cli", "--quiet", "run", "--targets", str(targets),
                                 "--out", str(run_dir), "--no-screenshots"], cwd=ROOT, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(_stored(run_dir)) < 25 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        before = _stored(run_dir)
        assert 25 <= len(before) < 90, "the crawl should have been interrupted mid-way"
        hits_before = Counter(site.hits)

        result = run_cli("--quiet", "run", "--resume", str(run_dir), "--no-screenshots")
        assert result.returncode == 0, result.stderr[-3000:]
        after = _stored(run_dir)
        assert before <= after  # nothing stored was lost
        # robots.txt is read afresh by every crawl (politeness), so it is not counted as a page re-fetch
        refetched = [u for u in before if site.hits[_path(u)] > hits_before[_path(u)] and not u.endswith("/robots.txt")]
        assert refetched == [], "pages stored before the kill were fetched again"

        clean_site_hits = Counter(site.hits)
        clean_dir = tmp_path / "clean"
        result = run_cli("--quiet", "run", "--targets", str(targets), "--out", str(clean_dir), "--no-screenshots")
        assert result.returncode == 0, result.stderr[-3000:]
    assert sum(site.hits.values()) > sum(clean_site_hits.values())
    assert after == _stored(clean_dir)
    resumed = json.loads((run_dir / "findings.json").read_text())
    clean = json.loads((clean_dir / "findings.json").read_text())
    assert _comparable(resumed) == _comparable(clean)
