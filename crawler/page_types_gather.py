"""Gatherer: classify every stored page of a site once (crawler/page_types.py) and store the type as a crawl fact.

Fetches nothing. Writes `page_type` and `page_type_reasons` into each page's info in the run store (the page's
other fields are stored again unchanged, through `RunStore.put_page`, the store's one way to write a page) and the
site's table as the artifact kind "page_types", key "site" (see crawler/page_types.py for the shape). It runs first
among the gatherers so that the accessibility sampler reads the stored types; a resumed run skips it once done
(crawler/gatherers.py), and running it again gives the same types (the rules are pure).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from core.log import log
from core.targets import Body
from crawler.gate import Gate
from crawler.page_types import PageType, classify_pages
from crawler.store import Page, RunStore

KIND = "page_types"
KEY = "site"
VERSION = 1


def landing(pages: dict[str, Page], site_url: str) -> str:
    """The site's home page as a browser lands on it (the start URL after stored redirects)."""
    home, seen = site_url, set()
    while home in pages and pages[home].info.get("redirect_to") and home not in seen:
        seen.add(home)
        home = pages[home].info["redirect_to"]
    return home


def site_types(store: RunStore, body: str, site_url: str) -> dict[str, PageType]:
    """Every stored page of the site typed; one page's content in memory at a time."""
    heads = {p.url: p for p in store.pages(body, with_content=False) if p.site == site_url}
    pages = (p for p in store.pages(body) if p.site == site_url)
    return classify_pages(pages, site_url, landing(heads, site_url))


def record(types: dict[str, PageType]) -> dict[str, Any]:
    return {"version": VERSION, "types": {u: t.to_dict() for u, t in sorted(types.items())},
            "counts": dict(Counter(t.type for t in types.values()).most_common())}


def store_types(store: RunStore, body: str, site_url: str, types: dict[str, PageType]) -> int:
    """Write each page's type into its stored info; returns the number of pages rewritten."""
    changed = 0
    for page in list(store.pages(body, with_content=False)):  # listed first: the loop writes to the same table
        t = types.get(page.url)
        if page.site != site_url or t is None:
            continue
        if page.info.get("page_type") == t.type and page.info.get("page_type_reasons") == list(t.reasons):
            continue
        info = {**page.info, "page_type": t.type, "page_type_reasons": list(t.reasons)}
        store.put_page(body=page.body, site=page.site, url=page.url, final_url=page.final_url, status=page.status,
                       content_type=page.content_type, content=store.page_content(body, page.url), lang=page.lang,
                       title=page.title, error=page.error, size=page.size, info=info)
        changed += 1
    return changed


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
           gate: Gate | None = None) -> None:
    types = site_types(store, body.key, site_url)
    store.put_artifact(body.key, site_url, KIND, KEY, record(types))
    store_types(store, body.key, site_url, types)
    counts = Counter(t.type for t in types.values())
    log.info("[page-types] %s: %d page(s) typed (%s)", body.key, len(types),
             ", ".join(f"{k} {n}" for k, n in counts.most_common(6)))
