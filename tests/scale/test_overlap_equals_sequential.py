"""The overlapped gather gives the sequential one's results: the same findings, pages and portal metrics, on a few
fixture bodies (gov.kz platform bodies, stand-alone subordinates, the portals), through the real command line."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from fixtures.synthetic import serve_synthetic, write_targets
from tests.conftest import run_cli

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.timeout(2400)]  # two full runs

# a browser gatherer (search_check) and the stored-page ones keep the run short but cover every kind of job
GATHERERS = ["search_check", "feeds", "a11y_html", "site_announcements"]


def _pages(run_dir: Path) -> set[tuple[str, str, int | None]]:
    db = sqlite3.connect(run_dir / "run.sqlite")
    try:
        return set(db.execute("SELECT body, url, status FROM pages"))
    finally:
        db.close()


def _findings(run_dir: Path) -> list[str]:
    return sorted(json.dumps(f, sort_keys=True, ensure_ascii=False)
                  for f in json.loads((run_dir / "findings.json").read_text(encoding="utf-8")))


# On 2026-12-07 the gov.kz bodies' search-check findings differed between the orders: two gov.kz jobs ran at once
# and the platform (like its fixture) answered the burst with 429, so a rendered page lacked its body phrase. Every
# job that loads www.gov.kz now holds the scheduler's one-slot gov.kz lane (govaudit/gather_jobs.py lanes_of); with
# it this test passed twice by hand. It takes ~6 minutes (two full runs), so CI runs it only when asked:
# GOVAUDIT_SLOW_TESTS=1.
@pytest.mark.skipif(not os.environ.get("GOVAUDIT_SLOW_TESTS"),
                    reason="two full runs (~6 min): set GOVAUDIT_SLOW_TESTS=1 to run")
def test_overlapped_findings_equal_sequential(tmp_path, monkeypatch):
    with serve_synthetic(4) as (targets, _copies):
        path = write_targets(tmp_path / "targets.yaml", targets, {"gatherers": GATHERERS})
        kinds = {b.get("platform", "standalone") for b in targets["bodies"].values() if b.get("sites")}
        assert kinds == {"govkz", "standalone"}
        runs = {}
        for mode in ("sequential", "overlapped"):
            monkeypatch.setenv("GOVAUDIT_GATHER", mode)
            runs[mode] = tmp_path / mode
            result = run_cli("--json-log", "run", "--targets", str(path), "--out", str(runs[mode]),
                             "--no-screenshots", timeout=1200)
            assert result.returncode == 0, result.stderr[-3000:]
            assert f'"mode": "{mode}"' in result.stderr  # the gather said how it ran, with its budget
            assert 'politeness budget' in result.stderr  # and said its budget (none: opt-in)
    seq, ovl = runs["sequential"], runs["overlapped"]
    assert _findings(seq) == _findings(ovl)
    assert _pages(seq) == _pages(ovl)
    metrics = [json.loads((d / "metrics.json").read_text(encoding="utf-8")) for d in (seq, ovl)]
    assert metrics[0] == metrics[1] and metrics[0], "portal metrics were collected and equal"
