"""Render pages that arrived as empty JavaScript shells, so the audits see what a person sees.

The HTTP crawl marks a page `js_shell` when its HTML has almost no text and no links but loads scripts into an
empty mount point. Each such page is loaded in headless Chromium; the rendered DOM replaces the stored HTML (the
raw size is kept in `info`), and the links found in it become edges, which the next crawl round fetches.
The browser has the navigation guard (crawler/browser/guard.py) with the site's gate: a shell whose script or
redirect leads off the site (or to a robots-disallowed path) is not followed there, and a note says so.
"""

from __future__ import annotations

import shutil
from typing import Any

from core.log import log
from crawler.browser.guard import goto, launch_persistent_guarded, load_blocked
from crawler.browser.launch import chromium_args, chromium_path, fresh_profile_dir
from crawler.gated_fetch import gate_from_store
from crawler.links import extract_links, looks_like_sitemap_page, parse_html
from crawler.page_info import describe_html
from crawler.scope import in_scope
from crawler.store import RunStore

RENDER_TIMEOUT_S = 20.0
MAX_SHELLS_PER_ROUND = 200


def render_shells(store: RunStore, body: str, site: str, *, timeout_s: float = RENDER_TIMEOUT_S,
                  robots_policy: str = "obey") -> int:
    """Render this site's unrendered shells; returns how many in-scope link targets are not stored yet."""
    shells = [p for p in store.pages(body, with_content=False)
              if p.site == site and p.info.get("js_shell") and not p.info.get("rendered")]
    if not shells:
        return 0
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    log.info("[render] %s: rendering %d JavaScript shell page(s) in Chromium", body, len(shells))
    gate = gate_from_store(store, body, site, robots_policy=robots_policy)
    profile = fresh_profile_dir()
    try:
        with sync_playwright() as pw:
            browser, guard = launch_persistent_guarded(pw, profile, gate, executable_path=chromium_path(),
                                                       args=chromium_args(), headless=True)
            try:
                for shell in shells[:MAX_SHELLS_PER_ROUND]:
                    page = browser.new_page()
                    mark = guard.mark()
                    try:
                        goto(page, shell.url, timeout_ms=timeout_s * 1000, wait_until="networkidle")
                        html = page.content()
                    except PlaywrightError as exc:
                        stopped = load_blocked(guard.since(mark), shell.url)
                        reason = stopped.describe() if stopped else str(exc).splitlines()[0]
                        store.add_note("render", f"could not render the JavaScript page: {reason}",
                                       body=body, level="info" if stopped else "error", url=shell.url)
                        continue
                    finally:
                        page.close()
                        for blocked in guard.since(mark):
                            if blocked.top and blocked.start != shell.url:
                                store.add_note("render", f"{blocked.describe()} while rendering", body=body,
                                               level="info", url=shell.url)
                    _store_rendered(store, body, site, shell, html)
            finally:
                browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    stored = store.page_urls(body)
    return len({dst for _s, dst, _k, _t in store.edges(body) if in_scope(dst, site)} - stored)


def _store_rendered(store: RunStore, body: str, site: str, shell: Any, html: str) -> None:
    doc = parse_html(html)
    if doc is None:
        return
    is_sitemap = looks_like_sitemap_page(doc, shell.url)
    links = extract_links(doc, shell.url, is_sitemap=is_sitemap)
    info = {**shell.info, **describe_html(doc, shell.url, links), "js_shell": True, "rendered": True,
            "raw_size": shell.size, "encoding": "utf-8", "is_sitemap": is_sitemap}
    title = doc.find(".//title")
    store.put_page(body=body, site=site, url=shell.url, final_url=shell.final_url, status=shell.status,
                   content_type="text/html; charset=utf-8", content=html.encode("utf-8"),
                   lang=(doc.get("lang") or shell.lang), info=info,
                   title=" ".join(title.text_content().split()) if title is not None else shell.title,
                   edges=[(shell.url, link.url, link.kind, link.text) for link in links])
