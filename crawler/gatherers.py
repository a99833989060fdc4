"""Site gatherers that run after the crawl: browser checks and other per-site collection.

Each gatherer is `gather(store, body, site_url, *, run_dir, settings, gate) -> None` and stores what it collects with
`store.put_artifact(body, site_url, KIND, key, data)`. Audits then see it as `SiteArtifacts.extra[KIND][key]`.
A gatherer marks itself done with `store.set_progress(body, f"{name}:{site_url}", "done")` so that a resumed run
skips it. Register a gatherer by adding "module:function" to SITE_GATHERERS; order is run order.
`gate` is the site's scope and robots gate (crawler/gate.py), one per site for all its gatherers, primed with the
robots.txt files the crawl stored: every fetch and every browser navigation of a gatherer goes through it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.targets import Body
from crawler.gated_fetch import site_gate
from crawler.store import RunStore

Gatherer = Callable[..., None]

# name -> "module:function"
SITE_GATHERERS: dict[str, str] = {
    "page_types": "crawler.page_types_gather:gather",  # each stored page typed (fetches nothing); first: others read it
    "mobile": "crawler.browser.mobile:gather",
    "feeds": "crawler.browser.search_feeds:gather",  # a4.4.3 RSS bodies
    "search_check": "crawler.browser.search_check:gather",  # a4.2.6 search in a browser
    "display": "crawler.browser.display:gather",  # a4.2.1 display on each platform
    "a11y_html": "crawler.a11y_html:gather",  # a4.3.x HTML-level checks on every stored page (fetches nothing)
    "a11y": "crawler.browser.a11y_gather:gather",  # a4.3.x axe + scripted accessibility checks
    # OB-CSO-11.2 / OB-LEB-7.2, NPA-CSO-5.2 / NPA-LEB-4.2 from the stored pages (fetches nothing)
    "site_announcements": "crawler.site_announcements:gather",
}


def load_gatherer(spec: str) -> Gatherer:
    module, _, func = spec.partition(":")
    return getattr(importlib.import_module(module), func)


def run_site_gatherers(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
                       only: list[str] | None = None) -> None:
    gate = None
    for name, spec in SITE_GATHERERS.items():
        if only is not None and name not in only:
            continue
        if store.progress(body.key, f"{name}:{site_url}") == "done":
            continue
        gate = gate or site_gate(store, body.key, site_url, settings)
        load_gatherer(spec)(store, body, site_url, run_dir=run_dir, settings=settings, gate=gate)
        store.set_progress(body.key, f"{name}:{site_url}", "done")
