"""The site checks on the legacy fixture, against the facts its own manifest plants.

The legacy site is fetched over loopback HTTP with a small breadth-first fetch (no browser: these are the static
facts), turned into artifacts and audited; `test_end_to_end.py` covers the full `govaudit run` path.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest

from audits.site_checks.engines import audit_search_engines
from audits.site_checks.english import audit_english
from audits.site_checks.formats import audit_formats
from audits.site_checks.identity import audit_no_stub
from audits.site_checks.links import audit_links
from audits.site_checks.search import audit_search
from core.site_check_settings import SiteCheckSettings
from fixtures.legacy.site import build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers
from tests.site_checks import helpers

pytestmark = pytest.mark.integration


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # report 3xx as they are
        return None


def _fetch_site(base: str, limit: int = 400) -> dict[str, tuple]:
    opener = urllib.request.build_opener(_NoRedirect)
    pages: dict[str, tuple] = {}
    queue = ["/"]
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in pages:
            continue
        try:
            with opener.open(base + path, timeout=10) as r:
                status, ctype, data, location = r.status, r.headers.get("Content-Type"), r.read(), None
        except urllib.error.HTTPError as exc:
            status, ctype, data = exc.code, exc.headers.get("Content-Type"), exc.read()
            location = exc.headers.get("Location")
        text = data.decode("utf-8", "replace") if ctype and "html" in ctype else None
        redirect = urlsplit(urljoin(base + path, location)).path if location else None
        pages[path] = (status, text, ctype, redirect)
        targets = [redirect] if redirect else []
        if text and status == 200:
            doc = helpers.parse_html(text)
            targets += [urljoin(base + path, a.get("href")) for a in doc.iter("a") if a.get("href")]
        for target in targets:
            parts = urlsplit(urljoin(base + path, target))
            if parts.netloc in ("", urlsplit(base).netloc) and parts.scheme in ("", "http"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


@pytest.fixture(scope="module")
def legacy():
    site = build(DEFAULT_SEED)
    with FixtureServers([site]) as servers:
        base = servers.urls["legacy"]
        fetched = _fetch_site(base)
    return helpers.make_site(fetched, start="/", body="aviation", base=base), site.model.manifest


def test_search_field_length_follows_the_manifest(legacy):
    artifacts, manifest = legacy
    f = audit_search(artifacts, SiteCheckSettings())
    planted = any(d["kind"] == "search_field_too_short" for d in manifest["defects"])
    assert f["measured"]["requirements"]["accepts_20_chars"] is (not planted)


def test_download_labels_follow_the_manifest(legacy):
    artifacts, manifest = legacy
    f = audit_formats(artifacts, SiteCheckSettings())
    assert f["measured"]["requirements"]["format_size_shown"] is all(d["format_size_shown"]
                                                                    for d in manifest["documents"])
    flagged = {urlsplit(e["measured"]["target"]).path for e in f["evidence"]
               if (e.get("measured") or {}).get("requirement") == 2}
    assert {d["href"] for d in manifest["documents"] if not d["format_size_shown"]} <= flagged
    assert not {d["href"] for d in manifest["documents"] if d["format_size_shown"]} & flagged


def test_dead_links_and_root_redirect_follow_the_manifest(legacy):
    artifacts, manifest = legacy
    links = audit_links(artifacts, SiteCheckSettings())
    broken = {d["path"] for d in manifest["defects"] if d["kind"] in ("broken_link", "sitemap_dead_link")}
    found = {urlsplit(e["measured"]["target"]).path for e in links["evidence"]
             if (e.get("measured") or {}).get("requirement") == 1}
    assert links["measured"]["requirements"]["dead_links"] is (not broken)
    assert found <= broken and found  # every reported dead link is a planted one
    stub = audit_no_stub(artifacts, SiteCheckSettings())
    root = manifest["root"]
    assert stub["verdict"] == ("pass" if root["status"] in (301, 302) and
                               manifest["pages"][root["location"]]["kind"] == "home" else "fail")


def test_no_english_version_and_search_engines_left_to_the_input(legacy):
    artifacts, manifest = legacy
    has_english = any(p.get("lang") == "en" for p in manifest["pages"].values())
    assert audit_english(artifacts, SiteCheckSettings())["verdict"] == ("pass" if has_english else "fail")
    assert audit_search_engines(artifacts, SiteCheckSettings())["verdict"] == "not_assessed"
