"""Evidence screenshots: pages named by failing findings, shot once in Chromium and attached to the findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.store import RunStore
from govaudit.findings import FAIL, PARTIAL, Finding
from govaudit.log import log

MAX_SCREENSHOTS_PER_BODY = 25


def failing_urls(findings: list[Finding]) -> dict[str, list[str]]:
    """Pages to screenshot as evidence: URLs named in failing or partial findings, per body (bounded)."""
    out: dict[str, list[str]] = {}
    for f in findings:
        if f["verdict"] not in (FAIL, PARTIAL):
            continue
        for ev in f["evidence"]:
            url = ev.get("url")
            urls = out.setdefault(f["body"], [])
            if url and url not in urls and len(urls) < MAX_SCREENSHOTS_PER_BODY:
                urls.append(url)
    return out


def take_evidence_screenshots(run_dir: Path, findings: list[Finding]) -> None:
    from crawler.browser.screenshots import take_screenshots

    store = RunStore.in_dir(run_dir)
    try:
        wanted = {}
        for body, urls in failing_urls(findings).items():
            ok_urls = {p.url for p in store.pages(body, with_content=False) if p.status and p.status < 400}
            have = store.artifacts(body, "screenshot")
            todo = [u for u in urls if u in ok_urls and u not in have]
            if todo:
                wanted[body] = todo
        total = sum(len(v) for v in wanted.values())
        if not total:
            return
        log.info("[evidence] taking %d screenshot(s) in headless Chromium", total)
        for (body, url), rel in take_screenshots(wanted, run_dir).items():
            store.put_artifact(body, "", "screenshot", url, rel)
    finally:
        store.close()


def attach_screenshots(findings: list[Finding], store: RunStore) -> None:
    cache: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f["body"] not in cache:
            cache[f["body"]] = _contained_shots(store, f["body"])
        shots = cache[f["body"]]
        for ev in f["evidence"]:
            if ev.get("url") in shots and not ev.get("screenshot"):
                ev["screenshot"] = shots[ev["url"]]


def _contained_shots(store: RunStore, body: str) -> dict[str, Any]:
    """The body's stored screenshots whose paths stay inside the run directory (the report links them)."""
    from crawler.browser.screenshots import inside

    shots = {}
    for url, rel in store.artifacts(body, "screenshot").items():
        if isinstance(rel, str) and inside(store.path.parent, rel) is not None:
            shots[url] = rel
        else:
            log.warning("screenshot %r of %s is outside the run directory; not attached", rel, url)
    return shots
