"""Gatherer `display` (a4.2.1): render sample pages on each testable platform and keep every screenshot.

Platforms: Chromium desktop (Chrome), Chromium emulating an Android phone and an iPhone (iOS), and Firefox ESR
(headless `--screenshot`: it proves the page renders and is not blank; the layout measurements are Chromium's).
Sample: the home page and the first menu pages from the crawl. Every page load is time-limited; a page that hangs,
crashes or opens dialogs gets a record saying so, the browser context is recycled and the run goes on.
Artifact kind `display`, key "<platform>|<url>"; screenshots under run_dir/screenshots/<body>/display/.
Scope: Chromium has the navigation guard (crawler/browser/guard.py) and Firefox a gate PAC script
(crawler/browser/firefox_guard.py): a page's script or redirect never takes either browser off the site; a blocked
navigation is listed in the record (`blocked_navigations`) and, when it was the page's own load, is its error.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.artifacts import SiteArtifacts
from core.log import log
from core.site_check_settings import gatherer_settings
from core.site_pages import language_homes, resolve
from core.targets import Body
from crawler.browser.display_checks import MEASURE_JS, problems_of
from crawler.browser.display_png import distinct_colours
from crawler.browser.firefox_guard import Refuser, write_profile
from crawler.browser.guard import IDLE_WAIT_MS, NavigationGuard, goto, launch_guarded, load_blocked, wait_network_idle
from crawler.browser.launch import chromium_args, chromium_path
from crawler.gate import Gate
from crawler.gated_fetch import site_gate
from crawler.site_loader import load_site
from crawler.store import RunStore

KIND = "display"
TIMEOUT_S = 20.0
SETTLE_MS = 250
FIREFOX_TIMEOUT_S = 60.0
ANDROID_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0.0.0 Mobile Safari/537.36")
IOS_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
# platform -> Playwright context options (A-5: the rendering profile that stands for the platform)
CHROMIUM_PROFILES: dict[str, dict[str, Any]] = {
    "chrome": {"viewport": {"width": 1280, "height": 900}},
    "android": {"viewport": {"width": 412, "height": 915}, "user_agent": ANDROID_UA, "is_mobile": True,
                "has_touch": True, "device_scale_factor": 1},
    "ios": {"viewport": {"width": 390, "height": 844}, "user_agent": IOS_UA, "is_mobile": True, "has_touch": True,
            "device_scale_factor": 1},
}


def sample_pages(site: SiteArtifacts, count: int) -> list[str]:
    """The landing page, its first menu page, the other language versions' home pages, then more menu pages
    (then any other links): OK HTML pages on the site only, so both/all languages are looked at."""
    host = urlsplit(site.site).netloc
    ranked = sorted((e for e in site.edges if e[0] == site.home and e[2] not in ("redirect", "lang")),
                    key=lambda e: e[2] != "menu")
    inner = []
    for _, dst, _, _ in ranked:
        page = resolve(site, dst)
        if page is not None and page.ok and page.is_html and urlsplit(page.url).netloc == host \
                and page.url not in inner and page.url != site.home:
            inner.append(page.url)
    homes = [u for u in language_homes(site).values() if u != site.home]
    out = [site.home] + inner[:1] + homes + inner[1:]
    return list(dict.fromkeys(out))[:count]


def shot_path(body: str, platform: str, url: str) -> str:
    return f"screenshots/{body}/display/{platform}-{hashlib.sha1(url.encode()).hexdigest()[:12]}.png"


def render_chromium(browser: Any, platform: str, urls: list[str], body: str, run_dir: Path,
                    timeout_ms: float, guard: NavigationGuard | None = None) -> list[dict[str, Any]]:
    from playwright.sync_api import Error as PlaywrightError

    records = []
    for url in urls:
        rec: dict[str, Any] = {"platform": platform, "url": url, "problems": [], "measured": {}, "screenshot": None,
                               "dialogs": [], "script_errors": [], "error": None}
        mark = guard.mark() if guard is not None else 0
        context = browser.new_context(ignore_https_errors=True, **CHROMIUM_PROFILES[platform])
        page = context.new_page()
        page.on("pageerror", lambda exc, rec=rec: rec["script_errors"].append(str(exc).splitlines()[0][:300]))

        def on_dialog(dialog: Any, rec: dict[str, Any] = rec) -> None:
            rec["dialogs"].append(f"{dialog.type}: {dialog.message[:200]}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        try:
            goto(page, url, timeout_ms=timeout_ms, wait_until="load")
            wait_network_idle(page, min(IDLE_WAIT_MS, timeout_ms))  # a script-built page draws after its API calls
            page.wait_for_timeout(SETTLE_MS)
            rec["measured"] = page.evaluate(MEASURE_JS, CHROMIUM_PROFILES[platform]["viewport"]["width"])
            rel = shot_path(body, platform, url)
            (run_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(run_dir / rel), timeout=timeout_ms, animations="disabled")
            rec["screenshot"] = rel
            rec["problems"] = problems_of(rec["measured"], rec["script_errors"])
        except PlaywrightError as exc:
            reason = str(exc).splitlines()[0][:300]
            stopped = load_blocked(guard.since(mark), url) if guard is not None else None
            if stopped is not None:  # the page itself leads off the site: nothing to display, nothing requested
                # not a sample (the audit reads records with a url as displayed pages): kept under sample_url
                rec.update(url=None, sample_url=url, error=f"not displayed: {stopped.describe()}", problems=[])
            else:
                rec["error"] = reason
                rec["problems"] = [f"did not display within {timeout_ms / 1000:.0f} s: {reason}"]
            log.warning("[display] %s %s: %s", platform, url, rec["error"])
        finally:
            try:
                context.close()  # a fresh context per page: a hung or crashed page never blocks the next
            except PlaywrightError:
                pass
        if guard is not None and guard.since(mark):
            rec["blocked_navigations"] = [b.as_dict() for b in guard.since(mark)]
        records.append(rec)
    return records


def firefox_binary() -> str | None:
    return os.environ.get("GOVAUDIT_FIREFOX") or shutil.which("firefox-esr") or shutil.which("firefox")


def render_firefox(urls: list[str], body: str, run_dir: Path, timeout_s: float,
                   gate: Gate | None = None) -> list[dict[str, Any]]:
    """Each page in a fresh Firefox profile whose PAC script is the gate (`gate` None: the page's own site)."""
    binary = firefox_binary()
    if binary is None:
        return [{"platform": "firefox", "url": None, "problems": [], "error": "firefox-esr is not installed"}]
    records = []
    refuser = Refuser()
    try:
        for url in urls:
            rec = _firefox_one(binary, url, body, run_dir, timeout_s, gate or Gate(url, robots_policy="ignore"),
                               refuser)
            records.append(rec)
            if rec["url"] is None:  # Firefox cannot start: no use trying the next page
                break
    finally:
        refuser.close()
    return records


def _firefox_one(binary: str, url: str, body: str, run_dir: Path, timeout_s: float, gate: Gate,
                 refuser: Refuser) -> dict[str, Any]:
    rel = shot_path(body, "firefox", url)
    target = run_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="govaudit-firefox-")
    write_profile(Path(profile), gate, refuser)
    refused_before = len(refuser.refused)
    rec: dict[str, Any] = {"platform": "firefox", "url": url, "problems": [], "measured": {}, "screenshot": None,
                           "error": None}
    cmd = [binary, "--headless", "--no-remote", "--profile", profile, "--screenshot", str(target),
           "--window-size=1280,900", url]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True, env={**os.environ, "MOZ_HEADLESS": "1"})
    except OSError as exc:
        shutil.rmtree(profile, ignore_errors=True)
        return {**rec, "url": None, "error": f"Firefox could not start: {exc}"}
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the group this call started, nothing else
        proc.wait()
        rec["error"] = f"Firefox did not finish within {timeout_s:.0f} s"
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    # what the gate refused (the site's pages only; Firefox's own background services are refused as well)
    refused = [u for u in refuser.refused[refused_before:] if "://" in u]
    if refused:
        rec["blocked_requests"] = refused[:20]
    if target.exists() and target.stat().st_size > 0:
        rec["screenshot"] = rel
        try:
            colours = distinct_colours(target)
            rec["measured"] = {"distinct_colours": colours}
            if colours <= 2:
                rec["problems"].append("blank page in Firefox (a single-colour screenshot)")
        except (ValueError, OSError) as exc:
            rec["measured"] = {"png": str(exc)}
    else:
        rec["problems"].append(rec["error"] or "Firefox produced no screenshot")
    return rec


def _close(browser: Any) -> None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        browser.close()
    except PlaywrightError:
        pass


def _launch(pw: Any, gate: Gate) -> tuple[Any, NavigationGuard]:
    return launch_guarded(pw, gate, executable_path=chromium_path(), args=chromium_args(), headless=True)


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
           gate: Gate | None = None) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    site = load_site(store, body, site_url)
    if not site.html_pages():
        return
    gate = gate or site_gate(store, body.key, site_url, settings)
    cfg = gatherer_settings(settings)
    urls = sample_pages(site, max(1, cfg.display_pages))
    timeout_ms = float(settings.get("browser_timeout_s", TIMEOUT_S)) * 1000
    records: list[dict[str, Any]] = []
    try:
        with sync_playwright() as pw:
            browser, guard = _launch(pw, gate)
            try:
                for platform in CHROMIUM_PROFILES:  # one browser, a fresh context per page and platform
                    try:
                        records += render_chromium(browser, platform, urls, body.key, run_dir, timeout_ms, guard)
                    except PlaywrightError as exc:  # the browser itself died: record it, relaunch, go on
                        records.append({"platform": platform, "url": None, "problems": [],
                                        "error": f"browser crashed: {str(exc).splitlines()[0][:200]}"})
                        _close(browser)
                        browser, guard = _launch(pw, gate)
            finally:
                _close(browser)
    except PlaywrightError as exc:  # Chromium could not start at all: say so, keep what was rendered, go on
        reason = str(exc).splitlines()[0][:300]
        store.add_note("display", f"Chromium could not render the sample pages: {reason}", body=body.key,
                       level="error", url=site_url)
        done = {r["platform"] for r in records}
        records += [{"platform": p, "url": None, "problems": [], "error": f"Chromium failed: {reason}"}
                    for p in CHROMIUM_PROFILES if p not in done]
    records += render_firefox(urls[:max(0, cfg.display_firefox_pages)], body.key, run_dir, FIREFOX_TIMEOUT_S, gate)
    noted: set[str] = set()
    for rec in records:
        page = rec.get("url") or rec.get("sample_url") or "-"
        for blocked in rec.get("blocked_navigations", []):
            if blocked["top"] and blocked["url"] not in noted:  # once per URL, not once per platform
                noted.add(blocked["url"])
                store.add_note("display", f"{blocked['url']}: {blocked['reason']}; the browser did not go there "
                               "(not requested)", body=body.key, level="info", url=page)
        store.put_artifact(body.key, site_url, KIND, f"{rec['platform']}|{page}", rec)
    bad = sum(1 for r in records if r.get("problems"))
    log.info("[display] %s: %d renders of %d pages, %d with problems (%.1fs)", body.key, len(records), len(urls), bad,
             time.monotonic() - started)
