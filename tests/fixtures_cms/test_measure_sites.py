"""The scoring of agreement in tests/measure_sites.py, on tiny handmade manifests and findings (no pipeline run):
both manifest layouts are read alike, and verdict/points agreement, "present" precision and recall, the confusion
table, the disagreement list and the depth comparison count what they say."""

from __future__ import annotations

from typing import Any

import pytest

from tests.measure_sites import compare, compare_a4, compare_a5, compare_pages, format_site, summary_line
from tests.measure_sites_adapters import adapt, url_key

BASE = "http://127.0.0.1:9999"


def _page(lang: str | None, depth: int | None, ptype: str = "section", **extra: Any) -> dict[str, Any]:
    return {"status": 200, "lang": lang, "type": ptype, "content_type": "text/html; charset=UTF-8", "depth": depth,
            **extra}


def wp_manifest() -> dict[str, Any]:
    """The WordPress layout: appendix5.items[lang][item id], per-language a4 scopes, pages `reached_by`."""
    where = {"page": "/kk/bailanys/", "block": "Біз қайдамыз", "selector": "#b"}
    return {
        "site": "tiny_wp", "body": "tw",
        "pages": {"/": {"status": 302, "lang": None, "type": "redirect", "content_type": "text/html", "depth": 0,
                        "reached_by": "links"},
                  "/kk/": _page("kk", 0, "home", reached_by="links"),
                  "/kk/bailanys/": _page("kk", 1, "contacts", reached_by="links"),
                  "/?p=7": _page("kk", 4, "news_item", reached_by="links"),
                  "/kk/?s=": _page("kk", None, "search", reached_by="form")},
        "indicators": {
            "site": {"a4.2.2": {"verdict": "pass", "points": 0.3, "max_points": 0.3},
                     "a4.2.3": {"verdict": "partial", "points": 0.15, "max_points": 0.45},
                     "a4.2.8": {"verdict": "not_applicable", "points": None, "max_points": 0.4}},
            "kk": {"a4.2.2": {"verdict": "pass", "points": 0.3, "max_points": 0.3}},
        },
        "appendix5": {"table": "cso", "items": {"kk": {
            "a5.cso.1.2.1": {"status": "present", "where": [where]},
            "a5.cso.1.2.2": {"status": "present", "where": [where]},
            "a5.cso.1.2.3": {"status": "present", "where": [where]},
            "a5.cso.1.3.1": {"status": "absent"},
            "a5.cso.1.7.2": {"status": "outdated",
                             "where": [{"page": "/kk/satyp/", "block": "2024", "selector": "#x"}]},
        }}},
    }


def aspnet_manifest() -> dict[str, Any]:
    """The ASP.NET layout: content.items[lang][section][number] with per-concept locations; `reachable_by_links`."""
    def concept(status: str, url: str | None) -> dict[str, Any]:
        return {"status": status, **({"url": url, "block": "dnn_ctr1", "heading": "Байланыс"} if url else {})}

    return {
        "site": "tiny_asp", "body": "ta",
        "pages": {"/Default.aspx?lang=kk": _page("kk", 0, "home", reachable_by_links=True, depth_nav=0),
                  "/Pages/News.aspx?ID=3&lang=kk": _page("kk", 2, "news_item", reachable_by_links=True,
                                                         depth_nav=None),
                  "/Documents/Document.aspx?ID=9&lang=kk": _page("kk", None, "npa", reachable_by_links=False)},
        "indicators": {"site": {"a4.2.4": {"verdict": "pass", "points": 1.0, "max_points": 1.0}}},
        "content": {"table": "cso", "items": {"ru": {"a5.cso.1.2": {
            "1": {"status": "present", "concepts": {"postal_address": concept("present", "/Default.aspx?lang=ru")}},
            "2": {"status": "absent", "concepts": {"email": concept("present", "/Default.aspx?lang=ru"),
                                                   "phones": concept("absent", None)}},
        }}}},
    }


def a4_finding(indicator: str, verdict: str, points: float | None, lang: str | None = None,
               body: str = "tw") -> dict[str, Any]:
    return {"body": body, "site": BASE + "/", "lang": lang, "indicator": indicator, "verdict": verdict,
            "points": points, "max_points": 0.3, "note": f"note of {indicator}", "evidence": []}


def a5_finding(section: str, lang: str, rows: list[tuple[str, str, str]], body: str = "tw") -> dict[str, Any]:
    """rows: (item number as labelled, e.g. '1.2.1', status, url)."""
    return {"body": body, "site": BASE + "/", "lang": lang, "indicator": section, "verdict": "partial", "points": 1,
            "max_points": 2, "evidence": [{"url": BASE + url, "measured": {"item": f"{num} Some item", "status": st,
                                                                          "matched": f"matched {num}"}}
                                          for num, st, url in rows]}


def wp_findings() -> list[dict[str, Any]]:
    return [
        a4_finding("a4.2.2", "pass", 0.3),                  # agrees
        a4_finding("a4.2.3", "partial", 0.3),               # same verdict, other points: disagrees
        a4_finding("a4.2.8", "not_applicable", None),       # both without points: agrees
        a4_finding("a4.2.2", "pass", 0.3, body="other"),    # another body: ignored
        a5_finding("a5.cso.1.2", "kk", [("1.2.1", "present", "/kk/bailanys/"),   # TP on the manifest's page
                                        ("1.2.2", "present", "/kk/"),            # TP, but on another page
                                        ("1.2.3", "absent", "/kk/")]),           # FN
        a5_finding("a5.cso.1.3", "kk", [("1.3.1", "present", "/kk/about/")]),    # FP (absent in the manifest)
        # a5.cso.1.7.2 (outdated) has no finding at all: "none"
    ]


def test_adapters_read_both_layouts_alike():
    wp, asp = adapt(wp_manifest()), adapt(aspnet_manifest(), case_insensitive=True)
    assert {(r.indicator, r.scope) for r in wp.a4} == {("a4.2.2", "site"), ("a4.2.3", "site"), ("a4.2.8", "site"),
                                                        ("a4.2.2", "kk")}
    assert [(r.item, r.lang, r.status) for r in asp.a5] == [("a5.cso.1.2.1", "ru", "present"),
                                                            ("a5.cso.1.2.2", "ru", "absent")]
    # the item's status is the manifest's (the worst concept), the locations those of the concepts found
    assert asp.a5[1].where == [{"page": "/Default.aspx?lang=ru", "block": "Байланыс"}]
    assert wp.pages["/kk/?s="].depth is None and wp.pages["/?p=7"].depth == 4  # reached by a form: no click depth
    assert asp.pages[asp.key("/Documents/Document.aspx?ID=9&lang=kk")].depth is None
    with pytest.raises(ValueError):
        adapt({"site": "x", "body": "x", "pages": {}, "indicators": {}})


def test_url_keys():
    assert url_key(BASE + "/kk/?p=7#top") == "/kk/?p=7"
    assert url_key("/%D0%B0/?b=2&a=1") == "/а/?a=1&b=2"
    assert url_key(BASE + "/pages/news.aspx?lang=kk&id=3", True) == url_key("/Pages/News.aspx?ID=3&lang=kk", True)
    assert url_key("/kk/?s=") == "/kk/?s="


def test_a4_agreement_needs_the_verdict_and_the_points_and_a_finding_for_the_scope():
    rows = {(r.indicator, r.scope): r for r in compare_a4(adapt(wp_manifest()), wp_findings())}
    assert rows[("a4.2.2", "site")].agree
    assert not rows[("a4.2.3", "site")].agree and rows[("a4.2.3", "site")].tool_points == 0.3
    assert rows[("a4.2.8", "site")].agree
    kk = rows[("a4.2.2", "kk")]  # the tool reported the site only
    assert not kk.agree and kk.tool_verdict is None
    # a finding with lang kk is matched to the kk scope
    rows = {(r.indicator, r.scope): r for r in compare_a4(adapt(wp_manifest()),
                                                          [a4_finding("a4.2.2", "pass", 0.3004, lang="kk")])}
    assert rows[("a4.2.2", "kk")].agree and not rows[("a4.2.2", "site")].agree


def test_a5_precision_recall_and_confusion_of_present():
    kk = compare_a5(adapt(wp_manifest()), wp_findings())["kk"]
    # expected present: 1.2.1, 1.2.2, 1.2.3; the tool says present for 1.2.1, 1.2.2 and (wrongly) 1.3.1
    assert kk.precision == pytest.approx(2 / 3)
    assert kk.recall == pytest.approx(2 / 3)
    assert kk.confusion == {"present": {"present": 2, "absent": 1}, "absent": {"present": 1},
                            "outdated": {"none": 1}}
    assert kk.agreeing == 2 and kk.items == 5
    wrong = {d.item: d for d in kk.disagreements}
    assert set(wrong) == {"a5.cso.1.2.3", "a5.cso.1.3.1", "a5.cso.1.7.2"}
    assert wrong["a5.cso.1.2.3"].manifest_where == [{"page": "/kk/bailanys/", "block": "Біз қайдамыз"}]
    assert wrong["a5.cso.1.3.1"].tool_urls == [BASE + "/kk/about/"]
    assert wrong["a5.cso.1.7.2"].tool == "none"
    assert [d.item for d in kk.present_elsewhere] == ["a5.cso.1.2.2"]  # agreeing, but not on the manifest's page


def test_a5_outdated_is_not_present_and_empty_denominators_are_none():
    manifest = wp_manifest()
    manifest["appendix5"]["items"]["kk"] = {"a5.cso.1.7.2": manifest["appendix5"]["items"]["kk"]["a5.cso.1.7.2"]}
    kk = compare_a5(adapt(manifest), [a5_finding("a5.cso.1.7", "kk", [("1.7.2", "outdated", "/kk/satyp/")])])["kk"]
    assert kk.precision is None and kk.recall is None and not kk.disagreements and kk.agreeing == 1


def test_page_depths_and_types():
    asp = adapt(aspnet_manifest(), case_insensitive=True)
    depths = {BASE + "/default.aspx?lang=kk": {"all": 0, "navigational": 0},
              BASE + "/Pages/News.aspx?lang=kk&ID=3": {"all": 3, "navigational": None}}
    stored = {BASE + "/Default.aspx?lang=kk": {"status": 200, "page_type": None},
              BASE + "/Pages/News.aspx?ID=3&lang=kk": {"status": 200, "page_type": None}}
    p = compare_pages(asp, depths, stored)
    assert (p.depth_compared, p.depth_agree, p.depth_missing) == (2, 1, 0)
    assert p.depth_mismatches == [("/Pages/News.aspx?ID=3&lang=kk", 2, 3)]
    assert (p.nav_compared, p.nav_agree) == (2, 2)  # no navigation path to the news item on either side
    assert p.types_compared is None  # the run records no page type
    assert (p.stored, p.status_agree) == (2, 2)
    assert p.stored_by_lang == {"kk": (2, 3)}  # the act behind the filter form was not stored
    depths["https://legalacts.egov.kz/Pages/News.aspx?ID=3&lang=kk"] = {"all": 2}  # an external URL: not the page
    assert compare_pages(asp, depths, stored).depth_agree == 1
    stored[BASE + "/Pages/News.aspx?ID=3&lang=kk"]["page_type"] = "announcement"
    stored[BASE + "/Default.aspx?lang=kk"]["page_type"] = "home"
    p = compare_pages(asp, depths, stored)
    assert (p.types_compared, p.types_agree) == (2, 1)
    wp = compare_pages(adapt(wp_manifest()), {BASE + "/kk/": {"all": 0}}, {})
    assert (wp.depth_compared, wp.depth_agree, wp.depth_missing, wp.nav_compared) == (3, 1, 2, None)


def test_summary_line_and_table():
    result = compare(adapt(wp_manifest()), wp_findings(), {BASE + "/kk/": {"all": 0}}, {})
    line = summary_line(result)
    assert line.startswith("tiny_wp: a4 agreement 2 of 4; a5 kk P=0.67 R=0.67")
    assert "a4 site scope 2 of 3; 1 row(s) not reported" in line
    text = format_site(result)
    assert "not reported" in text and "targets (issue #13: >= 0.95" in text and "NOT met" in text
    assert "page types: skipped" in text
