"""Gatherer: the accessibility browser checks (axe + scripted checks) on a sample of each site's pages.

The sample is what a person meets first: the home page, the other language home pages, then the pages linked
from the main menu, up to `a11y_pages`. Artifacts are stored as kind "a11y", keyed by URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.browser.a11y import check_pages
from crawler.gate import Gate
from crawler.gated_fetch import site_gate
from crawler.store import RunStore
from govaudit.log import log
from govaudit.targets import Body

KIND = "a11y"
DEFAULT_PAGES = 6


def sample_pages(store: RunStore, body: str, site_url: str, limit: int) -> list[str]:
    pages = {p.url: p for p in store.pages(body, with_content=False) if p.site == site_url}
    ok = {u for u, p in pages.items() if p.status == 200 and p.content_type and "html" in p.content_type}
    home = site_url
    seen: set[str] = set()
    while home in pages and pages[home].info.get("redirect_to") and home not in seen:
        seen.add(home)
        home = pages[home].info["redirect_to"]
    edges = store.edges(body)
    homes = [home] + [dst for src, dst, kind, _t in edges if src == home and kind == "lang"]
    menu = [dst for src, dst, kind, _t in edges if src == home and kind == "menu"]
    sample = [u for u in dict.fromkeys(homes + menu) if u in ok]
    return sample[:limit]


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
           gate: Gate | None = None) -> None:
    limit = int((settings.get("settings") or {}).get("a11y_pages", DEFAULT_PAGES))
    urls = sample_pages(store, body.key, site_url, limit)
    if not urls:
        store.add_note("a11y", "no HTML page to run the accessibility checks on", body=body.key, url=site_url)
        return
    log.info("[a11y] %s: axe and scripted checks on %d page(s)", body.key, len(urls))
    gate = gate or site_gate(store, body.key, site_url, settings)
    noted: set[str] = set()
    for url, artifact in check_pages(urls, out_dir=run_dir, screenshots=True, gate=gate).items():
        store.put_artifact(body.key, site_url, KIND, url, artifact)
        for blocked in artifact.get("blocked_navigations", []):
            if blocked["top"] and blocked["url"] not in noted:
                noted.add(blocked["url"])
                store.add_note("a11y", f"{blocked['url']}: {blocked['reason']}; the browser did not go there "
                               "(not requested)", body=body.key, level="info", url=url)
