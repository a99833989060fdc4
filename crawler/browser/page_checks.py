"""The scripted checks that need more than one call: motion, zoom/reflow, "to top", form errors, screenshots."""

from __future__ import annotations

import base64
import contextlib
import re
import time
from pathlib import Path
from typing import Any

from crawler.browser.driver import DESKTOP, Browser

# 200 % zoom of a 1280 px wide window = a 640 CSS px layout viewport. It is laid out at device scale 1: what is
# measured (scroll width, clipping) is in CSS pixels and the same at scale 2, which costs four times the pixels.
ZOOM_VIEWPORT = (DESKTOP[0] // 2, DESKTOP[1] // 2)
MOBILE = (390, 844)
RESIZE_SETTLE_MS = 150  # debounced resize handlers typically wait 100-150 ms
ERROR_WORDS = re.compile(r"(error|invalid|required|must|please|ошибк|неверн|некорректн|обязательн|заполн|"
                         r"укажите|введите|қате|міндетті|толтыр|енгізіңіз|дұрыс емес)", re.I)


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
    """The motion facts (checks.js must be injected), with how the observation ended."""
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


def check_zoom(browser: Browser, meta_viewport: str | None, *, reset: bool = True) -> dict[str, Any]:
    """Layout at 200 % zoom. With reset=False the zoomed viewport stays (take_screenshots, next, replaces it
    with the mobile one and resets: one desktop re-layout fewer)."""
    out: dict[str, Any] = {"meta_viewport": meta_viewport, **viewport_blocks_zoom(meta_viewport),
                           "viewport_css_width": ZOOM_VIEWPORT[0],
                           "emulated": "1280 px window at 200 % (640 CSS px layout viewport)"}
    # What is already clipped at 100 % is not a zoom loss.
    browser.driver.execute_script(QUIET_ON + "window.__gaChecks.clipped(true);")
    browser.set_viewport(*ZOOM_VIEWPORT, scale=1)
    try:
        settle_after_resize(browser.driver)
        out.update(browser.driver.execute_script(
            "var c = window.__gaChecks, r = c.reflow(); r.clipped_text = c.clipped(false); return r;"))
    except BaseException:
        reset = True
        raise
    finally:
        if reset:
            end_viewport(browser)
    out["horizontal_scroll"] = out["scroll_width"] > out["client_width"] + 2 and not out["overflow_x_hidden"]
    out["content_cut"] = out["scroll_width"] > out["client_width"] + 2 and out["overflow_x_hidden"]
    return out


def settle_after_resize(driver: Any) -> None:
    """Wait for the frame that runs the page's resize handlers; if they put work off (a debounced re-layout),
    give that work RESIZE_SETTLE_MS more."""
    driver.execute_async_script(
        "var done = arguments[arguments.length - 1], t = performance.now();"
        "var n = (window.__ga && window.__ga.native) || {raf: requestAnimationFrame, setTimeout: setTimeout};"
        "n.raf.call(window, () => n.setTimeout.call(window, () => {"
        "  if (!window.__gaChecks.deferredSince(t)) return done();"
        f"  n.setTimeout.call(window, done, {RESIZE_SETTLE_MS});"
        "}, 0));")


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


def check_to_top(driver: Any, long_page: bool) -> dict[str, Any]:
    candidates = call(driver, "toTopCandidates")
    out: dict[str, Any] = {"long_page": long_page, "present": bool(candidates), "candidates": candidates[:3],
                           "works": False}
    if not candidates:
        return out
    driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    time.sleep(0.25)  # "to top" buttons often appear only after a scroll handler runs
    for i, cand in enumerate(candidates[:3]):
        driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
        start = driver.execute_script("return window.scrollY")
        tried = call(driver, "toTopTry", i)
        if not tried or not tried["visible"]:
            continue
        for _ in range(12):
            time.sleep(0.1)
            if driver.execute_script("return window.scrollY") <= 50:
                out.update(works=start > 50 or not long_page, selector=cand["selector"], text=cand["text"])
                return out
        out["selector"] = cand["selector"]
    return out


def pick_form(candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    usable = [c for c in candidates if not c["search"] and c["has_submit"]]
    usable.sort(key=lambda c: (-c["constrained"], -c["fields"]))
    return usable[0] if usable else None


def check_form_errors(driver: Any, *, settle_s: float = 0.6, load_timeout_s: float = 10) -> dict[str, Any]:
    candidates = call(driver, "formCandidates")
    chosen = pick_form(candidates)
    out: dict[str, Any] = {"forms": len(candidates), "search_only": bool(candidates) and chosen is None,
                           "candidates": candidates[:5], "tested": None}
    if chosen is None:
        return out
    before_url = driver.current_url
    submitted = call(driver, "formSubmit", chosen["index"])
    time.sleep(settle_s)
    try:
        result = driver.execute_script(
            "return window.__gaChecks && window.__ga.formMarker ? "
            "window.__gaChecks.formResult(arguments[0]) : {navigated: true}", chosen["index"])
    except Exception:  # noqa: BLE001 - navigation in progress: fall through to the new page
        result = {"navigated": True}
    tested: dict[str, Any] = {**(submitted or {}), "method": chosen["method"], "action": chosen["action"], **result}
    if result.get("navigated"):
        # The form went to the server: whatever page came back must say what was wrong.
        end = time.monotonic() + load_timeout_s
        while time.monotonic() < end and driver.execute_script("return document.readyState") != "complete":
            time.sleep(0.1)
        text = driver.execute_script("return document.body ? document.body.innerText.slice(0, 5000) : ''") or ""
        hits = sorted({m.group(0).lower() for m in ERROR_WORDS.finditer(text)})
        names = [f["name"] for f in (submitted or {}).get("fields", []) if f.get("name")]
        # A server-side error message comes back with the form; a generic error page (404, 500) is no help.
        redisplayed = bool(names) and bool(driver.execute_script(
            "return arguments[0].some(n => document.getElementsByName(n).length ||"
            " document.getElementById(n))", names))
        tested.update(after_url=driver.current_url, url_changed=driver.current_url != before_url,
                      page_error_words=hits[:10], form_redisplayed=redisplayed)
        tested["has_error_text"] = bool(hits) and redisplayed
    else:
        tested["has_error_text"] = bool(result["native"] or any(a["described_by"] for a in result["aria_invalid"])
                                        or result["messages"])
    out["tested"] = tested
    return out


def take_screenshots(browser: Browser, out_dir: Path, stem: str) -> dict[str, str]:
    """Desktop (1280 px) and mobile (390 px) first-screen screenshots, paths relative to out_dir.

    Captured with CDP Page.captureScreenshot: chromedriver's own screenshot command costs the browser about twice
    the CPU for the same picture.
    """
    shots: dict[str, str] = {}
    (out_dir / "screenshots").mkdir(parents=True, exist_ok=True)
    driver = browser.driver
    driver.execute_script(QUIET_ON + "window.scrollTo(0, 0);")
    try:
        browser.set_viewport(*MOBILE, scale=1, mobile=True)
        shots["mobile"] = _capture(browser, out_dir, f"screenshots/{stem}-mobile.png")
    finally:
        browser.reset_viewport()
    try:
        driver.execute_script("window.scrollTo(0, 0)")
        shots["desktop"] = _capture(browser, out_dir, f"screenshots/{stem}-desktop.png")
    finally:
        quiet(driver, False)
    return {"desktop": shots["desktop"], "mobile": shots["mobile"]}


def _capture(browser: Browser, out_dir: Path, rel: str) -> str:
    (out_dir / rel).write_bytes(base64.b64decode(browser.cdp("Page.captureScreenshot", {"format": "png"})["data"]))
    return rel
