"""Appendix 5 detection on the content fixtures (in memory, no HTTP) equals the generator's manifest."""

from __future__ import annotations

from collections import Counter

import pytest

from audits.content import ContentSettings, audit_content
from crawler.content.model import table_sections
from fixtures.clock import FIXTURE_NOW
from fixtures.content.memory import site_artifacts
from fixtures.content.model import ABSENT, OUTDATED, PRESENT, plans
from fixtures.content.site import build_body

SETTINGS = ContentSettings(audit_date=FIXTURE_NOW.date().isoformat())
KEYS = sorted(plans())


@pytest.fixture(scope="module")
def audited():
    out = {}
    for key in KEYS:
        site = build_body(key)
        out[key] = (site, audit_content(site_artifacts(site), site.plan.body_type, SETTINGS))
    return out


def _item_number(measured: dict) -> str:
    return measured["item"].split(" ", 1)[0].split(".", 2)[2]


@pytest.mark.parametrize("key", KEYS)
def test_every_item_in_every_language_equals_the_manifest(audited, key):
    site, findings = audited[key]
    expected = site.manifest["items"]
    sections = [f for f in findings if f["indicator"] != "a5.defects"]
    assert {(f["indicator"], f["lang"]) for f in sections} == {(s, lang) for s in expected for lang in ("kk", "ru")}
    checked = 0
    for f in sections:
        got = {_item_number(e["measured"]): e["measured"]["status"] for e in f["evidence"]}
        assert got == expected[f["indicator"]][f["lang"]], (f["indicator"], f["lang"])
        checked += len(got)
    assert checked == 2 * sum(len(s.items) for s in table_sections(5, site.plan.table))


@pytest.mark.parametrize("key", KEYS)
def test_section_points_follow_the_a13_proportional_reading(audited, key):
    site, findings = audited[key]
    for f in findings:
        if f["indicator"] == "a5.defects":
            continue
        sec = next(s for s in table_sections(5, site.plan.table) if s.id == f["indicator"])
        statuses = site.manifest["items"][sec.id][f["lang"]]
        required = [it for it in sec.items if not (it.optional and statuses[it.number] == ABSENT)]
        credited = sum(1 for it in required if statuses[it.number] in (PRESENT, OUTDATED))
        assert f["points"] == pytest.approx(sec.points[f["lang"]] * credited / len(required), abs=1e-4)
        assert f["max_points"] == sec.points[f["lang"]]
        assert "A-13 section_credit=proportional" in f["reading"]


@pytest.mark.parametrize("key", KEYS)
def test_defects_per_language_equal_the_manifest(audited, key):
    site, findings = audited[key]
    for f in findings:
        if f["indicator"] != "a5.defects":
            continue
        head = f["evidence"][0]["measured"]
        assert f["points"] == 0 and f["max_points"] == 0
        assert head["count"] == len(head["defects"]) == len(f["evidence"]) - 1
        assert dict(Counter(d["kind"] for d in head["defects"])) == site.manifest["defects"][f["lang"]], f["lang"]
        assert f["verdict"] == ("fail" if head["count"] else "pass")


def test_complete_bodies_score_full_points_in_both_languages(audited):
    for key in ("content_cso_full", "content_leb_full"):
        _site, findings = audited[key]
        for lang in ("kk", "ru"):
            total = sum(f["points"] for f in findings if f["lang"] == lang and f["indicator"] != "a5.defects")
            assert total == pytest.approx(50), (key, lang)


def test_evidence_names_the_page_passage_and_reason(audited):
    _site, findings = audited["content_cso_gaps"]
    by = {(f["indicator"], f["lang"]): f for f in findings}
    budget = {_item_number(e["measured"]): e for e in by[("a5.cso.1.6", "ru")]["evidence"]}
    scan = budget["2"]
    assert scan["measured"]["status"] == "not_machine_readable"
    assert "scan" in scan["measured"]["matched"] and "machine-readable" in scan["measured"]["matched"]
    assert scan["url"].endswith("/ru/s/1-6/")
    report = {_item_number(e["measured"]): e for e in by[("a5.cso.1.5", "kk")]["evidence"]}["2"]
    assert report["measured"]["status"] == "outdated" and "2023" in report["measured"]["matched"]
    gap = {_item_number(e["measured"]): e for e in by[("a5.cso.1.3", "kk")]["evidence"]}["4"]
    assert gap["measured"]["status"] == "absent" and "searched" in gap["measured"]["matched"]
    present = {_item_number(e["measured"]): e for e in by[("a5.cso.1.3", "ru")]["evidence"]}["4"]
    assert present["measured"]["status"] == "present" and present["snippet"]


def test_strict_reading_gives_a_partly_filled_section_nothing():
    site = build_body("content_cso_gaps")
    strict = ContentSettings(audit_date=SETTINGS.audit_date, section_credit="strict")
    findings = audit_content(site_artifacts(site), "central", strict)
    by = {(f["indicator"], f["lang"]): f for f in findings}
    assert by[("a5.cso.1.3", "kk")]["points"] == 0  # blog missing in kk only
    assert by[("a5.cso.1.3", "ru")]["points"] == 3
    assert "section_credit=strict" in by[("a5.cso.1.3", "kk")]["reading"]


def test_outdated_items_earn_nothing_when_configured():
    site = build_body("content_cso_gaps")
    s = ContentSettings(audit_date=SETTINGS.audit_date, outdated_item_credit=False)
    by = {(f["indicator"], f["lang"]): f for f in audit_content(site_artifacts(site), "central", s)}
    assert by[("a5.cso.1.5", "ru")]["points"] == pytest.approx(6 * 11 / 12)  # 12 required, strategic report stale
