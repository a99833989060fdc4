"""Worker processes on real Redis and PostgreSQL: the findings equal a single-process run's on the same fixture
sites, and a worker killed with SIGKILL mid-crawl loses nothing — its job is re-queued and resumes from what the
store holds, no stored page is fetched or stored again, nothing of the killed job keeps running."""

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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.store import RunStore
from fixtures.registry import build_sites
from fixtures.server import FixtureServers, Request, Response
from fixtures.targets import fixture_targets
from tests.conftest import ROOT, run_cli

# a single-process baseline, then whole runs on workers (with a browser gatherer): minutes on a busy 2-core machine
pytestmark = [pytest.mark.integration, pytest.mark.timeout(1800)]

# Two stand-alone bodies (aviation, sport) and three gatherers: enough for jobs on several workers, a crawl long
# enough to be killed mid-way (legacy) and files crossing machines (display), at a third less than three sites.
SITES = ["legacy", "agency"]
GATHERERS = ["a11y_html", "site_announcements", "display"]  # display takes screenshots: files cross machines


class CountingSite:
    """A fixture site, slowed a little (so a crawl can be killed mid-way), counting the crawler's GETs per path."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.host = inner, inner.name, inner.host
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    def handle(self, request: Request) -> Response:
        if request.headers.get("user-agent", "").startswith("govaudit/"):
            key = request.path + ("?" + "&".join(f"{k}={v[0]}" for k, v in sorted(request.query.items()))
                                  if request.query else "")
            with self.lock:
                self.hits[key] += 1
        response = self.inner.handle(request)
        response.delay = 0.05
        return response


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The fixture sites on loopback, their targets file and a single-process run's results on them."""
    tmp = tmp_path_factory.mktemp("distributed")
    sites = {s.name: CountingSite(s) for s in build_sites(SITES)}
    with FixtureServers(list(sites.values())) as servers:
        targets = fixture_targets(servers.urls)
        targets["audit"]["gatherers"] = GATHERERS
        path = tmp / "targets.yaml"
        path.write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
        single = tmp / "single"
        result = run_cli("--quiet", "run", "--targets", str(path), "--out", str(single), "--no-screenshots")
        assert result.returncode == 0, result.stderr[-3000:]
        yield {"targets": path, "single": single, "sites": sites, "urls": servers.urls, "tmp": tmp}


def _comparable(run_dir: Path) -> list[str]:
    return sorted(json.dumps(f, sort_keys=True) for f in json.loads((run_dir / "findings.json").read_text()))


def _same_findings(run_dir: Path, single: Path) -> None:
    """Both runs re-audited offline, back to back, so both are judged by the same audit code (the checkout may
    change while a long test runs); what differs then is only what each gathered."""
    for directory in (run_dir, single):
        result = run_cli("--quiet", "audit", str(directory))
        assert result.returncode == 0, result.stderr[-2000:]
    assert _comparable(run_dir) == _comparable(single)


def _pages(run_dir: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(run_dir / "run.sqlite")
    try:
        return sorted(db.execute("SELECT body, url FROM pages"))
    finally:
        db.close()


def _files(run_dir: Path) -> set[str]:
    return {p.relative_to(run_dir).as_posix() for p in (run_dir / "screenshots").rglob("*") if p.is_file()}


class Workers:
    """`govaudit worker` processes, stopped (SIGTERM, then SIGKILL) at the end of a test."""

    def __init__(self, services: dict[str, str], tmp: Path) -> None:
        self.services, self.tmp = services, tmp
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str) -> subprocess.Popen:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "GOVAUDIT_HEARTBEAT_TIMEOUT": "5"}
        log = (self.tmp / f"{name}.log").open("w")
        proc = subprocess.Popen([sys.executable, "-m", "govaudit.cli", "worker", "--broker", self.services["broker"],
                                 "--store", self.services["store"], "--work-dir", str(self.tmp / name),
                                 "--name", name], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def workers(services: dict[str, str], tmp_path: Path) -> Iterator[Workers]:
    pool = Workers(services, tmp_path)
    yield pool
    pool.stop()


def _ledger(run_dir: Path) -> dict[str, dict[str, Any]]:
    store = RunStore(run_dir / "run.sqlite")
    try:
        return store.jobs()
    finally:
        store.close()


def test_three_workers_give_the_single_process_findings(served, services, workers, tmp_path):
    for name in ("w1", "w2", "w3"):
        workers.start(name)
    run_dir = tmp_path / "run"
    result = run_cli("--quiet", "run", "--targets", str(served["targets"]), "--out", str(run_dir), "--no-screenshots",
                     "--broker", services["broker"], "--store", services["store"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert _pages(run_dir) == _pages(served["single"])
    ledger = _ledger(run_dir)
    assert {row["status"] for row in ledger.values()} == {"done"} and len(ledger) == len(SITES) * 2 + 1
    assert len({row["worker"] for row in ledger.values()}) >= 2, "the jobs should be spread over the workers"
    # the display gatherer's screenshots were written in the workers' directories and came through the store
    assert _files(run_dir) and _files(run_dir) == _files(served["single"])
    # the run directory is an ordinary run now: re-audited offline, without the services
    _same_findings(run_dir, served["single"])


def _job_process_of(pid: int) -> int | None:
    """The pid of the job process a worker runs (its child running distributed.job_process)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"distributed.job_process" in cmdline:
            return int(entry.name)
    return None


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_worker_killed_mid_crawl_loses_nothing(served, services, workers, tmp_path):
    procs = {name: workers.start(name) for name in ("k1", "k2")}
    run_dir = tmp_path / "run"
    coordinator = subprocess.Popen(
        [sys.executable, "-m", "govaudit.cli", "--quiet", "run", "--targets", str(served["targets"]), "--out",
         str(run_dir), "--no-screenshots", "--broker", services["broker"], "--store", services["store"]],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=(tmp_path / "coordinator.log").open("w"))
    try:
        victim = _wait_for_a_crawl_under_way(run_dir, coordinator)
        location = (run_dir / "store.url").read_text().strip()
        job_pid = _job_process_of(procs[victim["worker"]].pid)
        assert job_pid is not None, "the worker should run its job in a job process"
        site = served["sites"][_site_name(served["urls"], victim["site"])]
        store = RunStore(location)
        try:
            before = store.page_urls(victim["body"])
        finally:
            store.close()
        hits_before = Counter(site.hits)
        procs[victim["worker"]].send_signal(signal.SIGKILL)
        procs[victim["worker"]].wait()
        deadline = time.monotonic() + 10
        while _group_alive(job_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(job_pid), "the killed worker's job (and its crawler) must die with it"
        workers.start("k3")
        assert coordinator.wait(timeout=900) == 0, (tmp_path / "coordinator.log").read_text()[-3000:]
    finally:
        if coordinator.poll() is None:
            coordinator.kill()
    job = _ledger(run_dir)[victim["key"]]
    assert job["status"] == "done" and job["attempts"] == 2 and job["worker"] != victim["worker"]
    after = {url for body, url in _pages(run_dir) if body == victim["body"]}
    assert before <= after  # nothing stored before the kill was lost
    refetched = [u for u in before if site.hits[_path(u)] > hits_before[_path(u)] and not u.endswith("/robots.txt")]
    assert refetched == [], "pages stored before the kill were fetched again"
    assert _pages(run_dir) == _pages(served["single"])  # (body, url) is unique: none stored twice
    _same_findings(run_dir, served["single"])


def _wait_for_a_crawl_under_way(run_dir: Path, coordinator: subprocess.Popen) -> dict[str, Any]:
    """Wait until some crawl job is running and has stored at least 15 of its pages; that job's ledger row."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and coordinator.poll() is None:
        time.sleep(0.1)
        pointer = run_dir / "store.url"
        if not pointer.is_file():
            continue
        store = RunStore(pointer.read_text().strip())
        try:
            for key, row in store.jobs().items():
                if row["stage"] == "crawl" and row["status"] == "running" and len(store.page_urls(row["body"])) >= 15:
                    return {"key": key, **row}
        finally:
            store.close()
    raise AssertionError("no crawl job got under way")


def _site_name(urls: dict[str, str], site_url: str) -> str:
    return next(name for name, base in urls.items() if site_url.startswith(base))


def _path(url: str) -> str:
    rest = url.split("://", 1)[1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"
