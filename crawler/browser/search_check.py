"""Gatherer `search_check` (a4.2.6): use the site's search in headless Chromium, once per language version.

Per language home: find the search field, type a 20+ character query and read back what the field kept; set a
phrase taken from a page body, submit, and check the results page (its own URL, the query still in the field,
the source page among the results, outside navigation); look for an advanced search. Every step is time-limited;
a hung page gets an `error` in the record and the browser context is recycled. Artifact kind `search_check`,
key = language; screenshots under run_dir/screenshots/<body>/.

Scope: the query is submitted only when the site's gate allows the URL it goes to (a GET form's action with its
fields, a POST form's action); a refused search (robots.txt disallows the search path, another host) is never
requested and its record says why (requirements 2 and 4 then stay not assessed). The browser has the navigation
guard (crawler/browser/guard.py): whatever a page's script does, no navigation leaves the site.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from core.log import log
from core.site_check_settings import gatherer_settings
from core.site_pages import language_homes
from core.targets import Body
from crawler.browser.guard import IDLE_WAIT_MS, NavigationGuard, goto, launch_guarded, wait_network_idle
from crawler.browser.launch import chromium_args, chromium_path
from crawler.browser.search_phrase import pick_phrase
from crawler.gate import Gate
from crawler.gated_fetch import check, site_gate
from crawler.search_words import ADVANCED
from crawler.site_loader import load_site
from crawler.store import RunStore

KIND = "search_check"
TIMEOUT_S = 20.0
MAX_LANGS = 3
TEST_QUERY = "государственные услуги онлайн 2026"  # 34 characters: more than the 20 the rule asks for
FIELD_SELECTORS = [
    "input[type=search]", "form[role=search] input[type=text]", "[role=search] input:not([type])",
    "[role=search] input[type=text]", "form[action*=search] input[type=text]", "form[action*=search] input:not([type])",
    "form[action*=poisk] input[type=text]", "input[name=q]", "input[name=query]", "input[name=search]",
    "input[name=searchword]", "input[name=s]", "input[placeholder*=оиск]", "input[placeholder*=здеу]",
    "input[placeholder*=earch]",
]
# links in the results area, not in the site's navigation furniture
RESULT_LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.closest('nav,header,footer,aside,[role=navigation],[role=banner],[role=contentinfo]'))
  .map(a => a.href)"""
ADVANCED_JS = """(pattern) => {
  const rx = new RegExp(pattern, 'iu');
  for (const a of document.querySelectorAll('a[href]')) {
    const text = (a.innerText || '').trim(), href = a.getAttribute('href') || '';
    if (rx.test(text) || rx.test(href)) return {url: a.href, how: 'link: ' + (text || href)};
  }
  for (const f of document.querySelectorAll('form')) {
    const attrs = [f.action, f.className, f.id, f.getAttribute('role')].join(' ');
    if (!/search|poisk|izdeu/i.test(attrs)) continue;
    if (f.querySelector('select, input[type=date], input[type=checkbox], input[type=radio], input[type=number]'))
      return {url: location.href, how: 'search form with filters'};
  }
  return null;
}"""


# Where submitting the field's form would go: a GET form's action with its fields as the query, a POST form's
# action; null without a form (the site's script decides, and the navigation guard judges where it goes).
SUBMIT_TARGET_JS = """(el) => {
  const form = el.form;
  if (!form) return null;
  const method = (form.getAttribute('method') || 'get').toLowerCase();
  const action = new URL(form.getAttribute('action') || location.href, document.baseURI);
  if (method === 'get') {
    action.search = new URLSearchParams(new FormData(form)).toString();
    action.hash = '';
  }
  return {url: action.href, method: method};
}"""
REFUSED = {"off scope": "the search goes to another host (off scope)",
           "robots.txt disallows it": "robots.txt disallows the search path"}


def js_pattern(rx: re.Pattern[str]) -> str:
    """A Python regex for JavaScript: JS's \\w is ASCII-only, so spell it as Unicode letters (flag u)."""
    return rx.pattern.replace("\\w", "[\\p{L}\\p{N}_]")


def _norm(url: str) -> str:
    return urldefrag(url)[0].rstrip("/")


SEARCH_TOGGLES = ("button[class*=search i], a[class*=search i]:not([href*='/']), [aria-label*=оиск i], "
                  "[aria-label*=іздеу i], [aria-label*=search i], .search-toggle, .search-btn, .js-search")


def all_fields(page: Any) -> list[tuple[Any, str]]:
    out = []
    for selector in FIELD_SELECTORS:
        loc = page.locator(selector)
        out += [(loc.nth(i), selector) for i in range(min(loc.count(), 5))]
    return out


def find_field(page: Any, *, open_toggle: bool = False) -> tuple[Any, str] | None:
    """The first visible search field; many sites hide it behind a search icon, which is clicked once if asked.
    The first hidden field is returned when none can be made visible."""
    fields = all_fields(page)
    visible = next((f for f in fields if f[0].is_visible()), None)
    if visible is None and fields and open_toggle:
        toggle = page.locator(SEARCH_TOGGLES)
        for i in range(min(toggle.count(), 3)):
            if toggle.nth(i).is_visible():
                toggle.nth(i).click(timeout=3000)
                page.wait_for_timeout(300)
                visible = next((f for f in all_fields(page) if f[0].is_visible()), None)
                break
    return visible or (fields[0] if fields else None)


def new_record(lang: str, home: str, probe: tuple[str, str] | None) -> dict[str, Any]:
    return {"lang": lang, "home": home, "form_found": False, "field": None, "maxlength": None,
            "typed": len(TEST_QUERY), "accepted": None, "phrase": probe[0] if probe else None,
            "phrase_source": probe[1] if probe else None, "results_url": None, "found_source": None,
            "separate_page": None, "query_kept": None, "advanced": None, "screenshot": None, "error": None}


def check_language(page: Any, lang: str, home: str, probe: tuple[str, str] | None, shot: Path,
                   timeout_ms: float, rec: dict[str, Any] | None = None, *, gate: Gate | None = None,
                   guard: NavigationGuard | None = None) -> dict[str, Any]:
    """Fills `rec` step by step, so that a step that fails or hangs leaves what was already measured."""
    rec = rec if rec is not None else new_record(lang, home, probe)
    mark = guard.mark() if guard is not None else 0
    try:
        return _check_language(page, rec, home, probe, shot, timeout_ms, gate, guard)
    finally:
        if guard is not None and guard.since(mark):
            rec["blocked_navigations"] = [b.as_dict() for b in guard.since(mark)]


def _check_language(page: Any, rec: dict[str, Any], home: str, probe: tuple[str, str] | None, shot: Path,
                    timeout_ms: float, gate: Gate | None, guard: NavigationGuard | None) -> dict[str, Any]:
    goto(page, home, timeout_ms=timeout_ms, wait_until="domcontentloaded")
    wait_network_idle(page, min(IDLE_WAIT_MS, timeout_ms))  # a script-built header (www.gov.kz) has its field then
    rec["advanced"] = page.evaluate(ADVANCED_JS, js_pattern(ADVANCED))
    found = find_field(page, open_toggle=True)
    if found is None:
        return rec
    field, selector = found
    rec.update(form_found=True, field=selector)
    ml = field.get_attribute("maxlength")
    rec["maxlength"] = int(ml) if ml and ml.strip().isdigit() else None
    if field.is_visible():
        field.click(timeout=timeout_ms)
        field.fill("", timeout=timeout_ms)
        field.press_sequentially(TEST_QUERY, timeout=timeout_ms)  # real key presses: maxlength applies
        rec["accepted"] = len(field.input_value(timeout=timeout_ms))
    else:
        rec["error"] = "the search field is not visible; typing was not tested"
    if probe is None:
        rec["error"] = (rec["error"] or "") + " no body phrase to search for"
        return rec
    # set the phrase directly (maxlength is requirement 1's business) and submit as a person would: Enter
    field.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", probe[0])
    target = field.evaluate(SUBMIT_TARGET_JS)
    if gate is not None and target and (reason := check(gate, target["url"])):
        # never requested: requirements 2 and 4 stay unknown (not assessed), with the reason
        rec["refused"] = {"url": target["url"], "method": target["method"], "reason": reason}
        rec["error"] = (f"search not submitted: {REFUSED.get(reason, reason)} ({target['url']}); "
                        "not requested, so the results were not assessed")
        return rec
    before = page.url
    submitted = guard.mark() if guard is not None else 0
    try:
        with page.expect_navigation(timeout=timeout_ms, wait_until="domcontentloaded"):
            field.press("Enter", timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - no navigation = results not on their own page (or a hang)
        blocked = [b for b in guard.since(submitted) if b.top] if guard is not None else []
        if blocked:  # the site's script sent the query off the site: not requested, not assessed
            rec["error"] = f"search not submitted: {blocked[0].describe()}; the results were not assessed"
            return rec
        rec["error"] = f"no results page after submitting the query ({type(exc).__name__})"
        rec["separate_page"] = False
    rec["results_url"] = page.url
    if rec["separate_page"] is None:
        rec["separate_page"] = _norm(page.url) != _norm(before)
    page.wait_for_timeout(300)  # results that a script fills in after the page loads
    links = page.evaluate(RESULT_LINKS_JS)
    rec["found_source"] = _norm(probe[1]) in {_norm(h) for h in links}
    wanted = " ".join(probe[0].split()).casefold()
    values = [" ".join(f.input_value(timeout=timeout_ms).split()).casefold() for f, _ in all_fields(page)]
    rec["query_kept"] = wanted in values  # the header field or the results page's own field
    if rec["advanced"] is None:
        rec["advanced"] = page.evaluate(ADVANCED_JS, js_pattern(ADVANCED))
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), timeout=timeout_ms)
    rec["screenshot"] = str(shot)
    return rec


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
           gate: Gate | None = None) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    site = load_site(store, body, site_url)
    if not site.html_pages():
        return
    gatherer_settings(settings)  # validates the readings early: a bad value stops here, not after the run
    gate = gate or site_gate(store, body.key, site_url, settings)
    homes = language_homes(site) or {"?": site.home}
    timeout_ms = float(settings.get("browser_timeout_s", TIMEOUT_S)) * 1000
    try:
        with sync_playwright() as pw:
            _search_languages(pw, store, body, site_url, site, homes, run_dir, timeout_ms, gate)
    except PlaywrightError as exc:  # Chromium could not start: a note, and records that say so
        reason = str(exc).splitlines()[0][:300]
        store.add_note("search_check", f"Chromium could not run the site search: {reason}", body=body.key,
                       level="error", url=site_url)
        for lang, home in sorted(homes.items())[:MAX_LANGS]:
            if lang not in store.artifacts(body.key, KIND, site_url):
                store.put_artifact(body.key, site_url, KIND, lang, {**new_record(lang, home, None),
                                                                    "error": f"Chromium failed: {reason}"})
    log.info("[search_check] %s: %d language version(s) searched (%.1fs)", body.key, min(len(homes), MAX_LANGS),
             time.monotonic() - started)


def _launch(pw: Any, gate: Gate) -> tuple[Any, NavigationGuard]:
    return launch_guarded(pw, gate, executable_path=chromium_path(), args=chromium_args(), headless=True)


def _search_languages(pw: Any, store: RunStore, body: Body, site_url: str, site: Any, homes: dict[str, str],
                      run_dir: Path, timeout_ms: float, gate: Gate) -> None:
    from playwright.sync_api import Error as PlaywrightError

    browser, guard = _launch(pw, gate)
    try:
        for lang, home in sorted(homes.items())[:MAX_LANGS]:
            rel = f"screenshots/{body.key}/search-{lang}.png"
            probe = pick_phrase(site, None if lang == "?" else lang)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, ignore_https_errors=True)
            page = context.new_page()
            page.on("dialog", lambda d: d.dismiss())
            rec = new_record(lang, home, probe)
            try:
                check_language(page, lang, home, probe, run_dir / rel, timeout_ms, rec, gate=gate, guard=guard)
            except PlaywrightError as exc:
                rec["error"] = f"browser: {str(exc).splitlines()[0][:300]}"
                log.warning("[search_check] %s %s: %s", body.key, home, rec["error"])
            finally:
                try:
                    context.close()  # recycled per language: a hung page never blocks the next one
                except PlaywrightError:
                    browser.close()
                    browser, guard = _launch(pw, gate)
            if rec.get("screenshot"):
                rec["screenshot"] = rel
            for blocked in rec.get("blocked_navigations", []):
                store.add_note("search_check", f"[{lang}] {blocked['url']}: {blocked['reason']}; the browser did "
                               "not go there (not requested)", body=body.key, level="info", url=home)
            if rec.get("refused"):
                store.add_note("search_check", f"[{lang}] {rec['error']}", body=body.key, level="info",
                               url=rec["refused"]["url"])
            store.put_artifact(body.key, site_url, KIND, lang, rec)
    finally:
        browser.close()
