"""The accessibility annex built from handmade artifacts (tests/unit/data/annex_site.json: what each page holds is
described there): every barrier of every source, duplicates merged, template barriers grouped across pages,
advisory records outside the scores."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from audits.accessibility import audit_accessibility
from audits.accessibility.annex import criteria_of_tags, site_barriers
from audits.accessibility.annex_groups import (
    ANNEX_INDICATOR,
    EVIDENCE_PER_GROUP,
    MAX_INSTANCES,
    accessibility_annex,
    advisory_records,
    page_templates,
)
from core.artifacts import SiteArtifacts
from core.findings import ensure_ids, is_advisory

DATA = json.loads((Path(__file__).parent / "data" / "annex_site.json").read_text(encoding="utf-8"))
SITE = "https://example.gov.kz/"
NEWS_PAGES = 30


def site_artifacts() -> dict[str, Any]:
    """kind "a11y": the 30 news pages (one template) and the contacts page."""
    arts = {}
    for n in range(1, NEWS_PAGES + 1):
        text = json.dumps(DATA["news_page"], ensure_ascii=False).replace("{n}", str(n))
        art = json.loads(text)
        arts[art["url"]] = art
    arts[DATA["contacts"]["url"]] = copy.deepcopy(DATA["contacts"])
    return arts


def site() -> SiteArtifacts:
    return SiteArtifacts(body="b", site=SITE, pages={}, edges=[],
                         extra={"a11y": site_artifacts(), "a11y_html": copy.deepcopy(DATA["html"]),
                                "a11y_sample": {"site": DATA["sample"]}})


@pytest.fixture(scope="module")
def records() -> dict[tuple[str, str], dict[str, Any]]:
    """(check, first instance's selector) -> advisory record."""
    out = {}
    for r in accessibility_annex(site()):
        out[(r["advisory"]["check"], r["advisory"]["instances"][0]["selector"])] = r
    return out


def test_wcag_tags_become_success_criteria():
    assert criteria_of_tags(["cat.color", "wcag2aa", "wcag143", "wcag1410", "wcag2411", "wcag21aa", "ACT"]) == (
        "1.4.3", "1.4.10", "2.4.11")


def test_every_barrier_once_with_its_criteria_and_indicator(records):
    # by hand from the artifacts: 2 template groups on the news pages, 7 on /contacts (the malformed html record
    # and the two check results that repeat an axe node are not separate groups)
    assert set(records) == {
        ("image-alt", "body > header > a:nth-of-type(1) > img"), ("region", "body > div.banner"),
        ("color-contrast", "#phone"), ("color-contrast", None),
        ("script.a4.3.4", "#menu > a:nth-of-type(2)"), ("script.a4.3.4", "#widget"),
        ("html.img-alt-missing", "#map-img"), ("html.img-alt-missing", None),
        ("html.frame-title", "iframe:nth-of-type(1)")}
    want = {"image-alt": (["1.1.1"], "a4.3.1"), "region": ([], None), "color-contrast": (["1.4.3"], "a4.3.7"),
            "html.img-alt-missing": (["1.1.1"], "a4.3.1"), "html.frame-title": (["4.1.2"], None)}
    for (check, _), r in records.items():
        a = r["advisory"]
        if check in want:
            assert (a["criteria"], a["scored_indicator"]) == want[check], check
        assert r["indicator"] == (a["scored_indicator"] or ANNEX_INDICATOR)
    assert records[("script.a4.3.4", "#widget")]["advisory"]["criteria"] == ["2.1.1"]
    assert records[("script.a4.3.4", "#menu > a:nth-of-type(2)")]["advisory"]["criteria"] == ["2.4.7"]
    # the same element found by axe and by the scripted check on its node is one barrier, the other source named
    assert records[("image-alt", "body > header > a:nth-of-type(1) > img")]["advisory"]["also"] == [
        "script:script.a4.3.1"]
    assert records[("color-contrast", "#phone")]["advisory"]["also"] == ["script:script.a4.3.7"]
    # axe's true count: 3 low-contrast elements, 1 listed; the other 2 are counted in a group of their own
    unlisted = records[("color-contrast", None)]["advisory"]
    assert unlisted["instance_count"] == 2 and "2 more element(s)" in unlisted["message"]
    html_more = records[("html.img-alt-missing", None)]["advisory"]
    assert (html_more["instance_count"], html_more["criteria"], html_more["scored_indicator"]) == (2, ["1.1.1"],
                                                                                                    "a4.3.1")


def test_header_barrier_on_every_page_is_one_group_with_examples(records):
    header = records[("image-alt", "body > header > a:nth-of-type(1) > img")]
    a = header["advisory"]
    assert a["page_count"] == NEWS_PAGES and a["instance_count"] == NEWS_PAGES
    assert len(a["instances"]) == MAX_INSTANCES
    assert len({i["url"] for i in a["instances"]}) == MAX_INSTANCES  # examples from different pages
    assert len(header["evidence"]) == EVIDENCE_PER_GROUP
    assert header["evidence"][0]["selector"] == "body > header > a:nth-of-type(1) > img"
    assert a["templates"] == ["news-item"]
    assert records[("html.frame-title", "iframe:nth-of-type(1)")]["advisory"]["templates"] == ["contacts"]
    assert records[("region", "body > div.banner")]["advisory"]["page_count"] == NEWS_PAGES


def test_records_are_advisory_outside_the_scores_with_stable_unique_ids(records):
    rows = list(records.values())
    for r in rows:
        assert is_advisory(r) and r["points"] is None and r["max_points"] == 0
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    again = [r["id"] for r in accessibility_annex(site())]
    assert sorted(again) == sorted(ids)
    # ids do not clash with the a4.3.x findings of the same site either
    arts = site_artifacts()
    scored = audit_accessibility("b", SITE, arts)
    assert len({f["id"] for f in ensure_ids(scored + rows)}) == len(scored) + len(rows)


def test_hostile_snippet_kept_as_text_and_malformed_records_skipped():
    barriers = site_barriers({}, DATA["html"])
    assert [b.check for b in barriers] == ["html.img-alt-missing", "html.frame-title", "html.img-alt-missing"]
    assert "<script>alert('annex')</script>" in barriers[0].snippet  # stored as given; the report escapes it


def test_every_failing_item_of_a_check_not_the_first_five():
    focus = [{"selector": f"#b{i}", "snippet": f"<button id=b{i}>{i}</button>", "measured": "no style change"}
             for i in range(8)]
    art = {"url": SITE, "keyboard": {"focusable": 8, "reached": 8, "presses": 9, "complete": True, "traps": [],
                                     "focus_not_visible": focus}}
    barriers = site_barriers({SITE: art})
    assert sorted(b.selector for b in barriers) == sorted(f"#b{i}" for i in range(8))
    assert {b.criteria for b in barriers} == {("2.4.7",)}
    # the scored finding keeps its own evidence limit
    finding = next(f for f in audit_accessibility("b", SITE, {SITE: art}) if f["indicator"] == "a4.3.4")
    assert finding["verdict"] == "fail" and len(finding["evidence"]) == 5


def test_grouping_ignores_positions_and_numbers_in_selectors():
    arts = {f"https://example.gov.kz/p{i}": {"url": f"https://example.gov.kz/p{i}", "axe": {"violations": [
        {"id": "link-name", "help": "Links must have discernible text", "tags": ["wcag244", "wcag412"], "count": 1,
         "nodes": [{"target": f"#news-{i} > a:nth-child({i})", "html": f"<a href='/n/{i}'></a>"}]}]}}
        for i in range(1, 4)}
    recs = advisory_records("b", SITE, site_barriers(arts))
    assert len(recs) == 1 and recs[0]["advisory"]["page_count"] == 3
    assert recs[0]["advisory"]["criteria"] == ["2.4.4", "4.1.2"] and recs[0]["indicator"] == ANNEX_INDICATOR


def test_templates_read_defensively():
    assert page_templates(None) == {}
    assert page_templates({"pages": "x", "templates": 3}) == {}
    assert page_templates({"templates": [{"id": "t1", "pages": ["u1", {"url": "u2"}, 5]}, "junk"],
                           "pages": [{"url": "u3", "template": "t2"}, 7]}) == {
        "u1": ["t1"], "u2": ["t1"], "u3": ["t2"]}
    # the gatherer's record (crawler/browser/a11y_gather.py): opaque ids, named by their URL pattern
    real = {"pages": {"u1": "t-1", "u2": "t-1", "u3": "t-2"},
            "templates": {"t-1": {"pattern": "/ru/news/*", "pages": 2, "sampled": ["u1"]},
                          "t-2": {"pattern": "", "pages": 1, "sampled": []}}}
    assert page_templates(real) == {"u1": ["/ru/news/*"], "u2": ["/ru/news/*"], "u3": ["t-2"]}


def test_nothing_checked_no_records():
    empty = SiteArtifacts(body="b", site=SITE, pages={}, edges=[], extra={})
    assert accessibility_annex(empty) == []
    broken = {SITE: {"url": SITE, "error": "page could not be opened", "axe": "not a dict"}}
    assert site_barriers(broken, {SITE: {"barriers": "nope"}}) == []


def test_audit_site_appends_the_annex_after_the_appendix4_rows_and_scores_ignore_it():
    from audits.readings import Readings
    from audits.registry import appendix4, audit_site
    from scoring.api import score_run
    from tests.unit.test_site_audits import site_from

    home = "http://s.kz/ru/"
    checked = site_from({home: (200, "<html lang='ru'><head><title>T</title></head><body><main>x</main></body>"
                                     "</html>")})
    checked.extra = {"a11y": {home: {**copy.deepcopy(DATA["contacts"]), "url": home}}}
    found = audit_site(checked, Readings())
    rows = len(appendix4())
    assert [f["indicator"] for f in found[:rows]] == [r["id"] for r in appendix4()]
    annex = found[rows:]
    assert annex and all(is_advisory(f) for f in annex) and not any(is_advisory(f) for f in found[:rows])
    targets = {"bodies": [{"key": "b", "type": "central", "names": {"ru": "b"}, "sites": [home]}]}
    assert score_run(targets, found, {}) == score_run(targets, found[:rows], {})


def test_the_html_checks_artifact_as_the_gatherer_writes_it():
    from crawler.html_checks import check_html

    url = "https://example.gov.kz/page"
    page = ("<!doctype html><html lang='ru'><head><title>T</title></head><body><main>"
            "<img src='a.png'><img src='b.png'><iframe src='https://maps.example/'></iframe></main></body></html>")
    barriers = site_barriers({}, {url: check_html(page, url)})
    alt = [b for b in barriers if b.criteria == ("1.1.1",)]
    assert len(alt) == 2 and {b.indicator for b in alt} == {"a4.3.1"} and all(b.selector for b in alt)
    assert all(b.source == "html" and b.url == url for b in barriers)


def test_thousands_of_distinct_barriers_stay_bounded_and_counted(monkeypatch):
    import audits.accessibility.annex_groups as G

    monkeypatch.setattr(G, "MAX_GROUPS", 3)
    arts = {f"{SITE}p{i}": {"url": f"{SITE}p{i}", "axe": {"violations": [
        {"id": "link-name", "help": "Links must have discernible text", "tags": ["wcag244"], "count": 1,
         "nodes": [{"target": f"a.c{chr(97 + i)}", "html": "<a></a>"}]}]}} for i in range(6)}
    # the shared header link on every page is the biggest group and is kept as it is
    for art in arts.values():
        art["axe"]["violations"][0]["nodes"].append({"target": "header > a.logo", "html": "<a class=logo></a>"})
        art["axe"]["violations"][0]["count"] = 2
    recs = advisory_records("b", SITE, site_barriers(arts))
    assert len(recs) == 4
    assert sum(r["advisory"]["instance_count"] for r in recs) == 12
    header = next(r for r in recs if r["advisory"]["instances"][0]["selector"] == "header > a.logo")
    assert header["advisory"]["page_count"] == 6
    folded = [r for r in recs if "more distinct barrier(s)" in r["advisory"]["message"]]
    assert len(folded) == 1 and folded[0]["advisory"]["instance_count"] == 4


@pytest.mark.parametrize(("ind", "measured", "criteria"), [
    ("a4.3.4", "keyboard trap: focus cycles", ("2.1.2",)),
    ("a4.3.4", "dialog: Escape does not close it (opened from #open)", ("2.1.2",)),
    ("a4.3.4", "dialog: focus stays on #open when the dialog opens", ("2.4.3",)),
    ("a4.3.4", "mouse only: acts on click", ("2.1.1",)),
    ("a4.3.4", "something new", ("2.1.1", "2.1.2", "2.4.7")),
    ("a4.3.8", "scrollWidth 700 > 640 at 200 % text size", ("1.4.4",)),
    ("a4.3.8", "scrollWidth 1100 > 640 at 200 %: horizontal scrolling", ("1.4.10",)),
])
def test_scripted_failure_gets_the_criterion_its_measurement_names(ind, measured, criteria):
    from audits.accessibility.annex import _refined

    assert _refined(ind, measured) == criteria
