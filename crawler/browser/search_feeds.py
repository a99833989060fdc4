"""Gatherer `feeds`: fetch the RSS/Atom feeds a site advertises, for the a4.4.3 audit.

Feeds linked only through <link rel="alternate"> are not crawled as pages, so they are fetched here, through the
site's gate (crawler/gated_fetch.py): only http(s) feeds on the site, allowed by its robots.txt, every redirect
hop checked, a few feeds, a total deadline and a size cap each. A feed that is not fetched is stored too, with
`refused` saying why (another host, robots.txt, not http), so the audit and the report can say so.
Stored as artifact kind `feeds`, key = feed URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.targets import Body
from crawler.feeds import discover_feeds
from crawler.gate import Gate
from crawler.gated_fetch import FetchResult, site_gate
from crawler.gated_fetch import fetch as gated_fetch
from crawler.site_loader import load_site
from crawler.store import RunStore

KIND = "feeds"
DEADLINE_S = 15.0  # the whole fetch of one feed: connect, headers, body, redirects
MAX_BYTES = 2_000_000
ACCEPT = "application/rss+xml, application/atom+xml, application/xml, text/xml, */*"
REFUSED_TEXT = {"off scope": "feed on another host (off scope), not fetched",
                "robots.txt disallows it": "robots.txt disallows the feed, not fetched",
                "not an http(s) URL": "not an http(s) URL, not fetched"}


def refused_text(reason: str, hop: str, url: str) -> str:
    text = REFUSED_TEXT.get(reason, f"{reason}, not fetched")
    return text if hop == url else f"redirect to {hop}: {text}"


def fetch(url: str, gate: Gate, *, deadline_s: float = DEADLINE_S) -> dict[str, Any]:
    """One feed as the artifact stores it."""
    result: FetchResult = gated_fetch(url, gate, deadline_s=deadline_s, max_bytes=MAX_BYTES,
                                      headers={"Accept": ACCEPT})
    record: dict[str, Any] = {"status": result.status, "content_type": result.content_type, "body": "",
                              "final_url": result.final_url, "redirects": result.redirects, "refused": None,
                              "error": result.error, "elapsed_s": result.elapsed_s}
    if result.refusal:
        record.update(status=None, content_type=None, refused=result.refusal,
                      error=refused_text(result.refusal, result.final_url, url))
        return record
    if result.error is None and result.status is not None and result.status >= 400:
        record["error"] = f"HTTP {result.status}"
    if result.error is None or result.error.startswith("byte cap"):
        record["body"] = result.text()
    return record


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
           gate: Gate | None = None) -> None:
    gate = gate or site_gate(store, body.key, site_url, settings)
    site = load_site(store, body, site_url)
    for url in discover_feeds(site):
        record = {"url": url, **fetch(url, gate)}
        store.put_artifact(body.key, site_url, KIND, url, record)
        if record["refused"]:
            store.add_note("feeds", f"feed {url}: {record['error']}", body=body.key, level="info", url=url)
