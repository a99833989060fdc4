"""Gather the accessibility artifacts (a4.3.x) for a list of URLs in headless Chromium.

`check_pages(urls, out_dir=...)` returns {url: artifact}; every artifact is JSON and also written to
`out_dir/a11y/<hash>.json`. Each page has a time limit; a page that hangs, crashes or keeps the browser busy gets an
artifact with `error` set, its browser is thrown away and the run goes on with a fresh one.
Navigations the browser's guard stopped (off the site, robots.txt) are listed in `blocked_navigations`; a page
whose own load was stopped (a redirect off the site) is not checked, and its `error` says why.
Pages are isolated from each other (crawler/browser/isolation.py): after every page the windows it opened are
closed (listed in its `isolation`) and the tab is handed back blank; a watchdog closes a browser that one page
holds past its whole budget, and that page's `error` says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import threading
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from selenium.common.exceptions import (
    JavascriptException,
    TimeoutException,
    UnexpectedAlertPresentException,
    WebDriverException,
)

from core.log import log
from crawler.browser import page_checks
from crawler.browser.axe_run import ALT_RULES, run_axe, summarise
from crawler.browser.driver import Browser, client_timeout
from crawler.browser.guard import load_blocked
from crawler.browser.isolation import Watchdog, clean_tab, close_browser
from crawler.browser.keyboard import check_skip_link, tab_walk
from crawler.browser.widgets import WidgetMemo, check_widgets
from crawler.gate import Gate

ARTIFACT_KIND = "a11y"
CHECKS = ("axe", "zoom", "motion", "keyboard", "skip_link", "to_top", "forms")
# Where the page ended up, whether it can still move by itself (motion window), and its static facts: one call.
# The first reading, once the page's own data calls are done: a script-built page (the www.gov.kz app) draws its
# content from requests made after the load event, and axe on the empty shell would find nothing (or the wrong
# things). It waits while a fetch/XHR is in flight or ended < DATA_QUIET_MS ago, at most DATA_WAIT_MS; a page that
# made no such request is read at once.
DATA_QUIET_MS, DATA_WAIT_MS = 100, 3000
BEGIN = ("var done = arguments[arguments.length - 1], windowMs = arguments[0], motion = arguments[1];"
         "var quiet = arguments[3];"
         "var g = window.__ga, n = (g && g.native) || {setTimeout: setTimeout}, end = performance.now() + arguments[2];"
         "function read() { try { var c = window.__gaChecks; if (!c) return done(null);"
         "  var s = motion ? c.settled(windowMs) : null;"
         "  done({url: location.href, settled: s, motion: s && s.settled ? c.motion() : null, facts: c.facts()});"
         "} catch (e) { done({error: String(e && e.message || e)}); } }"
         "(function poll() { var t = performance.now();"
         "  if (!g || (!g.net && (g.netAt === undefined || t - g.netAt >= quiet)) || t > end) return read();"
         "  n.setTimeout.call(window, poll, 25); })();")
RECYCLE_EVERY = 40  # pages per browser before a fresh one (memory of long-lived renderers grows)


def watchdog_budget(timeout_s: float) -> float:
    """A page's load (timeout_s) and checks (as long again) plus one last step that began just before the
    deadline and the tab's clean-up: past this, the page is stuck and its browser is closed."""
    return 3 * timeout_s + 5


class PageBroken(Exception):
    """The browser stopped answering for this page; the artifact gets `error` and the browser is recycled."""


def artifact_name(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _short(exc: BaseException) -> str:
    text = getattr(exc, "msg", None) or str(exc)
    return (text.strip().splitlines() or [type(exc).__name__])[0][:300]


def check_page(browser: Browser, url: str, *, timeout_s: float, motion_window_s: float = 3.0,
               screenshots_dir: Path | None = None, submit_forms: bool = True,
               max_tabs: int = 60, checks: Collection[str] = CHECKS, watch_tab: bool = True,
               widget_memo: WidgetMemo | None = None) -> dict[str, Any]:
    started = time.monotonic()
    mark = browser.guard.mark()
    try:
        art = _check_page(browser, url, started, mark, timeout_s=timeout_s, motion_window_s=motion_window_s,
                          screenshots_dir=screenshots_dir, submit_forms=submit_forms, max_tabs=max_tabs,
                          checks=checks, watch_tab=watch_tab, widget_memo=widget_memo)
    finally:
        blocked = browser.guard.since(mark)
    if blocked:
        art["blocked_navigations"] = [b.as_dict() for b in blocked]
    return art


def _check_page(browser: Browser, url: str, started: float, mark: int, *, timeout_s: float, motion_window_s: float,
                screenshots_dir: Path | None, submit_forms: bool, max_tabs: int, checks: Collection[str],
                watch_tab: bool, widget_memo: WidgetMemo | None) -> dict[str, Any]:
    deadline = started + timeout_s * 2  # load gets timeout_s; all checks together get as long again
    art: dict[str, Any] = {"kind": ARTIFACT_KIND, "url": url, "final_url": None, "error": None,
                           "step_errors": {}, "script_errors": [], "dialogs": []}
    driver = browser.driver
    browser.pages += 1
    try:
        driver.get(url)
    except TimeoutException:
        return _broken(art, f"page did not finish loading within {timeout_s:g} s", started)
    except UnexpectedAlertPresentException as exc:
        art["dialogs"].append({"kind": "alert", "message": getattr(exc, "alert_text", None) or ""})
    except WebDriverException as exc:
        art["error"] = f"page could not be opened: {_short(exc)}"
        if "net::" in art["error"]:
            return art  # a network error page; the browser itself is fine
        return _broken(art, art["error"], started)
    except Exception as exc:  # noqa: BLE001 - the driver's HTTP client gave up: the browser is stuck
        return _broken(art, f"the browser did not answer while loading the page ({_short(exc)})", started)
    stopped = load_blocked(browser.guard.since(mark), url)
    if stopped is not None:  # the tab still shows the previous page: nothing of this one to check
        art["error"] = f"page not checked: {stopped.describe()}"
        art["elapsed_s"] = round(time.monotonic() - started, 2)
        return art
    timings: dict[str, float] = {"load": round(time.monotonic() - started, 3)}
    art["timings_s"] = timings
    if set(CHECKS) - set(checks):
        art["skipped_checks"] = sorted(set(CHECKS) - set(checks))
    watched = False

    def step(name: str, fn: Callable[[], Any], *, fast: bool = False) -> Any:
        """Run one check; `fast`: its page scripts go over the tab channel (steps that stay on the audit tab and
        give no input that could navigate, see Browser.fast_scripts)."""
        if name in CHECKS and name not in checks:
            return None
        if time.monotonic() > deadline:
            art["step_errors"][name] = f"skipped: page time limit of {timeout_s * 2:g} s reached"
            return None
        for attempt in (1, 2):
            t0 = time.monotonic()
            try:
                with browser.fast_scripts() if fast else contextlib.nullcontext():
                    return fn()
            except UnexpectedAlertPresentException as exc:  # a dialog the preload could not intercept
                art["dialogs"].append({"kind": "dialog", "message": getattr(exc, "alert_text", None) or ""})
                if attempt == 2:
                    art["step_errors"][name] = "a dialog kept opening"
            except TimeoutException as exc:
                art["step_errors"][name] = f"timed out: {_short(exc)}"
                raise PageBroken(f"the {name} check did not finish within the page's time limit "
                                 f"({timeout_s:g} s per script)") from exc
            except JavascriptException as exc:
                art["step_errors"][name] = _short(exc)
                return None
            except WebDriverException as exc:
                art["step_errors"][name] = _short(exc)
                if "disconnected" in str(exc) or "crash" in str(exc) or "invalid session" in str(exc):
                    raise PageBroken(f"browser lost during {name}") from exc
                return None
            except PageBroken:
                raise
            except Exception as exc:  # noqa: BLE001 - the driver's HTTP client gave up: the page holds the browser
                art["step_errors"][name] = _short(exc)
                raise PageBroken(f"the browser did not answer within {client_timeout(timeout_s):g} s during "
                                 f"the {name} check (page too large or its scripts never yield)") from exc
            finally:
                timings[name] = round(timings.get(name, 0) + time.monotonic() - t0, 3)
        return None

    def begin() -> dict[str, Any]:
        args = (motion_window_s * 1000, "motion" in checks, DATA_WAIT_MS, DATA_QUIET_MS)
        first = driver.execute_async_script(BEGIN, *args)
        if first is None:  # a document our page scripts did not reach
            browser.ensure_checks()
            first = driver.execute_async_script(BEGIN, *args)
        if first and "error" in first:
            raise JavascriptException(f"the first reading failed: {first['error']}")
        return first

    try:
        # Through chromedriver: it waits for a navigation the page started on load (a script or meta redirect).
        first = step("begin", begin) or {}
        art["final_url"] = first.get("url") or url
        facts = first.get("facts") or {}
        settled = first.get("settled")
        if "motion" in checks:
            # A page where nothing can change by itself any more needs no motion window (nor a watcher tab).
            if settled and settled["settled"] and first.get("motion"):
                art["motion"] = page_checks.motion_record(first["motion"], settled, "this tab")
            elif watch_tab:
                watched = step("watcher", lambda: browser.open_in_watcher(art["final_url"]) or True) or False
        art["facts"] = {k: v for k, v in facts.items() if k not in ("script_errors", "dialogs")}
        summary = step("axe", lambda: summarise(run_axe(driver, element_count=facts.get("element_count") or 0)),
                       fast=True)
        art["axe"] = summary
        if summary is not None:
            art["alt_text"] = _alt_text(summary)
            art["contrast"] = _contrast(summary)
        # Animated images and moving marquees are read whether or not the page has settled (no timer shows them).
        rendered = step("motion_rendered", lambda: page_checks.rendered_motion(browser), fast=True) \
            if "motion" in checks else None
        # Steps without user input run inside the motion window; input (Tab, clicks) ends it.
        art["zoom"] = step("zoom", lambda: page_checks.check_zoom(browser, facts.get("meta_viewport"),
                                                                  reset=screenshots_dir is None), fast=True)
        if screenshots_dir is not None:
            art["screenshots"] = step("screenshots", lambda: page_checks.take_screenshots(
                browser, screenshots_dir, artifact_name(url)), fast=True)
            if art["screenshots"] is None:  # skipped (time limit): the zoom check left its viewport for it
                step("reset", lambda: page_checks.end_viewport(browser), fast=True)
        window = min(motion_window_s, max(0.0, deadline - time.monotonic()))
        if "motion" in checks and not watched and "motion" not in art:  # watch here, before the first key press
            settled = step("motion_wait", lambda: page_checks.wait_motion_window(driver, window), fast=True)
            art["motion"] = step("motion", lambda: page_checks.read_motion(driver, settled, "this tab"), fast=True)
        art["keyboard"] = step("keyboard", lambda: tab_walk(driver, max_tabs=max_tabs, deadline=deadline,
                                                            send_tabs=browser.press_tabs), fast=True)
        art["skip_link"] = step("skip_link", lambda: check_skip_link(driver, facts.get("first_tab_stops") or []))
        long_page = bool(facts) and facts["page_height"] > 2 * max(facts["viewport_height"], 1)
        art["to_top"] = step("to_top", lambda: page_checks.check_to_top(driver, long_page))
        if watched:
            art["motion"] = step("motion", lambda: page_checks.read_watcher(browser, window))
        state = step("page_state", lambda: driver.execute_script(
            "return window.__ga ? {errors: window.__ga.errors, dialogs: window.__ga.dialogs,"
            " transient: window.__gaChecks ? window.__gaChecks.transient() : []} : null"), fast=True)
        if state:
            art["script_errors"] = state["errors"]
            art["dialogs"] = art["dialogs"] + state["dialogs"]
        if art.get("motion") is not None:
            art["motion"].update(rendered or {})
            page_checks.merge_transient(art["motion"], (state or {}).get("transient") or [])
        if "keyboard" in checks:  # widgets by keyboard (menus, dialogs, role=button): may load the page again
            art["widgets"] = step("widgets", lambda: check_widgets(driver, art["final_url"], deadline=deadline,
                                                                    memo=widget_memo))
        if submit_forms:
            # Last: a form may send the page to the server.
            art["forms"] = step("forms", lambda: page_checks.check_form_errors(driver, deadline=deadline))
    except PageBroken as exc:
        return _broken(art, str(exc), started)
    except Exception as exc:  # noqa: BLE001 - e.g. the renderer stopped answering between steps
        return _broken(art, f"the browser stopped answering: {_short(exc)}", started)
    art["elapsed_s"] = round(time.monotonic() - started, 2)
    return art


def _broken(art: dict[str, Any], error: str, started: float) -> dict[str, Any]:
    """What was measured so far is kept; the browser must be replaced before the next page."""
    art["error"] = error
    art["recycled_browser"] = True
    art["elapsed_s"] = round(time.monotonic() - started, 2)
    return art


def _alt_text(axe: dict[str, Any]) -> dict[str, Any]:
    fails = [dict(node, rule=v["id"]) for v in axe["violations"] if v["id"] in ALT_RULES for node in v["nodes"]]
    checked = sum(p["count"] for p in axe["passes"] if p["id"] in ALT_RULES) + \
        sum(v["count"] for v in axe["violations"] if v["id"] in ALT_RULES)
    applicable = checked > 0 or any(r in ALT_RULES for r in [i["id"] for i in axe["incomplete"]])
    return {"checked": checked, "applicable": applicable, "failures": fails}


def _contrast(axe: dict[str, Any]) -> dict[str, Any]:
    fails = [n for v in axe["violations"] if v["id"] == "color-contrast" for n in v["nodes"]]
    passed = sum(p["count"] for p in axe["passes"] if p["id"] == "color-contrast")
    unsure = sum(v["count"] for v in axe["incomplete"] if v["id"] == "color-contrast")
    return {"failures": fails, "passed_nodes": passed, "incomplete_nodes": unsure,
            "large_text_below_4_5": axe.get("contrast_large_text_below_4_5", [])}


class _Worker:
    """One browser, reused page after page, replaced after a broken page or every RECYCLE_EVERY pages."""

    def __init__(self, timeout_s: float, gate: Gate | None = None) -> None:
        self.timeout_s = timeout_s
        self.gate = gate
        self.browser: Browser | None = None
        self.recycled = 0

    def run(self, url: str, **kwargs: Any) -> dict[str, Any]:
        if self.browser is None:
            self.browser = Browser(timeout_s=self.timeout_s, gate=self.gate)
        if self.gate is None:  # no site given: each page's own site is its scope
            self.browser.guard.set_gate(Gate(url, robots_policy="ignore"))
        # The watchdog bounds the whole page, clean-up included; clean_tab hands the next page a clean tab.
        with Watchdog(self.browser, watchdog_budget(self.timeout_s)) as dog:
            art = check_page(self.browser, url, timeout_s=self.timeout_s, **kwargs)
            stuck = dog.fired
            if not art.get("recycled_browser") and not stuck:
                try:
                    # (windows it opened: clean_tab sees them itself)
                    misbehaved = bool(art.get("error") or art.get("dialogs") or art.get("step_errors"))
                    cleaned = clean_tab(self.browser, blank=misbehaved)
                except Exception as exc:  # noqa: BLE001 - a tab we cannot clean is not reused
                    art["cleanup_error"] = dog.reason if dog.fired else _short(exc)
                    art["recycled_browser"] = True
                else:
                    if cleaned["closed_windows"]:
                        art["isolation"] = cleaned
        if stuck:  # what was measured before is kept; the reason replaces the driver's own complaint
            art["error"] = dog.reason + (f" (then: {art['error']})" if art.get("error") else "")
            art["recycled_browser"] = True
        if art.get("recycled_browser"):
            # A stuck renderer would hold chromedriver's polite quit for minutes: end the browser first.
            close_browser(self.browser)
            self.close()
            self.recycled += 1
        elif self.browser.pages >= RECYCLE_EVERY:
            self.close()
        return art

    def close(self) -> None:
        if self.browser is not None:
            self.browser.quit()
            self.browser = None


def check_pages(urls: list[str], *, out_dir: Path, timeout_s: float = 20, workers: int = 2,
                screenshots: bool = False, submit_forms: bool = True, motion_window_s: float = 3.0,
                max_tabs: int = 60, checks: Collection[str] = CHECKS,
                watch_tab: bool = True, gate: Gate | None = None) -> dict[str, dict[str, Any]]:
    """Run axe + the scripted checks on every URL with `workers` browsers in parallel; artifacts by URL.

    `checks` limits which of CHECKS run (the others are listed in the artifact's `skipped_checks`). `gate` is the
    site's scope and robots gate for every browser's navigation guard (None: each page's own site, no robots).
    """
    out_dir = Path(out_dir)
    (out_dir / ARTIFACT_KIND).mkdir(parents=True, exist_ok=True)
    todo: queue.Queue[str] = queue.Queue()
    for url in dict.fromkeys(urls):
        todo.put(url)
    results: dict[str, dict[str, Any]] = {}
    lock = threading.Lock()
    kwargs = {"screenshots_dir": out_dir if screenshots else None, "submit_forms": submit_forms,
              "motion_window_s": motion_window_s, "max_tabs": max_tabs, "checks": checks, "watch_tab": watch_tab,
              "widget_memo": WidgetMemo()}  # a site's menu template is tested once across the browsers

    def work() -> None:
        worker = _Worker(timeout_s, gate)
        try:
            while True:
                try:
                    url = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    art = worker.run(url, **kwargs)
                except Exception as exc:  # noqa: BLE001 - one bad page must not end the run
                    log.warning("accessibility check of %s failed: %s", url, exc)
                    art = {"kind": ARTIFACT_KIND, "url": url, "error": f"check failed: {_short(exc)}"}
                    worker.close()
                path = out_dir / ARTIFACT_KIND / f"{artifact_name(url)}.json"
                path.write_text(json.dumps(art, ensure_ascii=False, indent=1), encoding="utf-8")
                with lock:
                    results[url] = art
        finally:
            worker.close()

    threads = [threading.Thread(target=work, name=f"a11y-{i}", daemon=True)
               for i in range(max(1, min(workers, todo.qsize())))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {url: results[url] for url in dict.fromkeys(urls) if url in results}
