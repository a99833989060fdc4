"""The WordPress committee fixture (fixtures/cms_wp_committee): deterministic per seed, served over real loopback
HTTP, and a manifest whose claims hold on the served HTML (parsed independently with lxml, generic selectors)."""

from __future__ import annotations

import http.client
import json
import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml
from lxml import html as lxml_html

from fixtures.cms_wp_committee import manifest as manifest_module
from fixtures.cms_wp_committee.generate import generate
from fixtures.cms_wp_committee.site import build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

KAZAKH_LETTERS = set("әғқңөұүі")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site():
    return generate(DEFAULT_SEED)


@pytest.fixture(scope="module")
def manifest(site):
    return site.manifest


@pytest.fixture(scope="module")
def served():
    fixture = build(DEFAULT_SEED)
    with FixtureServers([fixture]) as servers:
        yield fixture, servers.urls[fixture.name]


def _doc(site, url):
    return lxml_html.fromstring(site.pages[url].body)


def _html_pages(manifest):
    return [u for u, e in manifest["pages"].items() if e["status"] == 200 and e["content_type"].startswith("text/html")]


def _get(base: str, url: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", quote(url, safe="/?=&%:"))
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# --- the generator ------------------------------------------------------------------------------------------------
def test_same_seed_same_site_other_seed_differs():
    a, b = generate(DEFAULT_SEED), generate(DEFAULT_SEED)
    assert json.dumps(a.manifest, ensure_ascii=False) == json.dumps(b.manifest, ensure_ascii=False)
    assert {u: p.body for u, p in a.pages.items()} == {u: p.body for u, p in b.pages.items()}
    assert {u: x.body for u, x in a.assets.items()} == {u: x.body for u, x in b.assets.items()}
    c = generate(DEFAULT_SEED + 1)
    assert set(c.pages) != set(a.pages)  # post ids and upload months come from the seed
    assert c.manifest["summary"]["html_pages_by_lang"] == a.manifest["summary"]["html_pages_by_lang"]


def test_committed_expected_json_is_up_to_date(manifest):
    committed = json.loads(manifest_module.EXPECTED.read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(manifest, ensure_ascii=False))
    assert manifest_module.main(["--check"]) == 0


def test_size_languages_and_markup(site, manifest):
    html = _html_pages(manifest)
    by_lang = Counter(manifest["pages"][u]["lang"] for u in html)
    assert 60 <= by_lang["kk"] + by_lang["ru"] <= 120 and by_lang["kk"] >= 40 and by_lang["ru"] >= 40
    assert 5 <= by_lang["en"] <= 15
    kk_text = " ".join(_doc(site, u).text_content() for u in html if manifest["pages"][u]["lang"] == "kk")
    assert KAZAKH_LETTERS <= set(kk_text)
    for url in html:
        doc = _doc(site, url)
        assert doc.get("lang").split("-")[0] == manifest["pages"][url]["lang"], url
        assert "fixture" in doc.text_content()
        assert doc.xpath("//body[contains(@class,'pll-')]")  # WordPress/Polylang body classes
    # WordPress URLs: posts as /?p=ID, paginated categories, uploads by month
    assert any(re.fullmatch(r"/\?p=\d+", u) for u in html)
    assert "/ru/category/news/page/2/" in manifest["pages"]
    assert all(re.fullmatch(r"/wp-content/uploads/20\d\d/\d\d/[\w-]+\.(pdf|docx)", d["href"])
               for d in manifest["documents"])


def test_model_edges_equal_the_html(site, manifest):
    for url in _html_pages(manifest):
        page, doc = site.pages[url], _doc(site, url)
        anchors = Counter(a.get("href") for a in doc.iter("a") if a.get("href") is not None)
        assert anchors == Counter(lk.href for lk in page.links if lk.anchor), url
        options = {o.get("value") for o in doc.xpath("//select[@id='lang_choice_1']/option[not(@selected)]")}
        assert options == {lk.href for lk in page.links if lk.kind == "lang"}, url
        js = doc.xpath("//script[@id='menu-json']")
        js_urls = [i["url"] for i in json.loads(js[0].text)] if js else []
        assert js_urls == [lk.href for lk in page.links if lk.kind == "menu" and not lk.anchor], url
        assert bool(js) == manifest["pages"][url]["menu_built_by_js"]


def _parsed_depths(site, start: str, forms: bool = False) -> dict[str, int]:
    """BFS over what the HTML offers a person: anchors, select options, the JSON menu (and GET forms)."""
    depth, queue = {start: 0}, deque([start])
    while queue:
        url = queue.popleft()
        page = site.pages.get(url)
        if page is None or page.status >= 400:
            continue
        if page.location:
            if depth.get(page.location, 99) > depth[url]:
                depth[page.location] = depth[url]
                queue.appendleft(page.location)
            continue
        if not page.content_type.startswith("text/html"):
            continue
        doc = _doc(site, url)
        targets = [a.get("href") for a in doc.iter("a") if a.get("href")]
        targets += [o.get("value") for o in doc.xpath("//select[@id='lang_choice_1']/option")]
        for js in doc.xpath("//script[@id='menu-json']"):
            targets += [i["url"] for i in json.loads(js.text)]
        if forms:
            for form in doc.xpath("//form[@method='get']"):
                names = form.xpath(".//select/@name")
                if names:
                    targets += [f"{form.get('action')}?{names[0]}={v}" for v in form.xpath(".//option/@value")]
                else:
                    targets.append(f"{form.get('action')}?s=")
        for href in targets:
            href = href.split("#")[0]
            if href.startswith("/") and depth.get(href, 99) > depth[url] + 1:
                depth[href] = depth[url] + 1
                queue.append(href)
    return depth


def test_depths_match_an_independent_bfs_over_the_html(site, manifest):
    pages = manifest["pages"]
    assert {u: e["depth"] for u, e in pages.items() if e["depth"] is not None} == _parsed_depths(site, "/")
    for lang in ("kk", "ru", "en"):
        own = _parsed_depths(site, f"/{lang}/")
        assert {u: e["depth_lang"] for u, e in pages.items() if e["lang"] == lang and e["depth_lang"] is not None} \
            == {u: d for u, d in own.items() if pages.get(u, {}).get("lang") == lang}
        with_forms = _parsed_depths(site, f"/{lang}/", forms=True)
        assert {u: e["depth_forms_lang"] for u, e in pages.items() if e["lang"] == lang} == \
            {u: d for u, d in with_forms.items() if pages.get(u, {}).get("lang") == lang}
    assert pages["/"]["status"] == 302 and pages["/kk/"]["depth"] == 0 and pages["/ru/"]["depth"] == 1
    deep = [u for u, e in pages.items() if e["material"] and e["depth_lang"] == 4 and e["type"] == "npa"]
    assert deep  # the 2024 order: library → past years → 2024 → order
    form_only = manifest["summary"]["reached_by_form_only"]
    assert all(pages[u]["depth"] is None and pages[u]["depth_forms_lang"] == 1 for u in form_only if "?s=" in u)


GENERIC = {
    "menu": "nav a[href], #menu-json",
    "search": "form input[name=s]",
    "breadcrumbs": "#breadcrumbs a[href]",
}


def test_furniture_claims_hold_in_the_html(site, manifest):
    for url in _html_pages(manifest):
        entry, doc = manifest["pages"][url], _doc(site, url)
        lang = entry["lang"]
        for element, selector in GENERIC.items():
            assert bool(doc.cssselect(selector)) == entry["furniture"][element], (url, element)
        hrefs = {a.get("href") for a in doc.iter("a")}
        assert (f"/{lang}/" in hrefs) == entry["furniture"]["home_link"], url
        sitemap = f"/{lang}/karta-sajta/" if lang == "ru" else f"/{lang}/sait-kartasy/"
        assert bool(doc.cssselect(f"footer a[href='{sitemap}']")) == entry["furniture"]["sitemap_link"], url
        if entry["furniture"]["breadcrumbs"]:  # a trail of links to ancestors, ending with the page itself
            trail = doc.cssselect("#breadcrumbs")[0]
            assert trail.cssselect("a")[0].get("href") == f"/{lang}/"
            assert " » " in trail.text_content()
        switch = {o.get("lang").split("-")[0]: o.get("value")
                  for o in doc.xpath("//select[@id='lang_choice_1']/option[not(@selected)]")}
        assert switch == entry["language_switch"]["targets"], url


def test_appendix5_claims_hold_in_the_html(site, manifest):
    a5 = manifest["appendix5"]
    for lang in ("kk", "ru"):
        items = a5["items"][lang]
        assert len(items) == 74 and set(a5["summary"][lang]) <= {"present", "absent", "outdated"}
        for iid, row in items.items():
            for where in row.get("where", []):
                page = manifest["pages"][where["page"]]
                assert page["lang"] == lang
                heading = _doc(site, where["page"]).cssselect(where["selector"])
                assert heading and " ".join(heading[0].text_content().split()) == where["block"], (iid, where)
    assert set(a5["absent_in_kk_only"]) >= {"a5.cso.1.3.1", "a5.cso.1.3.2", "a5.cso.1.3.3"}
    outdated = {(lang, i) for lang in ("kk", "ru") for i, r in a5["items"][lang].items() if r["status"] == "outdated"}
    assert outdated == {("kk", "a5.cso.1.7.2"), ("ru", "a5.cso.1.8.4"), ("kk", "a5.cso.1.11.4"),
                        ("kk", "a5.cso.1.12.1")}
    # an outdated item's own date is old while the page footer says the site was updated yesterday
    row = a5["items"]["ru"]["a5.cso.1.8.4"]
    text = _doc(site, row["where"][0]["page"]).text_content()
    assert "2024" in text and "30.06.2026" in text and row["own_date"] < "2025"
    kk_news = [e["published"] for e in manifest["pages"].values() if e.get("lang") == "kk" and e["type"] == "news_item"]
    assert a5["items"]["kk"]["a5.cso.1.12.1"]["own_date"] == max(kk_news)[:10] < "2026-06-01"
    # the Appendix 5 wording is paraphrased: no block heading is a dictionary phrase
    concepts = yaml.safe_load((ROOT / "crawler/content/dictionaries/concepts.yaml").read_text(encoding="utf-8"))
    concepts = concepts["concepts"]
    phrases = {p.casefold() for c in concepts.values() for lg in ("ru", "kk") for p in c.get(lg) or [] if "*" not in p}
    headings = {w["block"].casefold() for lang in ("kk", "ru") for r in a5["items"][lang].values()
                for w in r.get("where", [])}
    assert not headings & phrases


def test_dates_and_large_documents_in_the_html(site, manifest):
    for url, entry in manifest["pages"].items():
        if not entry.get("published"):
            continue
        doc = _doc(site, url)
        shown = entry["dates_shown"]
        meta = doc.cssselect(".entry-meta")[0].text_content()
        if shown["published"] == "datetime":
            assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", meta), url
        if shown["modified"] == "hidden":  # only in a CSS-hidden <time class="updated"> and a meta tag
            assert doc.cssselect("time.updated") and not doc.cssselect(".modified-on")
        if shown["modified"] == "datetime":
            assert doc.cssselect(".modified-on time")
    large = {u: e["large_document"] for u, e in manifest["pages"].items() if "large_document" in e}
    assert large
    for url, facts in large.items():
        content = _doc(site, url).cssselect(".entry-content")[0]
        assert len(content.cssselect("h2")) == facts["subheadings"] >= 2
        assert len(content.cssselect("a[href^='#']")) == facts["in_page_anchors"]
        assert len(" ".join(content.text_content().split())) >= 4000
    assert manifest["indicators"]["ru"]["a4.2.8"]["points"] == 0.4
    assert manifest["indicators"]["kk"]["a4.2.8"]["points"] == 0.2


def test_indicator_profile(manifest):
    ind = manifest["indicators"]
    assert ind["ru"]["a4.2.3"]["missing_types"] == ["menu", "search"] and ind["kk"]["a4.2.3"]["missing_types"] == []
    assert ind["en"]["a4.2.3"]["missing_types"] == ["sitemap_link"]
    assert ind["ru"]["a4.2.4"]["points"] == ind["kk"]["a4.2.4"]["points"] == 1.0 and ind["en"]["a4.2.4"]["points"] == 0
    assert (ind["ru"]["a4.2.5"]["dead_links"], ind["kk"]["a4.2.5"]["dead_links"]) == (1, 3)
    assert {s: ind[s]["a4.2.9"]["requirements"] for s in ("kk", "ru")} == \
        {s: {"published": True, "modified": False} for s in ("kk", "ru")}
    assert not ind["ru"]["a4.2.10"]["requirements"]["2_language_switch_same_page"]
    assert not ind["kk"]["a4.2.10"]["requirements"]["3_external_new_window_notice"]
    assert ind["site"]["a4.4.5"]["points"] == 0.3 and ind["site"]["a4.4.5"]["bonus"] == 0.0
    assert ind["ru"]["a4.2.2"]["deeper_than_limit"] and ind["ru"]["a4.2.2"]["verdict"] == "pass"
    ids = [d["id"] for d in manifest["defects"]]
    assert len(ids) == len(set(ids))


# --- over real HTTP -------------------------------------------------------------------------------------------------


@pytest.mark.integration
def test_every_manifest_page_is_served(served, manifest):
    fixture, base = served
    for url, entry in manifest["pages"].items():
        status, headers, body = _get(base, url)
        assert status == entry["status"], url
        if status == 200:
            assert headers["content-type"] == entry["content_type"], url
            assert body == fixture.model.pages[url].body
        if "location" in entry:
            assert headers["location"] == entry["location"]
    for url in manifest["assets"]:
        assert _get(base, url)[0] == 200, url


@pytest.mark.integration
def test_links_resolve_over_http(served, manifest):
    fixture, base = served
    statuses: dict[str, int] = {}
    for url in _html_pages(manifest):
        doc = lxml_html.fromstring(_get(base, url)[2])
        refs = [a.get("href") for a in doc.iter("a") if a.get("href")]
        refs += doc.xpath("//img/@src | //audio/@src | //link[@rel='stylesheet']/@href")
        refs += doc.xpath("//select[@id='lang_choice_1']/option/@value")
        for ref in refs:
            target = ref.split("#")[0].split("?ver=")[0]
            if not target.startswith("/") or target in statuses:
                continue
            statuses[target] = _get(base, target)[0]
            expected = manifest["pages"].get(target, {}).get("status", 200 if target in manifest["assets"] else 404)
            assert statuses[target] == expected, (url, target)
    assert sorted(t for t, s in statuses.items() if s == 404) == sorted(
        u for u, e in manifest["pages"].items() if e["status"] == 404)


@pytest.mark.integration
def test_search_and_filter_over_http(served, manifest):
    _fixture, base = served
    status, _h, body = _get(base, "/ru/?s=теплосетей")
    doc = lxml_html.fromstring(body)
    assert status == 200 and doc.cssselect("input[name=s]")[0].get("value") == "теплосетей"
    hits = {a.get("href") for a in doc.cssselect("ol.search-results a")}
    assert hits and all(manifest["pages"][h]["lang"] == "ru" for h in hits)
    status, _h, body = _get(base, "/ru/dokumenty/?doc_type=npa")
    listed = {a.get("href") for a in lxml_html.fromstring(body).cssselect(".entry-content ul a")}
    assert status == 200 and listed and all(manifest["pages"][u]["type"] == "npa" for u in listed)
    assert _get(base, "/ru/o-komitete")[0] == 301
