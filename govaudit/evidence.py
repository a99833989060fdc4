"""Evidence screenshots: pages named by failing findings, shot once in Chromium and attached to the findings.

An evidence item with a `selector` also gets the element's `box` ({x, y, w, h} in the screenshot's pixels,
measured when the page was shot): the report highlights it on the thumbnail (reports/thumbs.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.findings import FAIL, PARTIAL, Finding, is_advisory
from core.log import log
from crawler.store import RunStore

MAX_SCREENSHOTS_PER_BODY = 25
# The accessibility annex's advisory records add at most this many pages per body to the failing findings' (a
# site with 500 barriers must not cost 500 page loads); their selectors on pages shot anyway are measured too.
MAX_ADVISORY_SCREENSHOTS_PER_BODY = 20
MAX_SELECTORS_PER_PAGE = 50
BOX_KIND = "screenshot_box"  # artifact: key = JSON [url, selector], data = {x, y, w, h}


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


def advisory_urls(findings: list[Finding], failing: dict[str, list[str]]) -> dict[str, list[str]]:
    """Pages the advisory records name that the failing findings do not, per body (at most
    MAX_ADVISORY_SCREENSHOTS_PER_BODY)."""
    out: dict[str, list[str]] = {}
    for f in findings:
        if not is_advisory(f):
            continue
        for ev in f["evidence"]:
            url = ev.get("url")
            urls = out.setdefault(f["body"], [])
            if (isinstance(url, str) and url and url not in urls and url not in failing.get(f["body"], [])
                    and len(urls) < MAX_ADVISORY_SCREENSHOTS_PER_BODY):
                urls.append(url)
    return out


def failing_selectors(findings: list[Finding]) -> dict[str, list[str]]:
    """url -> the selectors failing or partial findings name on it, then those of advisory records (bounded):
    their elements' boxes are measured."""
    out: dict[str, list[str]] = {}
    ordered = [f for f in findings if f["verdict"] in (FAIL, PARTIAL)] + [f for f in findings if is_advisory(f)]
    for f in ordered:
        for ev in f["evidence"]:
            url, sel = ev.get("url"), ev.get("selector")
            if isinstance(url, str) and isinstance(sel, str) and sel.strip():
                sels = out.setdefault(url, [])
                if sel not in sels and len(sels) < MAX_SELECTORS_PER_PAGE:
                    sels.append(sel)
    return out


def box_key(url: str, selector: str) -> str:
    return json.dumps([url, selector], ensure_ascii=False)


def take_evidence_screenshots(run_dir: Path, findings: list[Finding]) -> None:
    from crawler.browser.screenshots import take_screenshots

    store = RunStore.in_dir(run_dir)
    try:
        wanted = {}
        failing = failing_urls(findings)
        extra = advisory_urls(findings, failing)
        for body in {**failing, **extra}:
            urls = failing.get(body, []) + extra.get(body, [])
            ok_urls = {p.url for p in store.pages(body, with_content=False) if p.status and p.status < 400}
            have = store.artifacts(body, "screenshot")
            todo = [u for u in urls if u in ok_urls and u not in have]
            if todo:
                wanted[body] = todo
        total = sum(len(v) for v in wanted.values())
        if not total:
            return
        log.info("[evidence] taking %d screenshot(s) in headless Chromium", total)
        boxes: dict[tuple[str, str, str], dict[str, int]] = {}
        taken = take_screenshots(wanted, run_dir, selectors=failing_selectors(findings), boxes=boxes)
        for (body, url, sel), box in boxes.items():
            if (body, url) in taken:
                store.put_artifact(body, "", BOX_KIND, box_key(url, sel), box)
        for (body, url), rel in taken.items():
            store.put_artifact(body, "", "screenshot", url, rel)
    finally:
        store.close()


def attach_screenshots(findings: list[Finding], store: RunStore) -> None:
    """Each evidence item without a screenshot gets its page's evidence screenshot, and with a selector the
    element's box on it (when measured: a selector that matched nothing gets none)."""
    cache: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for f in findings:
        if f["body"] not in cache:
            cache[f["body"]] = (_contained_shots(store, f["body"]), store.artifacts(f["body"], BOX_KIND))
        shots, boxes = cache[f["body"]]
        for ev in f["evidence"]:
            url = ev.get("url")
            if not isinstance(url, str) or url not in shots or ev.get("screenshot"):
                continue
            ev["screenshot"] = shots[url]
            sel = ev.get("selector")
            box = boxes.get(box_key(url, sel)) if isinstance(sel, str) else None
            if valid_box(box):
                ev["box"] = {k: int(box[k]) for k in ("x", "y", "w", "h")}
        if is_advisory(f):
            _mirror_to_instances(f)


def _mirror_to_instances(f: Finding) -> None:
    """An advisory record's example instances get the screenshot and box of their evidence item."""
    shot = {(ev.get("url"), ev.get("selector")): ev for ev in f["evidence"] if ev.get("screenshot")}
    for inst in (f.get("advisory") or {}).get("instances") or []:
        ev = shot.get((inst.get("url"), inst.get("selector"))) if isinstance(inst, dict) else None
        if ev is not None:
            inst["screenshot"] = ev["screenshot"]
            if "box" in ev:
                inst["box"] = ev["box"]


def valid_box(box: Any) -> bool:
    return isinstance(box, dict) and all(isinstance(box.get(k), (int, float)) and not isinstance(box.get(k), bool)
                                         for k in ("x", "y", "w", "h")) and box["w"] > 0 and box["h"] > 0


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
