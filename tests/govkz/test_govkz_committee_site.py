"""The committee-on-a-subdomain fixture: served pages match the page model its ground truth comes from."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from core.targets import parse_targets
from crawler.links import extract_links, looks_like_sitemap_page, parse_html
from fixtures.bodies import FIXTURE_BODIES
from fixtures.govkz.committee import BODY, build, expected
from fixtures.registry import DEFAULT_SEED, site_bodies
from fixtures.server import FixtureServers

pytestmark = pytest.mark.integration
# model link kind -> the kind crawler.links gives it from where it sits in the page
KIND = {"home": "header", "lang": "lang", "menu": "menu", "breadcrumb": "breadcrumb", "sitemap_link": "footer",
        "external": "footer", "content": "content", "list": "content", "doc": "content", "sitemap": "content"}


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_served_pages_match_the_model() -> None:
    site = build(DEFAULT_SEED)
    truth = expected(DEFAULT_SEED)
    with FixtureServers([site]) as servers:
        base = servers.urls["govkz_committee"]
        assert _get(base + "/")[0] == 200 and _get(base + "/ru/about")[0] == 200  # redirects followed
        for path, page in truth["pages"].items():
            status, html = _get(base + path)
            assert status == page["status"]
            model = site.pages[path].links
            got = [(link.url, link.kind, link.text) for link in extract_links(html, base + path)]
            want = [(href if "://" in href else base + href, KIND[kind], text) for href, kind, text in model]
            assert got == want, path
            assert ('role="search"' in html) == page["furniture"]["search"]
            doc = parse_html(html)
            assert looks_like_sitemap_page(doc, base + path) == (page["kind"] == "sitemap")
        for dead in truth["dead_links"]:
            assert _get(base + dead)[0] == 404
    assert truth["missing_furniture"] == ["/kk/:search"]
    assert truth["pages"]["/kk/"]["depth"] == 1 and truth["pages"]["/ru/news/5/"]["depth_lang"] == 1
    assert truth["news"] == {"ru": 5, "kk": 2}


def test_registered_body_is_a_valid_subdomain_committee() -> None:
    fragment = site_bodies("govkz_committee", {"govkz_committee": "http://127.0.0.1:1"})
    spec = {**FIXTURE_BODIES[BODY], **fragment["bodies"][BODY]}
    targets = parse_targets({"bodies": {BODY: spec, "minfin": {**FIXTURE_BODIES["minfin"], "sites": []}},
                             "portals": fragment["portals"]})
    body = targets.body(BODY)
    assert body.type == "committee" and body.committee_form == "subdomain" and body.parent == "minfin"
    assert body.sites == ["http://127.0.0.1:1/"]
