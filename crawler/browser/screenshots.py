"""Evidence screenshots of pages, taken in headless Chromium (Playwright), one browser for the whole batch.

A page that hangs or crashes gets no screenshot and a reason; the browser context is recycled and the batch goes on.
The browser has the navigation guard (crawler/browser/guard.py) with each body's gate: a page that redirects off the
site (or to a robots-disallowed path) gets no screenshot and a note, and nothing off the site is requested.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from core.log import log
from crawler.browser.guard import goto, launch_persistent_guarded, load_blocked
from crawler.browser.launch import chromium_args, chromium_path, fresh_profile_dir
from crawler.gate import Gate
from crawler.gated_fetch import gate_from_store
from crawler.store import STORE_NAME, RunStore

VIEWPORT = {"width": 1280, "height": 900}
MAX_HEIGHT = 4000


def screenshot_name(body: str, url: str) -> str:
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
    return f"screenshots/{body}/{digest}.png"


def inside(base: Path, rel: str) -> Path | None:
    """base/rel when it stays inside base (after resolving '..' and symlinks), else None: a path built from
    input (a body key, an artifact name) must never reach outside the run directory."""
    root = base.resolve()
    target = (root / rel).resolve()
    return target if target.is_relative_to(root) and target != root else None


def take_screenshots(urls_by_body: dict[str, list[str]], out_dir: Path, *, timeout_s: float = 15.0,
                     highlight: dict[str, str] | None = None,
                     gates: dict[str, Gate] | None = None,
                     selectors: dict[str, list[str]] | None = None,
                     boxes: dict[tuple[str, str, str], dict[str, int]] | None = None) -> dict[tuple[str, str], str]:
    """Screenshot each (body, url); returns {(body, url): path relative to out_dir} for those taken.

    `highlight` maps url -> CSS selector to outline in red before the shot (this changes the image itself).
    `selectors` maps url -> CSS selectors whose element's box to measure when the page is shot: the first match's
    bounding box in the screenshot's pixels goes to `boxes[(body, url, selector)]` as {x, y, w, h} (the report
    draws it on the thumbnail; the full image stays as shot). A selector that matches nothing visible on the shot,
    or is not valid CSS, gets no box. A page already shot (its file exists) is not loaded again: no boxes.
    `gates` maps body -> its site's gate; a body without one gets it from the run store in out_dir (see RunGates).
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    taken: dict[tuple[str, str], str] = {}
    jobs = [(body, url) for body, urls in urls_by_body.items() for url in urls]
    if not jobs:
        return taken
    run = RunGates(out_dir, gates)
    profile = fresh_profile_dir()
    try:
        with sync_playwright() as pw:
            browser, guard = launch_persistent_guarded(pw, profile, None, executable_path=chromium_path(),
                                                       args=chromium_args(), headless=True,
                                                       viewport=VIEWPORT, ignore_https_errors=True)
            try:
                for body, url in jobs:
                    rel = screenshot_name(body, url)
                    target = inside(out_dir, rel)
                    if target is None:
                        log.warning("screenshot of %s skipped: %r would be written outside %s", url, rel, out_dir)
                        continue
                    if target.exists():
                        taken[(body, url)] = rel
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    guard.set_gate(run.gate(body, url))
                    mark = guard.mark()
                    page = browser.new_page()
                    try:
                        goto(page, url, timeout_ms=timeout_s * 1000, wait_until="load")
                        selector = (highlight or {}).get(url)
                        if selector:
                            page.eval_on_selector_all(selector, "els => els.forEach(e => "
                                                      "e.style.outline = '4px solid #e00')")
                        height = max(min(page.evaluate("document.documentElement.scrollHeight") or 900,
                                             MAX_HEIGHT), 300)
                        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
                        # full_page: the clip is in page coordinates, not trimmed to the viewport (the boxes are too)
                        page.screenshot(path=str(target), clip=clip, full_page=True, timeout=timeout_s * 1000)
                        taken[(body, url)] = rel
                        if boxes is not None:
                            for sel in (selectors or {}).get(url) or []:
                                box = element_box(page, sel, clip)
                                if box is not None:
                                    boxes[(body, url, sel)] = box
                    except PlaywrightError as exc:
                        stopped = load_blocked(guard.since(mark), url)
                        if stopped is not None:  # the page leads off the site: no screenshot, nothing requested
                            run.note(body, url, f"no evidence screenshot: {stopped.describe()}")
                        log.warning("screenshot of %s failed: %s", url, str(exc).splitlines()[0])
                    finally:
                        page.close()
            finally:
                browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        run.close()
    return taken


def element_box(page: Any, selector: str, clip: dict[str, int]) -> dict[str, int] | None:
    """The first element matching `selector`, as {x, y, w, h} in the pixels of a screenshot of `clip` (page
    coordinates), cut to the shot; None when nothing matches, it has no size or lies outside the shot, or the
    selector is not valid. Measured in the settled page right after the shot: nothing is clicked or scrolled."""
    from playwright.sync_api import Error as PlaywrightError

    if not isinstance(selector, str) or not selector.strip() or len(selector) > 2000:
        return None
    try:
        handle = page.query_selector(selector)  # does not wait: the page has loaded and been shot
        rect = handle.bounding_box() if handle is not None else None
        scroll = page.evaluate("[window.scrollX, window.scrollY]") if rect else None
    except PlaywrightError:
        return None
    if not rect:
        return None
    x0 = max(rect["x"] + scroll[0] - clip["x"], 0.0)  # the box is relative to the viewport; the shot to the page
    y0 = max(rect["y"] + scroll[1] - clip["y"], 0.0)
    x1 = min(rect["x"] + scroll[0] - clip["x"] + rect["width"], float(clip["width"]))
    y1 = min(rect["y"] + scroll[1] - clip["y"] + rect["height"], float(clip["height"]))
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return {"x": int(x0), "y": int(y0), "w": max(int(round(x1 - x0)), 1), "h": max(int(round(y1 - y0)), 1)}


class RunGates:
    """Each body's gate for evidence screenshots: given, or built from the run store in `out_dir` (the run's robots
    policy, the body's first site, the robots.txt files the crawl read); with no run store, the page's own site."""

    def __init__(self, out_dir: Path, given: dict[str, Gate] | None) -> None:
        self.gates: dict[str, Gate | None] = dict(given or {})
        self.store = RunStore.in_dir(out_dir) if (Path(out_dir) / STORE_NAME).exists() else None
        targets: dict[str, Any] = (self.store.get_meta("targets") if self.store else None) or {}
        self.policy = str((targets.get("audit") or {}).get("robots_policy", "obey"))
        self.sites = {b.get("key"): (b.get("sites") or [None])[0] for b in targets.get("bodies") or []}

    def gate(self, body: str, url: str) -> Gate:
        if body not in self.gates:
            site = self.sites.get(body)
            self.gates[body] = gate_from_store(self.store, body, site, robots_policy=self.policy) \
                if self.store is not None and site else None
        return self.gates[body] or Gate(url, robots_policy="ignore")

    def note(self, body: str, url: str, message: str) -> None:
        if self.store is not None:
            self.store.add_note("evidence", message, body=body, level="info", url=url)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
