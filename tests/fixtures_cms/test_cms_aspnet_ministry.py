"""The ASP.NET ministry fixture (fixtures/cms_aspnet_ministry): determinism, expected.json up to date, every
manifest page served over real loopback HTTP with its links resolving, and manifest claims checked against the
served HTML with lxml."""

from __future__ import annotations

import http.client
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from lxml import html as lhtml

from fixtures.cms_aspnet_ministry.generate import FILTER_BUTTON, FILTER_TYPE, FILTER_YEAR, generate
from fixtures.cms_aspnet_ministry.manifest import EXPECTED, build_manifest, dump
from fixtures.cms_aspnet_ministry.model import norm
from fixtures.cms_aspnet_ministry.site import bodies, build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return build_manifest(generate(DEFAULT_SEED))


def test_deterministic_per_seed(manifest: dict[str, Any]) -> None:
    again = generate(DEFAULT_SEED)
    assert dump(build_manifest(again)) == dump(manifest)
    first = generate(DEFAULT_SEED)
    assert {k: p.body for k, p in first["pages"].items()} == {k: p.body for k, p in again["pages"].items()}
    other = build_manifest(generate(7))
    assert set(other["pages"]) != set(manifest["pages"])  # ids follow the seed ...
    assert other["summary"]["pages_by_type"] == manifest["summary"]["pages_by_type"]  # ... the structure does not
    verdicts = {s: {i: v["verdict"] for i, v in ind.items()} for s, ind in manifest["indicators"].items()}
    assert {s: {i: v["verdict"] for i, v in ind.items()} for s, ind in other["indicators"].items()} == verdicts


def test_expected_json_is_up_to_date(manifest: dict[str, Any]) -> None:
    assert EXPECTED.read_text(encoding="utf-8") == dump(manifest), (
        "run: .venv/bin/python -m fixtures.cms_aspnet_ministry.manifest")


def test_size_languages_and_planted_verdicts(manifest: dict[str, Any]) -> None:
    summary = manifest["summary"]
    assert 60 <= summary["html_pages"] <= 120
    by_lang = summary["html_pages_by_lang"]
    assert by_lang["kk"] >= 40 and by_lang["ru"] >= 40 and 5 <= by_lang["en"] < by_lang["kk"]
    ind = manifest["indicators"]
    assert ind["ru"]["a4.2.10"]["failed"] == ["dead_links", "language_switch"]
    assert ind["kk"]["a4.2.10"]["failed"] == ["dead_links", "external_new_window"]
    assert ind["kk"]["a4.2.8"]["verdict"] == "partial" and ind["ru"]["a4.2.8"]["verdict"] == "pass"
    assert ind["kk"]["a4.2.9"]["points"] == 0.0 and ind["ru"]["a4.2.9"]["points"] == 0.2
    assert ind["ru"]["a4.2.3"]["missing_types"] == ["sitemap_link", "search"]
    assert ind["site"]["a4.4.5"]["points"] == 0.55
    assert ind["kk"]["a4.2.2"]["deeper_than_limit"] and ind["kk"]["a4.2.2"]["form_only_material"]
    items = manifest["content"]["items"]
    assert items["kk"]["a5.cso.1.5"]["7"]["status"] == "absent"  # international: no kk page
    assert items["ru"]["a5.cso.1.5"]["7"]["status"] == "present"
    assert items["kk"]["a5.cso.1.3"]["1"]["status"] == "absent"  # the Address: ru only
    assert items["ru"]["a5.cso.1.5"]["2"]["status"] == "outdated"
    assert items["kk"]["a5.cso.1.7"]["2"]["status"] == "outdated" and items["ru"]["a5.cso.1.7"]["2"]["status"] == \
        "present"
    for lang in ("kk", "ru"):
        for sec in items[lang].values():
            for item in sec.values():
                for concept in item["concepts"].values():
                    if concept["status"] == "outdated":
                        assert int(concept["date"][:4]) <= 2024


# ---- served over loopback ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served():
    site = build(DEFAULT_SEED)
    with FixtureServers([site]) as servers:
        yield site, servers.urls[site.name]


def _request(base: str, url: str, method: str = "GET", body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, url, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def fetched(served) -> dict[str, tuple[int, dict[str, str], bytes]]:
    site, base = served
    return {url: _request(base, url) for url in site.manifest["pages"]}


@pytest.mark.integration
def test_every_manifest_page_is_served_and_its_links_resolve(served, fetched) -> None:
    site, base = served
    pages = site.manifest["pages"]
    by_key = {norm(u) or u: e for u, e in pages.items()}
    for url, entry in pages.items():
        status, headers, body = fetched[url]
        assert status == entry["status"], url
        if "location" in entry:
            assert headers["location"] == entry["location"]
        elif status == 200:
            assert headers["content-type"] == entry["content_type"], url
            if "size" in entry:
                assert len(body) == entry["size"], url
    checked: dict[str, int] = {}
    for url, entry in pages.items():
        if entry["status"] != 200 or not entry["content_type"].startswith("text/html"):
            continue
        doc = lhtml.fromstring(fetched[url][2])
        hrefs = doc.xpath("//a/@href") + doc.xpath("//select[@id='dnn_dnnLANGUAGE_selectCulture']/option/@value")
        for href in hrefs:
            key = norm(href)
            if key is None:
                assert href.startswith(("http", "javascript:__doPostBack", "mailto:", "#")), href
                continue
            assert key in by_key, f"{url} links {href}, not in the manifest"
            if href not in checked:
                checked[href] = _request(base, href)[0]
            assert checked[href] == by_key[key]["status"], href
    assert len(checked) > 90


@pytest.mark.integration
def test_manifest_claims_match_the_served_html(served, fetched) -> None:
    site, _ = served
    crumb_xpath = {"dnn_span": "//span[@id='dnn_dnnBREADCRUMB_lblBreadCrumb']",
                   "schema_ol": "//ol[contains(@itemtype,'BreadcrumbList')]", "text": "//p[@class='page-path']"}
    html_pages = 0
    for url, entry in site.manifest["pages"].items():
        if entry["status"] != 200 or not entry["content_type"].startswith("text/html"):
            continue
        html_pages += 1
        doc = lhtml.fromstring(fetched[url][2])
        lang, furniture = entry["lang"], entry["furniture"]
        assert doc.get("lang", "").startswith(lang), url
        assert doc.xpath("//input[@name='__VIEWSTATE']/@value"), url  # every page is a WebForms form
        for form, xpath in crumb_xpath.items():
            assert bool(doc.xpath(xpath)) == (entry["breadcrumbs_form"] == form), (url, form)
        assert bool(doc.xpath("//input[@name='dnn$dnnSEARCH$txtSearch']")) == furniture["search"], url
        sitemap = norm(f"/Default.aspx?tabid=70&lang={lang}")
        assert any(norm(h) == sitemap for h in doc.xpath("//a/@href")) == furniture["sitemap_link"], url
        home = norm(f"/Default.aspx?lang={lang}")
        assert any(norm(h) == home for h in doc.xpath("//a/@href")) == furniture["home_link"], url
        if entry["menu_form"] == "mega":
            assert len(doc.xpath("//div[@id='dnn_pnav']//a")) >= 15 and furniture["menu"], url
        else:  # the JS menu: no anchors in the served HTML, the items are in a script
            assert not doc.xpath("//nav[@id='enMenu']//a") and "menuItems" in "".join(doc.xpath("//script/text()"))
        for block in entry["blocks"]:
            heads = doc.xpath(f"//*[@id='{block['block']}']/preceding-sibling::h2//text()")
            assert block["heading"] in "".join(heads) or block["block"] == "dnn_ctr430_ContentPane", (url, block)
            assert doc.xpath(f"//*[@id='{block['block']}']"), (url, block)
        text = doc.text_content()
        for field in ("published", "modified"):
            if entry[field]:
                shown = datetime.fromisoformat(entry[field]).strftime("%d.%m.%Y %H:%M")
                assert shown in text, (url, field)
        assert entry["footer_updated"] in doc.xpath("string(//span[@id='dnn_lblUpdated'])")
        if "large_document" in entry:
            anchors = doc.xpath("//div[@class='toc']//a/@href")
            assert len(doc.xpath("//div[@class='npa-text']/h2")) == entry["large_document"]["sections"]
            assert bool(anchors) == entry["large_document"]["anchors"], url
            for anchor in anchors:
                assert doc.xpath(f"//*[@id='{anchor[1:]}']")
        if entry["type"] == "home":
            assert entry["depth_lang"] == 0
    assert html_pages == site.manifest["summary"]["html_pages"]


@pytest.mark.integration
def test_webforms_behaviour(served) -> None:
    site, base = served
    status, headers, _ = _request(base, "/")
    assert (status, headers["location"]) == (302, "/Default.aspx?lang=kk")
    # IIS: case-insensitive paths and parameter names, any parameter order
    assert _request(base, "/default.ASPX?LANG=ru&TabId=63")[2] == _request(base, "/Default.aspx?tabid=63&lang=ru")[2]
    assert _request(base, "/Default.aspx?tabid=60&lang=kk")[0] == 404  # the planted missing kk page
    # the header search box posts the page form back; the server redirects to the search page
    form = urlencode({"__EVENTTARGET": "dnn$dnnSEARCH$cmdSearch", "__VIEWSTATE": "x",
                      "dnn$dnnSEARCH$txtSearch": "гидропост"}).encode()
    ctype = {"Content-Type": "application/x-www-form-urlencoded"}
    status, headers, _ = _request(base, "/Default.aspx?tabid=63&lang=ru", "POST", form, ctype)
    assert status == 302 and headers["location"] == "/Search.aspx?lang=ru&q=" + quote("гидропост")
    status, _, body = _request(base, headers["location"])
    doc = lhtml.fromstring(body)
    assert doc.xpath("//div[@role='search']//input[@type='text']/@value") == ["гидропост"]
    assert len(doc.xpath("//form")) == 1  # WebForms: one page-wide form, no nested ones
    assert any("News.aspx?ID=" in h for h in doc.xpath("//div[@class='results']//a/@href"))
    # the pager's numbers are __doPostBack links: posting Page$3 returns the third page
    boundary = "----fixture"
    multipart = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"__EVENTTARGET\"\r\n\r\n"
                 f"dnn$ctr430$News$grdNews\r\n--{boundary}\r\nContent-Disposition: form-data; "
                 f"name=\"__EVENTARGUMENT\"\r\n\r\nPage$3\r\n--{boundary}--\r\n").encode()
    posted = _request(base, "/Pages/News.aspx?lang=kk", "POST", multipart,
                      {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert posted[0] == 200 and posted[2] == _request(base, "/Pages/News.aspx?lang=kk&page=3")[2]
    # the library filter lists the documents no <a> link reaches
    hidden = site.manifest["indicators"]["ru"]["a4.2.2"]["form_only_material"]
    filtered = urlencode({FILTER_TYPE: "prikaz", FILTER_YEAR: "", FILTER_BUTTON: "Показать"}).encode()
    body = _request(base, "/Documents/Library.aspx?lang=ru", "POST", filtered, ctype)[2]
    listed = {norm(h) for h in lhtml.fromstring(body).xpath("//ul[@class='doc-list']/li/a/@href")}
    assert {norm(u) for u in hidden} <= listed and hidden
    assert body == _request(base, "/Documents/Library.aspx?lang=ru&type=prikaz&year=")[2]
    # the feedback form: a message field in the page-wide form, answered after posting
    fb = urlencode({"dnn$ctr512$Feedback$txtBody": "Сұрақ", "dnn$ctr512$Feedback$btnSend": "Жіберу"}).encode()
    status, _, body = _request(base, "/Default.aspx?tabid=68&lang=kk", "POST", fb, ctype)
    assert status == 200 and "Рақмет" in body.decode()
    assert re.search(r"<textarea[^>]+Feedback\$txtBody", _request(base, "/Default.aspx?tabid=68&lang=kk")[2].decode())
    assert bodies({"cms_aspnet_ministry": base}) == {"bodies": {"mwri": {"sites": [base + "/"]}}}
