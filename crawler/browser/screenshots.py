"""Evidence screenshots of pages, taken in headless Chromium (Playwright), one browser for the whole batch.

A page that hangs or crashes gets no screenshot and a reason; the browser context is recycled and the batch goes on.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from crawler.browser.launch import chromium_args, chromium_path, fresh_profile_dir
from govaudit.log import log

VIEWPORT = {"width": 1280, "height": 900}
MAX_HEIGHT = 4000


def screenshot_name(body: str, url: str) -> str:
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
    return f"screenshots/{body}/{digest}.png"


def take_screenshots(urls_by_body: dict[str, list[str]], out_dir: Path, *, timeout_s: float = 15.0,
                     highlight: dict[str, str] | None = None) -> dict[tuple[str, str], str]:
    """Screenshot each (body, url); returns {(body, url): path relative to out_dir} for those taken.

    `highlight` maps url -> CSS selector to outline in red before the shot (element-highlighted evidence).
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    taken: dict[tuple[str, str], str] = {}
    jobs = [(body, url) for body, urls in urls_by_body.items() for url in urls]
    if not jobs:
        return taken
    profile = fresh_profile_dir()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch_persistent_context(profile, executable_path=chromium_path(),
                                                            args=chromium_args(), headless=True,
                                                            viewport=VIEWPORT, ignore_https_errors=True)
            try:
                for body, url in jobs:
                    rel = screenshot_name(body, url)
                    target = out_dir / rel
                    if target.exists():
                        taken[(body, url)] = rel
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    page = browser.new_page()
                    try:
                        page.goto(url, timeout=timeout_s * 1000, wait_until="load")
                        selector = (highlight or {}).get(url)
                        if selector:
                            page.eval_on_selector_all(selector, "els => els.forEach(e => "
                                                      "e.style.outline = '4px solid #e00')")
                        height = min(page.evaluate("document.documentElement.scrollHeight") or 900, MAX_HEIGHT)
                        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": VIEWPORT["width"],
                                                                 "height": max(height, 300)}, timeout=timeout_s * 1000)
                        taken[(body, url)] = rel
                    except PlaywrightError as exc:
                        log.warning("screenshot of %s failed: %s", url, str(exc).splitlines()[0])
                    finally:
                        page.close()
            finally:
                browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return taken
