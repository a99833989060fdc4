"""Gatherer: the HTML-level accessibility checks (crawler/html_checks.py) on every stored HTML page.

Runs on what the crawl stored, fetches nothing and needs no browser, so it covers the whole site where the browser
checks see a sample. One artifact per page, kind "a11y_html", keyed by the page URL as stored (the key the browser
artifacts "a11y" use), so the audit can put both results for a page side by side. Each page is parsed once;
barriers are capped per check and per page in the artifact, with the true counts beside them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.log import log
from core.targets import Body
from crawler.html_checks import check_html
from crawler.store import Page, RunStore

KIND = "a11y_html"
_NOT_HTML_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")


def checkable(page: Page, site_url: str) -> bool:
    """A 2xx HTML page of this site with a body that is not a binary file served as text/html."""
    if page.site != site_url or not page.is_html or not page.content or not (200 <= (page.status or 0) < 300):
        return False
    return not page.content.lstrip()[:8].startswith(_NOT_HTML_MAGIC)


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
           gate: Any = None) -> None:
    """Store one "a11y_html" artifact per checkable page (`gate` unused: nothing is fetched)."""
    del run_dir, settings, gate
    checked = unparsed = 0
    for page in store.pages(body.key):
        if not checkable(page, site_url):
            continue
        result = check_html(page.text, page.url)
        if result is None:
            unparsed += 1
            continue
        result["final_url"] = page.final_url or page.url
        store.put_artifact(body.key, site_url, KIND, page.url, result)
        checked += 1
    if unparsed:
        store.add_note("a11y_html", f"{unparsed} stored HTML page(s) could not be parsed for the HTML "
                       "accessibility checks", body=body.key, level="info", url=site_url)
    log.info("[a11y_html] %s: HTML accessibility checks on %d stored page(s)", body.key, checked)
