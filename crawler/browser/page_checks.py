"""The scripted checks that need more than one call: motion, zoom/reflow, "to top", form errors, screenshots."""

from __future__ import annotations

import base64
import contextlib
import re
import time
from pathlib import Path
from typing import Any

from selenium.common.exceptions import JavascriptException

from crawler.browser.driver import DESKTOP, Browser
from crawler.browser.form_errors import check_form_errors  # noqa: F401 - the form check lives there
from crawler.browser.image_motion import MAX_IMAGES, read_image_motion
from crawler.browser.isolation import DEFAULT_FONT_SIZES

# 200 % zoom of a 1280 px wide window = a 640 CSS px layout viewport. It is laid out at device scale 1: what is
# measured (scroll width, clipping) is in CSS pixels and the same at scale 2, which costs four times the pixels.
ZOOM_VIEWPORT = (DESKTOP[0] // 2, DESKTOP[1] // 2)
RESIZE_SETTLE_MS = 150  # debounced resize handlers typically wait 100-150 ms


def call(driver: Any, name: str, *args: Any) -> Any:
    return driver.execute_script(f"return window.__gaChecks.{name}.apply(null, arguments)", *args)


def wait_motion_window(driver: Any, window_s: float) -> dict[str, Any] | None:
    """Let automatic movement show itself: until `window_s` after the load event, before any input.

    The wait ends early once nothing can change the page by itself any more (no timers due within the window,
    no animation-frame loop, request, stream, playing or loading media, or running animation; see
    __gaChecks.settled, which needs checks.js injected). Returns that reading when it ended early, else None.
    """
    while True:
        state = call(driver, "settled", window_s * 1000)
        if state["settled"]:
            return state
        remaining = window_s - (state.get("at_ms") or 0) / 1000
        if "at_ms" not in state or remaining <= 0:
            # No load record (a document the pre-page script never saw): wait the whole window.
            if "at_ms" not in state:
                time.sleep(window_s)
            return None
        time.sleep(min(0.1, remaining))


def motion_record(facts: dict[str, Any], settled: dict[str, Any] | None, where: str) -> dict[str, Any]:
    """The page's motion facts with where they were watched and, if the window ended early, when."""
    out = {**facts, "watched_in": where}
    if settled:
        out["settled_at_ms"] = settled["at_ms"]
    return out


def read_motion(driver: Any, settled: dict[str, Any] | None, where: str) -> dict[str, Any]:
    """The motion facts (checks.js must be injected), with how the observation ended.

    A page that changed once while an interval timer is pending is watched one period longer (see
    __gaChecks.motionPending), so a slide swapped every 2.5-5 s is not taken for a single change.
    """
    extra_ms = call(driver, "motionPending") or 0
    if extra_ms:
        time.sleep(extra_ms / 1000)
    return motion_record(call(driver, "motion"), settled, where)


def read_watcher(browser: Browser, window_s: float) -> dict[str, Any]:
    """Motion facts from the untouched watcher tab, once it has been loaded for `window_s` (or has settled)."""
    driver = browser.driver
    driver.switch_to.window(browser.watcher)
    try:
        end = time.monotonic() + window_s + 5
        while time.monotonic() < end and driver.execute_script("return document.readyState") != "complete":
            time.sleep(0.05)
        browser.ensure_checks()
        settled = wait_motion_window(driver, window_s)
        return read_motion(driver, settled, "separate tab")
    finally:
        # The next page may need no watcher: this one must not go on running (and costing CPU) meanwhile.
        with contextlib.suppress(Exception):  # a browser that stopped answering is replaced anyway
            browser.cdp("Page.navigate", {"url": "about:blank"})
        driver.switch_to.window(browser.main)


MARQUEE_SAMPLE_MS = 250


def rendered_motion(browser: Browser) -> dict[str, Any]:
    """Motion that no timer or animation list shows, read whether or not the page has settled: animated images
    (frames counted from the image bytes) and <marquee> elements that actually move on screen."""
    found = browser.driver.execute_async_script(  # the marquee sample and the image candidates: one round trip
        "var done = arguments[arguments.length - 1], c = window.__gaChecks, max = arguments[1];"
        "c.marqueeSample(arguments[0], function (m) {"
        "  try { done({marquees: m, images: c.imageCandidates(max)}); }"
        "  catch (e) { done({marquees: m, images: null}); } });", MARQUEE_SAMPLE_MS, MAX_IMAGES)
    return {"images": read_image_motion(browser, found["images"]), "marquees": found["marquees"]}


def merge_transient(motion: dict[str, Any], later: list[dict[str, Any]]) -> None:
    """Add what the audit tab saw appear while it was checked (a message shown on focus) to the motion record's
    list; what the motion record has already (read earlier, or in the watcher tab) is not repeated."""
    seen = {(t["selector"], t["text"]) for t in motion.get("transient") or []}
    motion["transient"] = ((motion.get("transient") or []) +
                           [t for t in later if (t["selector"], t["text"]) not in seen])[:20]


# Tells the page's change log to ignore what our own viewport changes cause (see js/preload.js); prefixed to the
# script that goes with it, to save a round trip.
QUIET_ON = "if (window.__ga) window.__ga.quiet = true;"
QUIET_OFF = "if (window.__ga) { window.__ga.quiet = false; window.__ga.quietUntil = performance.now() + 300; }"


def quiet(driver: Any, on: bool) -> None:
    driver.execute_script(QUIET_ON if on else QUIET_OFF)


def end_viewport(browser: Browser) -> None:
    """Back to the desktop window, and our own viewport changes are over (the change log listens again)."""
    browser.reset_viewport()
    quiet(browser.driver, False)


# Text-only zoom: the browser's default font size doubled (Chromium's Settings > Font size, CDP Page.setFontSizes),
# not an inline `font-size: 200%` on <html>: the page's own relative sizing is kept (html {font-size: 62.5%} still
# gives 62.5 % of the larger default, so rem/em text is exactly twice its size), as for a visitor who reads with
# large text. Text set in px does not grow here (as in the browser); the page-zoom check covers it.
TEXT_ZOOM_FONTS = {"standard": 2 * DEFAULT_FONT_SIZES["standard"], "fixed": 2 * DEFAULT_FONT_SIZES["fixed"]}
MEASURE_ZOOM = ("var c = window.__gaChecks, r = c.reflow(); r.clipped_text = c.clipped(false);"
                "return Object.assign(r, c.zoomLoss(false));")


def check_zoom(browser: Browser, meta_viewport: str | None, *, reset: bool = True) -> dict[str, Any]:
    """Layout at 200 % text size (desktop window) and at 200 % page zoom (640 CSS px). With reset=False the zoomed
    viewport stays for take_screenshots, next, to reset (and the change log stays quiet until it has)."""
    out: dict[str, Any] = {"meta_viewport": meta_viewport, **viewport_blocks_zoom(meta_viewport),
                           "viewport_css_width": ZOOM_VIEWPORT[0],
                           "emulated": "1280 px window at 200 % (640 CSS px layout viewport)"}
    # What is already clipped, overlapping or scrolling at 100 % is not a zoom loss.
    browser.driver.execute_script(QUIET_ON + "window.__gaChecks.clipped(true); window.__gaChecks.zoomLoss(true);")
    try:
        browser.tab("Page.setFontSizes", {"fontSizes": TEXT_ZOOM_FONTS})
        try:
            text = settle_after_resize(browser.driver, MEASURE_ZOOM)
        finally:
            browser.tab("Page.setFontSizes", {"fontSizes": DEFAULT_FONT_SIZES})
        out["text_zoom"] = _overflow({"emulated": f"default font size {TEXT_ZOOM_FONTS['standard']} px (200 %), "
                                                  f"{DESKTOP[0]} px window", **text})
        browser.set_viewport(*ZOOM_VIEWPORT, scale=1)
        out.update(settle_after_resize(browser.driver, MEASURE_ZOOM))
    except BaseException:
        reset = True
        raise
    finally:
        if reset:
            end_viewport(browser)
    return _overflow(out)


def _overflow(out: dict[str, Any]) -> dict[str, Any]:
    out["horizontal_scroll"] = out["scroll_width"] > out["client_width"] + 2 and not out["overflow_x_hidden"]
    out["content_cut"] = out["scroll_width"] > out["client_width"] + 2 and out["overflow_x_hidden"]
    return out


def settle_after_resize(driver: Any, then: str = "return null;") -> Any:
    """Wait for the frame that runs the page's resize handlers; if they put work off (a debounced re-layout),
    give that work RESIZE_SETTLE_MS more. Then the function body `then` runs in the page, in the same round trip;
    its value is returned."""
    got = driver.execute_async_script(
        "var done = arguments[arguments.length - 1], t = performance.now();"
        # A failing `then` must answer at once (a throw in a timer callback would leave the driver waiting).
        f"var then = function () {{ {then} }}, finish = function () {{"
        "  try { done({value: then()}); } catch (e) { done({error: String(e && e.message || e)}); } };"
        "var n = (window.__ga && window.__ga.native) || {raf: requestAnimationFrame, setTimeout: setTimeout};"
        "n.raf.call(window, () => n.setTimeout.call(window, () => {"
        "  if (!window.__gaChecks || !window.__gaChecks.deferredSince(t)) return finish();"
        f"  n.setTimeout.call(window, finish, {RESIZE_SETTLE_MS});"
        "}, 0));")
    if "error" in got:
        raise JavascriptException(f"measuring after the resize failed: {got['error']}")
    return got["value"]


def viewport_blocks_zoom(content: str | None) -> dict[str, Any]:
    """ACT b4f0c3: user-scalable=no or maximum-scale below 2 stops users zooming to 200 %.

    Values are read as browsers read them: yes -> 1, no -> 0, device-width/height -> 10, other words -> 0.
    """
    if not content:
        return {"zoom_blocked": False, "zoom_blocked_by": None}
    pairs = dict((k.strip().lower(), v.strip().lower()) for k, _, v in
                 (p.partition("=") for p in re.split(r"[,;]", content)) if k.strip())
    # Negative numbers are invalid and ignored by browsers.
    if "user-scalable" in pairs and 0 <= _viewport_number(pairs["user-scalable"]) < 1:
        return {"zoom_blocked": True, "zoom_blocked_by": f"user-scalable={pairs['user-scalable']}"}
    if "maximum-scale" in pairs and 0 <= _viewport_number(pairs["maximum-scale"]) < 2:
        return {"zoom_blocked": True, "zoom_blocked_by": f"maximum-scale={pairs['maximum-scale']}"}
    return {"zoom_blocked": False, "zoom_blocked_by": None}


def _viewport_number(value: str) -> float:
    words = {"yes": 1.0, "no": 0.0, "device-width": 10.0, "device-height": 10.0}
    if value in words:
        return words[value]
    match = re.match(r"^\s*(-?\d+(\.\d+)?|-?\.\d+)", value)
    return float(match.group(1)) if match else 0.0


# Whether any of the elements (CSS selectors) is rendered and not transparent.
SHOWN = """return arguments[0].some(function (s) {
  var el = document.querySelector(s); if (!el) return false;
  var r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0.05;
});"""


def check_to_top(driver: Any, long_page: bool) -> dict[str, Any]:
    candidates = call(driver, "toTopCandidates")
    out: dict[str, Any] = {"long_page": long_page, "present": bool(candidates), "candidates": candidates[:3],
                           "works": False}
    if not candidates:
        return out
    driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    # "To top" buttons often appear only after a scroll handler runs: wait up to 0.25 s for one to show.
    for _ in range(5):
        if driver.execute_script(SHOWN, [c["selector"] for c in candidates[:3]]):
            break
        time.sleep(0.05)
    for i, cand in enumerate(candidates[:3]):
        driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
        start = driver.execute_script("return window.scrollY")
        tried = call(driver, "toTopTry", i)
        if not tried or not tried["visible"]:
            continue
        # At the top, or (smooth scrolling) more than half way there: the control works.
        for _ in range(24):
            time.sleep(0.05)
            now = driver.execute_script("return window.scrollY")
            if now <= 50 or (start > 400 and now < start / 2):
                out.update(works=start > 50 or not long_page, selector=cand["selector"], text=cand["text"])
                return out
        out["selector"] = cand["selector"]
    return out


def take_screenshots(browser: Browser, out_dir: Path, stem: str) -> dict[str, str]:
    """The desktop (1280 px) first-screen screenshot, path relative to out_dir (what evidence shows; the mobile
    view has its own gatherer, crawler/browser/mobile.py, so a second, 390 px shot here was paid for and unused).

    Captured with CDP Page.captureScreenshot: chromedriver's own screenshot command costs the browser about twice
    the CPU for the same picture. `optimizeForSpeed` is a faster PNG encoding (lossless, ~40 % larger file):
    0.17 → 0.12 s per shot measured on the a11y_cms home page (/tmp bench, 10 shots each).
    """
    (out_dir / "screenshots").mkdir(parents=True, exist_ok=True)
    driver = browser.driver
    driver.execute_script(QUIET_ON + "window.scrollTo(0, 0);")
    try:
        browser.reset_viewport()  # the zoom check may have left its 640 px viewport for us (reset=False)
        driver.execute_script("window.scrollTo(0, 0)")
        return {"desktop": _capture(browser, out_dir, f"screenshots/{stem}-desktop.png")}
    finally:
        quiet(driver, False)


SHOT_PARAMS = {"format": "png", "optimizeForSpeed": True}


def _capture(browser: Browser, out_dir: Path, rel: str) -> str:
    (out_dir / rel).write_bytes(base64.b64decode(browser.tab("Page.captureScreenshot", SHOT_PARAMS)["data"]))
    return rel
