"""Collected counts equal the fixture ground truth exactly, per body, portal and language (all five portals,
real HTTP over loopback, faults on: 429, a slow endpoint, one non-JSON catalog answer)."""

from __future__ import annotations

import json

import pytest

from crawler.portals import export_metrics
from fixtures.portals.generate import expected_findings, expected_metrics, write_expected

from .conftest import SEED, notes_with, run, serve, targets_for, values

pytestmark = pytest.mark.integration
PORTALS = ["data_egov", "legalacts", "dialog", "budget", "egov"]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gt")
    with serve(PORTALS) as (servers, sites):
        targets = targets_for(servers)
        store = run(tmp, targets, robots_policy="audit_override")
        before = {n: len(s.log) for n, s in sites.items()}
        store2 = run(tmp, targets, robots_policy="audit_override")  # resume: everything is done already
        after = {n: len(s.log) for n, s in sites.items()}
        yield {"store": store, "sites": sites, "tmp": tmp, "before": before, "after": after, "store2": store2}


def test_every_expected_metric_is_collected_exactly(collected):
    got = values(collected["store"])
    expected = expected_metrics(SEED)
    diffs = [(b, p, lang, m, v, got.get(b, {}).get(p, {}).get(lang, {}).get(m, "MISSING"))
             for b, ps in expected.items() for p, ls in ps.items() for lang, ms in ls.items() for m, v in ms.items()
             if got.get(b, {}).get(p, {}).get(lang, {}).get(m, "MISSING") != v]
    assert diffs == []
    # nothing collected for bodies/portals the ground truth does not know
    assert {(b, p) for b, ps in got.items() for p in ps} == {(b, p) for b, ps in expected.items() for p in ps}


def test_planted_defects_are_visible_in_counts(collected):
    got = values(collected["store"])
    assert got["dsm"]["legalacts"]["ru"]["reports_missing"] == 2            # DEF-23
    assert got["dsm"]["legalacts"]["kk"]["answers_late"] == 3               # DEF-22
    assert got["krem"]["legalacts"]["kk"]["drafts_published"] == got["krem"]["legalacts"]["ru"]["drafts_published"] - 1
    assert got["karaganda"]["dialog"]["kk"]["blog_posts"] == 0              # DEF-30
    assert got["dsm"]["dialog"]["ru"]["questions"] == 24                    # DEF-31: deduped; 3/5 of 40 in 2025
    assert got["dsm"]["budget"]["ru"]["reports_late"] == 1                  # DEF-32
    assert got["dsm"]["egov"]["all"]["service_links_dead"] == 1             # DEF-34
    od = got["dsm"]["data_egov"]["all"]                                     # DEF-15 overlap: counted once (OD-3)
    assert (od["datasets_stale"], od["datasets_not_actual"], od["datasets_overdue"]) == (3, 1, 3)
    lt = got["dsm"]["legalacts"]["ru"]
    assert lt["comments_total"] > lt["comments_public"]                     # DEF-25


def test_per_host_concurrency_is_one(collected):
    assert all(site.max_active == 1 for site in collected["sites"].values())


def test_faults_were_met_and_logged(collected):
    store = collected["store"]
    assert notes_with(store, "HTTP 429")
    assert notes_with(store, "expected JSON")            # the catalog's first answer was an HTML page
    assert notes_with(store, "shifted while paging", "dsm")
    overrides = notes_with(store, "read under the audit_override policy")
    reads = [p for p in collected["sites"]["legalacts"].requested_paths() if p.startswith(("/npa/view", "/report"))]
    assert len(overrides) == len(reads) > 0              # every disallowed read is logged


def test_resume_skips_finished_pairs(collected):
    assert collected["after"] == collected["before"]
    assert collected["store2"].progress("dsm", "portal:legalacts") == "done"


def test_export_metrics_json(collected):
    path = export_metrics(collected["store"], collected["tmp"] / "metrics.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    item = doc["almaty"]["data_egov"]["all"]["datasets_published"]
    assert item["value"] == expected_metrics(SEED)["almaty"]["data_egov"]["all"]["datasets_published"]
    assert item["evidence"] and all(u.startswith("http://127.0.0.1:") for u in item["evidence"])
    assert any(n["stage"] == "portals" for n in collected["store"].notes())


def test_generator_writes_ground_truth(tmp_path):
    metrics_path, findings_path = write_expected(tmp_path, SEED)
    assert json.loads(metrics_path.read_text(encoding="utf-8")) == json.loads(json.dumps(expected_metrics(SEED)))
    findings = json.loads(findings_path.read_text(encoding="utf-8"))
    ids = {f["def_id"] for f in findings}
    assert {f"DEF-{n}" for n in range(14, 35)} <= ids and {"DEF-36", "DEF-37"} <= ids
    assert all(set(f) == {"def_id", "body_key", "portal", "lang", "url"} for f in findings)
    assert findings == expected_findings(SEED)
