"""OB-LEB-7.2 / NPA-LEB-4.2 on a stand-alone site: `govaudit run` with the site_announcements gatherer counts the
crawled pages dated in the reporting window that announce a public discussion (fixtures/agency/site.py
AnnouncementsSite, ground truth ANNOUNCEMENTS_EXPECTED), and the openness rows score from those metrics."""

from __future__ import annotations

import json

import pytest
import yaml

from core.targets import Body
from crawler.site_announcements import scan
from crawler.store import RunStore
from fixtures.agency.site import ANNOUNCEMENT_BODY, ANNOUNCEMENT_PAGES, ANNOUNCEMENTS_EXPECTED, AnnouncementsSite
from fixtures.bodies import FIXTURE_BODIES
from fixtures.clock import FIXTURE_NOW_ISO
from fixtures.server import FixtureServers

pytestmark = pytest.mark.integration


def _row(node: object, row_id: str) -> dict | None:
    if isinstance(node, dict):
        if node.get("id") == row_id:
            return node
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        if (hit := _row(child, row_id)) is not None:
            return hit
    return None


def test_site_announcements_measured_and_scored(tmp_path, cli):
    site = AnnouncementsSite()
    with FixtureServers([site]) as servers:
        base = servers.urls[site.name]
        spec = dict(FIXTURE_BODIES[ANNOUNCEMENT_BODY], sites=[base + "/"])
        targets = {"audit": {"clock": FIXTURE_NOW_ISO, "gatherers": ["site_announcements"]},
                   "bodies": {ANNOUNCEMENT_BODY: spec}}
        (tmp_path / "t.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
        result = cli("--quiet", "run", "--targets", str(tmp_path / "t.yaml"), "--out", str(tmp_path / "run"),
                     "--no-screenshots", timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]

    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())[ANNOUNCEMENT_BODY]["site"]
    for lang, expected in ANNOUNCEMENTS_EXPECTED.items():
        for metric, paths in expected.items():
            got = metrics[lang][metric]
            assert got["value"] == len(paths), (lang, metric, got)
            assert got["evidence"] == [base + p for p in paths], (lang, metric)
            assert (got["window"]["start"], got["window"]["end"]) == ("2025-01-01", "2025-12-31")

    openness = json.loads((tmp_path / "run" / "scores.json").read_text())["bodies"][ANNOUNCEMENT_BODY]["openness"]
    rows = {"OB-LEB-7.2": "announcements_budget", "NPA-LEB-4.2": "announcements_npa"}
    for row_id, metric in rows.items():
        row = _row(openness, row_id)
        assert row is not None, row_id
        for lang in ("kk", "ru"):
            share = 1.0 if ANNOUNCEMENTS_EXPECTED[lang][metric] else 0.0
            cell = row["languages"][lang]
            assert cell["status"] == "scored" and cell["share"] == share, (row_id, lang, cell)
            assert f"metric:site.{metric}=" in cell["reason"]
    assert _row(openness, "OB-CSO-11.2") is None and _row(openness, "NPA-CSO-5.2") is None  # a local body

    # another reporting period from the same stored pages: only the 2024 announcement counts
    store = RunStore.in_dir(tmp_path / "run")
    try:
        body = Body(key=ANNOUNCEMENT_BODY, names=spec["names"], type=spec["type"], sites=spec["sites"],
                    languages=spec["languages"])
        found = scan(store, body, base + "/", {"clock": FIXTURE_NOW_ISO, "portals": {"reporting_period": "2024"}})
    finally:
        store.close()
    in_2024 = [p for p, (lang, day, _t, _x) in ANNOUNCEMENT_PAGES.items() if lang == "ru" and day.startswith("2024")]
    assert found["found"]["ru"] == {"budget": [base + p for p in in_2024], "npa": []}
    assert found["found"]["kk"] == {"budget": [], "npa": []}
