"""Gatherer `feeds`: fetch the RSS/Atom feeds a site advertises, for the a4.4.3 audit.

Feeds linked only through <link rel="alternate"> are not crawled as pages, so they are fetched here (bounded:
a few feeds, a time limit and a size cap each). Stored as artifact kind `feeds`, key = feed URL.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from audits.site_checks.rss import discover_feeds
from crawler.store import RunStore
from govaudit.artifacts_loader import load_site
from govaudit.targets import Body

KIND = "feeds"
TIMEOUT_S = 15.0
MAX_BYTES = 2_000_000
USER_AGENT = "govaudit (accessibility audit; +https://github.com/govaudit)"


def fetch(url: str, timeout: float = TIMEOUT_S) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/rss+xml, "
                                                   "application/atom+xml, application/xml, text/xml, */*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) from the site
            data = response.read(MAX_BYTES + 1)
            ctype = response.headers.get("Content-Type")
            status = response.status
    except urllib.error.HTTPError as exc:
        return {"status": exc.code, "content_type": exc.headers.get("Content-Type"), "body": "",
                "error": f"HTTP {exc.code}"}
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        return {"status": None, "content_type": None, "body": "", "error": f"{type(exc).__name__}: {exc}"[:300]}
    truncated = len(data) > MAX_BYTES
    return {"status": status, "content_type": ctype, "body": data[:MAX_BYTES].decode("utf-8", errors="replace"),
            "error": f"larger than {MAX_BYTES} bytes" if truncated else None}


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any]) -> None:
    site = load_site(store, body, site_url)
    for url in discover_feeds(site):
        if not url.startswith(("http://", "https://")):
            continue
        store.put_artifact(body.key, site_url, KIND, url, {"url": url, **fetch(url)})
