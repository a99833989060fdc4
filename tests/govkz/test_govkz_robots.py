"""robots.txt of www.gov.kz keeping one API path from the collector: the figures it feeds are not assessed, with the
reason, through the same meta the portals use (metrics.json `not_assessed` -> score rows -> findings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.govkz import collect_govkz
from crawler.portals import metrics_with_meta
from crawler.store import RunStore
from fixtures.clock import FIXTURE_NOW
from fixtures.govkz.expected import expected
from fixtures.govkz.fixture_targets import govkz_targets
from fixtures.govkz.site import build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers
from scoring.api import score_run
from tests.scoring.helpers import node

pytestmark = pytest.mark.integration
FAST = {"delay": 0, "backoff": 0.01, "gql_backoff": 0.01, "render": False}
ROBOTS = "User-agent: *\nDisallow: /graphql\n"  # articles, press releases, contacts: GraphQL only
KEPT_OUT = ("articles", "press_releases", "contacts_organisations")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("govkz_robots")
    site = build(DEFAULT_SEED, robots_txt=ROBOTS)
    with FixtureServers([site]) as servers:
        targets = govkz_targets(servers.urls, keys=["minfin", "dsm"], languages=["kk", "ru"])
        store = RunStore(tmp / "run.sqlite")
        collect_govkz(store, targets, now=FIXTURE_NOW, settings=FAST)
        metrics = metrics_with_meta(store)
        store.close()
    assert not any(path == "/graphql" for _, path, _ in site.requests)  # never requested
    t = targets.to_dict()
    return {"metrics": metrics, "doc": score_run(t, [], metrics, None)}


def test_kept_out_figures_are_not_assessed_with_the_reason_and_the_rest_measured(run):
    truth = expected(DEFAULT_SEED)["metrics"]
    for key in ("minfin", "dsm"):
        for lang in ("kk", "ru"):
            got = run["metrics"][key]["govkz"][lang]
            for name in KEPT_OUT:
                assert got[name]["value"] is None, (key, lang, name)
                assert got[name]["not_assessed"].startswith("robots.txt of www.gov.kz disallows /graphql ")
                assert "robots_policy=obey" in got[name]["not_assessed"]
            # the content-manager listings are not affected: equal to the ground truth, no reason attached
            for name, want in truth[key]["govkz"][lang].items():
                if name in KEPT_OUT or name.startswith("announcements_"):
                    continue
                assert got[name]["value"] == want, (key, lang, name)
                assert "not_assessed" not in got[name], (key, lang, name)


def test_announcements_from_the_kept_out_press_releases_are_not_assessed(run):
    # every announcement of the fixture is a press release: none can be found in the news that were read
    for key in ("minfin", "dsm"):
        for lang in ("kk", "ru"):
            for kind in ("budget", "npa"):
                item = run["metrics"][key]["govkz"][lang][f"announcements_{kind}"]
                assert item["value"] is None and "disallows /graphql" in item["not_assessed"]


@pytest.mark.parametrize("row", ["OB-CSO-11.2", "NPA-CSO-5.2"])
def test_rows_on_the_kept_out_figures_are_not_assessed_and_say_why(run, row):
    doc = run["doc"]
    for key in ("minfin", "dsm"):
        n = node(doc["bodies"][key]["openness"], row)
        assert n["status"] == "not_assessed", (key, row, n)
        for lang in ("kk", "ru"):
            reason = n["languages"][lang]["reason"]
            assert "robots.txt of www.gov.kz disallows /graphql" in reason, (key, lang, reason)
        found = [f for f in doc["findings"] if f["body"] == key and f["indicator"] == row
                 and f["key"] == "not_collected"]
        assert {f["lang"] for f in found} == {"kk", "ru"}
        assert all(f["verdict"] == "not_assessed" and "www.gov.kz disallows /graphql" in f["note"]
                   and "audit.govkz.robots_policy" in f["reading"] for f in found)


def test_an_allowed_path_keeps_the_rows_measured(tmp_path: Path) -> None:
    """Control: with the default robots.txt the same rows are scored from the measured announcements."""
    with FixtureServers([build(DEFAULT_SEED)]) as servers:
        targets = govkz_targets(servers.urls, keys=["minfin"], languages=["kk", "ru"])
        store = RunStore(tmp_path / "run.sqlite")
        collect_govkz(store, targets, now=FIXTURE_NOW, settings=FAST)
        metrics = metrics_with_meta(store)
        store.close()
    doc = score_run(targets.to_dict(), [], metrics, None)
    n = node(doc["bodies"]["minfin"]["openness"], "OB-CSO-11.2")
    assert n["status"] == "scored" and n["points"] == pytest.approx(1.0)
    assert not [f for f in doc["findings"] if f["body"] == "minfin" and f["key"] == "not_collected"]
