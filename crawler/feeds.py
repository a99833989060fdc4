"""The RSS/Atom feeds a site advertises in its stored HTML (<link rel=alternate> and links named RSS): what the
`feeds` gatherer (crawler/browser/search_feeds.py) fetches and the a4.4.3 audit (audits/site_checks/rss.py) reads."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from core.artifacts import SiteArtifacts
from core.site_pages import text_of

FEED_TYPES = re.compile(r"application/(rss|atom)\+xml|application/rdf\+xml", re.I)
FEED_HREF = re.compile(r"(^|[/._-])(rss|atom|feed)([/._-]|$)|\.rss$", re.I)


def discover_feeds(site: SiteArtifacts, limit: int = 6) -> list[str]:
    found: list[str] = []
    for page in sorted(site.html_pages(), key=lambda p: (len(p.url), p.url))[:40]:
        doc = page.doc
        if doc is None:
            continue
        for link in doc.iter("link"):
            if "alternate" in (link.get("rel") or "").lower() and FEED_TYPES.search(link.get("type") or "") \
                    and link.get("href"):
                found.append(urljoin(page.url, link.get("href").strip()))
        for a in doc.iter("a"):
            href = (a.get("href") or "").strip()
            if href and (FEED_HREF.search(href.split("?")[0]) or text_of(a).upper() == "RSS"):
                found.append(urljoin(page.url, href))
    out = []
    for url in found:
        if url not in out:
            out.append(url)
    return out[:limit]
