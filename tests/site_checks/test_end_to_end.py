"""`govaudit run` on the two agency fixture sites; findings compared with the manifests.

The agency manifests give every indicator's expected verdict and points, computed from the generator's profile.
(The legacy site's planted facts are checked in test_legacy_facts.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from fixtures.agency import site as agency_good
from fixtures.agency import site_poor as agency_poor
from fixtures.bodies import FIXTURE_BODIES
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

pytestmark = [pytest.mark.integration, pytest.mark.browser]
MINE = ("a4.1.1", "a4.2.1", "a4.2.6", "a4.2.7", "a4.2.8", "a4.2.9", "a4.2.10", "a4.2.11", "a4.2.12", "a4.4.1",
        "a4.4.2", "a4.4.3", "a4.4.4", "a4.4.5", "a4.4.6")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from tests.conftest import run_cli

    tmp = tmp_path_factory.mktemp("site_checks")
    sites = [agency_good.build(DEFAULT_SEED), agency_poor.build(DEFAULT_SEED)]
    with FixtureServers(sites) as servers:
        bodies = {}
        for site in sites:
            key = site.manifest["body"]
            bodies[key] = dict(FIXTURE_BODIES[key], sites=[servers.urls[site.name] + "/"])
        # two sample pages per platform keep the browser work (and the test) short; the evidence screenshots of
        # failing findings are the pipeline's business and are skipped here
        # only the gatherers these indicators read (the accessibility and mobile ones have their own tests)
        targets = {"bodies": bodies, "audit": {"site_checks": {"display_pages": 2},
                                               "gatherers": ["page_types", "display", "search_check", "feeds"]}}
        (tmp / "targets.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True))
        result = run_cli("run", "--targets", str(tmp / "targets.yaml"), "--out", str(tmp / "run"), "--no-screenshots",
                         timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    findings = json.loads((tmp / "run" / "findings.json").read_text())
    by_body: dict[str, dict[str, dict]] = {}
    for f in findings:
        by_body.setdefault(f["body"], {})[f["indicator"]] = f
    return {"dir": tmp / "run", "findings": by_body, "agency": sites}


@pytest.mark.parametrize("profile", [0, 1], ids=["sport", "tourism"])
def test_agency_verdicts_and_points_equal_the_manifest(run, profile):
    site = run["agency"][profile]
    got = run["findings"][site.manifest["body"]]
    for ind, expected in site.manifest["indicators"].items():
        f = got[ind]
        assert f["verdict"] == expected["verdict"], (ind, f["note"], f.get("measured"))
        if expected["points"] is None:
            assert f["points"] is None, ind
        else:
            assert f["points"] == pytest.approx(expected["points"]), (ind, f["note"])
        assert f["reading"], ind
        if "failed" in expected and f["verdict"] != "not_assessed" and ind != "a4.2.1":
            assert sorted(f["measured"]["failed"]) == sorted(expected["failed"]), ind
    assert sorted(got["a4.2.1"]["measured"]["broken"]) == sorted(site.manifest["indicators"]["a4.2.1"]["failed"])


def test_every_indicator_has_a_passing_and_a_failing_case(run):
    for ind in MINE[1:]:
        verdicts = {run["findings"][s.manifest["body"]][ind]["verdict"] for s in run["agency"]}
        assert "pass" in verdicts and verdicts & {"fail", "partial"}, (ind, verdicts)


def test_display_keeps_every_screenshot(run):
    for site in run["agency"]:
        f = run["findings"][site.manifest["body"]]["a4.2.1"]
        shots = [e["screenshot"] for e in f["evidence"] if e.get("screenshot")]
        platforms = {e["measured"]["platform"] for e in f["evidence"]}
        assert platforms == {"chrome", "android", "ios", "firefox"}
        assert len(shots) == len(f["evidence"])
        for rel in shots:
            assert (run["dir"] / rel).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    poor = run["findings"]["tourism"]["a4.2.1"]
    assert any("horizontal overflow" in (e["snippet"] or "") for e in poor["evidence"])


def test_search_was_used_in_every_language(run):
    good = run["findings"]["sport"]["a4.2.6"]
    langs = {e["measured"].get("lang") for e in good["evidence"] if e.get("measured") and "lang" in e["measured"]}
    assert langs == {"kk", "ru", "en"}
    shots = [e["screenshot"] for e in good["evidence"] if e.get("screenshot")]
    assert len(shots) == 3 and all((run["dir"] / rel).read_bytes()[:4] == b"\x89PNG" for rel in shots)
    poor = [e for e in run["findings"]["tourism"]["a4.2.6"]["evidence"] if (e.get("measured") or {}).get("lang")]
    assert {e["measured"]["accepted"] for e in poor} == {15}  # the typed 34 characters were cut to maxlength
    assert all(e["measured"]["found_source"] is False for e in poor)  # titles-only search misses a body phrase


def test_rendered_report_lists_the_indicators(run):
    report = (Path(run["dir"]) / "report" / "index.html").read_text(encoding="utf-8")
    assert "a4.2.6" in report and "a4.4.3" in report
