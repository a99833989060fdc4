"""Page isolation for the accessibility checks: one page's windows, loops and hangs never reach the next page.

Decision: the audit tab is reused, but handed back clean after every page (`clean_tab`): every other page target
(popups, tabs the page opened) is closed; a page that misbehaved (opened windows or dialogs, a step or its check
ended in an error) also gets our emulation (viewport, text size) reset and is taken to about:blank, so its timers, media
and unload handlers stop under *its* watchdog, not the next page's load limit. A new tab per page would also drop
the tab's sessionStorage, but costs re-registering the pre-page scripts (axe included, ~600 KB) on every page;
cookies and storage are shared by all tabs of a profile either way, as for a visitor reading several pages.

The `Watchdog` is a timer per page: when a page has held the browser past its whole budget (a script that never
yields, a renderer that stopped answering), it closes the browser over its own DevTools connection. Every driver
command still waiting then fails at once, the page's artifact records why (`error`) and the worker starts a fresh
browser for the next page.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import urllib.request
from typing import Any

import websocket

from crawler.browser.driver import Browser

CONNECT_TIMEOUT_S = 3.0


class Watchdog:
    """Close `browser` if the page is still being checked `budget_s` after `start()`; `fired` says it did."""

    def __init__(self, browser: Browser, budget_s: float) -> None:
        self.browser = browser
        self.budget_s = budget_s
        self.fired = False
        self._timer = threading.Timer(budget_s, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    @property
    def reason(self) -> str:
        return (f"watchdog: the page held the browser for more than {self.budget_s:g} s (a script that never "
                "yields, or a renderer that stopped answering); browser closed and replaced")

    def _fire(self) -> None:
        self.fired = True
        if not close_browser(self.browser):
            # No DevTools answer either: end chromedriver, so that the commands waiting on it fail.
            pid = getattr(self.browser.service.process, "pid", None) if self.browser.service.process else None
            if pid:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)


def close_browser(browser: Browser) -> bool:
    """Browser.close over a DevTools connection of our own (the browser process answers even when a renderer
    is stuck in a loop). False when it could not be sent."""
    try:
        address = browser.driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
        with urllib.request.urlopen(f"http://{address}/json/version", timeout=CONNECT_TIMEOUT_S) as resp:  # noqa: S310
            ws_url = json.load(resp)["webSocketDebuggerUrl"]
        ws = websocket.create_connection(ws_url, timeout=CONNECT_TIMEOUT_S, suppress_origin=True)
        try:
            ws.send(json.dumps({"id": 1, "method": "Browser.close"}))
            with contextlib.suppress(Exception):
                ws.recv()
        finally:
            ws.close()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not closed"; the caller falls back to killing
        return False


def clean_tab(browser: Browser, *, blank: bool = False) -> dict[str, Any]:
    """Close every page target but the audit and watcher tabs; with `blank` (or when the page opened windows), also
    reset our emulation (viewport, text size: the checks reset their own, unless a step broke) and take the audit tab
    to about:blank.

    A well-behaved page is not blanked: the next page's own navigation replaces it, and a detour through about:blank
    costs the next page a fresh renderer, i.e. axe-core and our page scripts compiled again (measured: axe 0.13 ->
    0.25 s per page, 164 -> 100 pages/min in benchmarks/browser_audit.py). A page that misbehaved is.

    Returns what was cleaned ({"closed_windows": n, "opened": [urls…]}) for the finished page's artifact.
    """
    keep = {browser.main, browser.watcher}
    targets = browser.cdp("Target.getTargets").get("targetInfos", [])
    extra = [t for t in targets if t.get("type") == "page" and t.get("targetId") not in keep]
    for t in extra:
        with contextlib.suppress(Exception):  # already gone
            browser.cdp("Target.closeTarget", {"targetId": t["targetId"]})
    driver = browser.driver
    if extra and driver.current_window_handle != browser.main:
        driver.switch_to.window(browser.main)
    if blank or extra:  # the checks reset what they change; after a broken step or a hostile page, we do
        browser.reset_viewport()
        browser.tab("Page.setFontSizes", {"fontSizes": DEFAULT_FONT_SIZES})
        driver.get("about:blank")
    return {"closed_windows": len(extra), "opened": [str(t.get("url") or "")[:300] for t in extra[:10]]}


# Chromium's own defaults (Settings > Appearance > Font size "Medium"); the text-zoom check raises them.
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}
