"""The legacy fixture site over real HTTP on loopback: every manifest page answers with its status."""

from __future__ import annotations

import http.client
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup

from fixtures.registry import DEFAULT_SEED, build_sites, site_bodies
from fixtures.server import FixtureServers

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def served():
    (site,) = build_sites(["legacy"], seed=DEFAULT_SEED)
    with FixtureServers([site]) as servers:
        yield site, servers.urls["legacy"]


def _get(base: str, path: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_every_manifest_page_is_served_with_its_status(served):
    site, base = served
    manifest = site.model.manifest
    for path, entry in manifest["pages"].items():
        status, headers, body = _get(base, path)
        assert status == entry["status"], path
        if "location" in entry:
            assert headers["location"] == entry["location"]
        elif status == 200:
            assert headers["content-type"] == entry["content_type"]
            if "size" in entry:
                assert len(body) == entry["size"]
    for defect in manifest["defects"]:
        if defect["kind"] in ("broken_link", "sitemap_dead_link"):
            assert _get(base, defect["path"])[0] >= 400
    for path in ("/robots.txt", "/sitemap.xml", "/static/css/style.css", "/upload/img/logo.png"):
        assert _get(base, path)[0] == 200


def test_search_finds_page_texts_and_keeps_the_query(served):
    site, base = served
    for lang, query in (("ru", "безопасности полётов"), ("kk", "әуежай")):
        status, _, body = _get(base, f"/{lang}/search/?q={quote(query)}")
        assert status == 200
        soup = BeautifulSoup(body.decode("utf-8"), "html.parser")
        assert [i["value"] for i in soup.select("input[name=q]")] == [query, query]  # header + advanced form
        hits = {a["href"] for a in soup.select(".search-results a")}
        expected = {p.path for p in site.model.pages.values() if p.lang == lang and p.is_html_ok
                    and p.kind != "search" and all(w in p.text.casefold() for w in query.casefold().split())}
        assert hits == expected and hits
    _, _, body = _get(base, "/ru/search/?q=" + quote("zzzz-нет-такого"))
    assert "ничего не найдено" in body.decode("utf-8")


def test_bodies_entry_points_at_the_served_site(served):
    _, base = served
    assert site_bodies("legacy", {"legacy": base}) == {"bodies": {"aviation": {"sites": [base + "/"]}}}
    status, headers, _ = _get(base, "/")
    assert (status, headers["location"]) == (302, "/ru/")
    assert _get(base, "/ru/about")[1]["location"] == "/ru/about/"
