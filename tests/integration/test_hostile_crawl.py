"""The crawler on a hostile site: one robots gate, no blocked loop, capped chains and bodies, an exact resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from fixtures.hostile.crawl import BYTE_CAP, DISALLOWED, EXPECTED, RATE_LIMITED, HostileCrawlSite, QuietSite, StormSite
from fixtures.server import FixtureServers
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.integration


def _targets(tmp: Path, sites: dict[str, str], **audit: object) -> Path:
    bodies = {name: {"names": {"ru": f"Орган {name}"}, "type": "local", "sites": [url + "/"]}
              for name, url in sites.items()}
    path = tmp / "targets.yaml"
    path.write_text(yaml.safe_dump({"audit": {"clock": "2026-07-01T12:00:00+05:00", "gatherers": [], **audit},
                                    "bodies": bodies}, allow_unicode=True), encoding="utf-8")
    return path


def _stored(run_dir: Path) -> dict[str, tuple]:
    if not (run_dir / "run.sqlite").exists():
        return {}
    db = sqlite3.connect(run_dir / "run.sqlite")
    try:
        return {url: (status, error) for url, status, error in db.execute("SELECT url, status, error FROM pages")}
    except sqlite3.OperationalError:
        return {}
    finally:
        db.close()


def _notes(run_dir: Path) -> list[dict]:
    return json.loads((run_dir / "notes.json").read_text())


def _paths(urls) -> set[str]:
    return {"/" + u.split("://", 1)[1].split("/", 1)[1] if "/" in u.split("://", 1)[1] else "/" for u in urls}


def _never_requested(hits: Counter[str]) -> list[str]:
    return [p for p in hits if any(p.startswith(prefix) for prefix in EXPECTED["never_requested"])]


def test_gate_caps_and_odd_bodies(tmp_path, cli):
    site = HostileCrawlSite()
    with FixtureServers([site]) as servers:
        base = servers.urls[site.name]
        targets = _targets(tmp_path, {site.name: base}, max_bytes_per_page=BYTE_CAP)
        result = cli("--quiet", "run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots",
                     timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _never_requested(site.hits) == []
    assert site.hits["/robots.txt"] == 1
    stored = _stored(tmp_path / "run")
    private = [u for u in stored if "/private/" in u]
    assert len(private) == DISALLOWED + 1 and all("robots" in stored[u][1] for u in private)
    assert site.hits["/news/1"] == 1 and base + "/news/1" in stored
    assert not any(k in u.lower() for u in stored for k in ("jsessionid", "phpsessid", "sid="))

    notes = _notes(tmp_path / "run")
    by_url: dict[str, list[str]] = {}
    for note in notes:
        by_url.setdefault(note["url"] or "", []).append(note["message"])
    for path in EXPECTED["byte_cap"]:
        assert any("byte cap" in m for m in by_url.get(base + path, [])), (path, by_url.get(base + path))
        assert stored[base + path][0] is None  # not stored as a (truncated) page
    for path in EXPECTED["binary_as_html"]:
        assert any("bytes are PNG" in m for m in by_url[base + path])
        db = sqlite3.connect(tmp_path / "run" / "run.sqlite")
        lang, info = db.execute("SELECT lang, info FROM pages WHERE url=?", (base + path,)).fetchone()
        assert lang is None and json.loads(info)["document"]["type"] == "image"
    assert any("nested deeper" in m for m in by_url[base + "/deep"])
    assert stored[base + EXPECTED["deep_link_target"]][0] == 200  # its link was followed all the same

    cut = EXPECTED["redirect_chain_cut_after"]
    assert sum(n for p, n in site.hits.items() if p.startswith("/r/")) == cut + 1
    chain_notes = [n for n in notes if "redirect chain" in n["message"]]
    assert len(chain_notes) == 1 and f"longer than {cut} hops" in chain_notes[0]["message"]
    text = "\n".join(n["message"] for n in notes)
    assert "repeating path segments" in text and "calendar beyond the audit period" in text


def test_retry_after_pauses_only_its_host_within_the_site_budget(tmp_path, cli):
    storm, quiet = StormSite(), QuietSite()
    budget = 8
    with FixtureServers([storm, quiet]) as servers:
        targets = _targets(tmp_path, servers.urls, max_seconds_per_site=budget,
                           scrapy_settings={"RETRY_TIMES": 2, "AUTOTHROTTLE_ENABLED": False})
        started = time.monotonic()
        result = cli("--quiet", "run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots",
                     timeout=300)
        took = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    assert max(quiet.times) - min(quiet.times) < 4  # the other host was never held up
    busy = [p for p in storm.hits if p.startswith("/busy/")]
    assert len(busy) == RATE_LIMITED and all(storm.hits[p] == 3 for p in busy)  # retried, not dropped
    # each waited up to what was left of the site's budget: not 3 × Retry-After per URL, not a blocked loop
    assert took < budget + 40, took
    notes = _notes(tmp_path / "run")
    assert sum("HTTP 429" in n["message"] for n in notes) == RATE_LIMITED


def _kill_after(targets: Path, run_dir: Path, stored_at_least: int) -> int:
    proc = subprocess.Popen([sys.executable, "-m", "govaudit.cli", "--quiet", "run", "--targets", str(targets),
                             "--out", str(run_dir), "--no-screenshots"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(_stored(run_dir)) < stored_at_least and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return len(_stored(run_dir))


def _comparable(findings: list[dict]) -> list[str]:
    return sorted(json.dumps(f, sort_keys=True) for f in findings)


def test_killed_runs_resume_to_the_uninterrupted_result(tmp_path):
    site = HostileCrawlSite(delay=0.05)
    with FixtureServers([site]) as servers:
        targets = _targets(tmp_path, {site.name: servers.urls[site.name]}, max_bytes_per_page=BYTE_CAP,
                           scrapy_settings={"CONCURRENT_REQUESTS_PER_DOMAIN": 2, "AUTOTHROTTLE_ENABLED": False})
        clean_dir = tmp_path / "clean"
        result = run_cli("--quiet", "run", "--targets", str(targets), "--out", str(clean_dir), "--no-screenshots")
        assert result.returncode == 0, result.stderr[-3000:]
        clean_pages = _stored(clean_dir)
        clean = _comparable(json.loads((clean_dir / "findings.json").read_text()))

        for moment in (2, 20, 50):
            site.hits.clear()
            run_dir = tmp_path / f"killed-{moment}"
            count = _kill_after(targets, run_dir, moment)
            assert moment <= count < len(clean_pages), f"not interrupted mid-way ({count} pages)"
            before = _stored(run_dir)
            hits_before = Counter(site.hits)
            result = run_cli("--quiet", "run", "--resume", str(run_dir), "--no-screenshots")
            assert result.returncode == 0, result.stderr[-3000:]
            assert _stored(run_dir) == clean_pages, f"stored pages differ after a kill at {moment}"
            assert _comparable(json.loads((run_dir / "findings.json").read_text())) == clean, moment
            refetched = [p for p in _paths(u for u, (status, _e) in before.items() if status is not None)
                         if site.hits[p] > hits_before[p] and p != "/robots.txt"]
            assert refetched == [], f"pages stored before the kill at {moment} were fetched again"
            assert _never_requested(site.hits) == []
            robots_read = any(u.endswith("/robots.txt") and status == 200 for u, (status, _e) in before.items())
            assert site.hits["/robots.txt"] == 1 or not robots_read  # read once, also across the resume
