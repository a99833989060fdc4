"""Mobile gatherer (Appendix 6): load the site as a phone and store what the mobile audit needs.

For each body (not committees, para 18): the start URL in a desktop browser and as Android Chrome and iPhone
Safari (390x844, touch, mobile user agents); rendering measurements (viewport meta, horizontal overflow, font
sizes, tap-target sizes) and screenshots; the mobile version's entry (redirect, responsive page or linked mobile
site, crawler/browser/mobile_rules.py); whether it links back to the main version; then, per language, the
mobile home and the pages its links lead to for the Appendix 6 items, as rendered DOM. Stored as artifacts of
kind "mobile": "summary" and "page:<lang>:<nn>". Every step is time-bounded; a failure is recorded, not raised.
The browser has the navigation guard (crawler/browser/guard.py): a mobile entry, link or redirect that leaves the
site's scope (a mobile version on another domain) is not loaded, and the record says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from core.log import log
from core.targets import Body
from crawler.browser.guard import NavigationGuard, goto, launch_guarded, load_blocked, wait_network_idle
from crawler.browser.launch import chromium_args, chromium_path
from crawler.browser.mobile_rules import decide, decide_profile, host, main_links, mobile_links
from crawler.gate import Gate
from crawler.gated_fetch import site_gate
from crawler.store import RunStore

KIND = "mobile"
VIEWPORT = {"width": 390, "height": 844}
PROFILES = {
    "android": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/126.0.0.0 Mobile Safari/537.36",
    "ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "Version/17.5 Mobile/15E148 Safari/604.1",
}
DESKTOP_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
              "Safari/537.36")
MAX_HTML = 600_000
LANG_TEXT = {"kk": {"қаз", "каз", "қазақша", "kz", "kk", "қаз.", "каз.", "казахский", "қазақ тілі", "kaz"},
             "ru": {"рус", "ru", "русский", "орысша", "рус.", "rus"}}
DOC_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".jpg", ".jpeg", ".png")

METRICS_JS = """() => {
  const vw = window.innerWidth, de = document.documentElement;
  const sw = Math.max(de.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const meta = document.querySelector('meta[name=viewport]');
  let total = 0, small = 0;
  if (document.body) {
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) {
      const s = w.currentNode.textContent.trim(); const el = w.currentNode.parentElement;
      if (!s || !el) continue;
      const cs = getComputedStyle(el); if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      const r = el.getBoundingClientRect(); if (r.width === 0 && r.height === 0) continue;
      total += s.length; if (parseFloat(cs.fontSize) < 12) small += s.length;
    }
  }
  let targets = 0, smallT = 0; const bad = [];
  for (const el of document.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea')) {
    const r = el.getBoundingClientRect(); if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el); if (cs.visibility === 'hidden') continue;
    const p = el.parentElement;  // links inside running text are exempt (WCAG 2.5.8)
    if (el.tagName === 'A' && cs.display === 'inline' && p &&
        p.textContent.trim().length > el.textContent.trim().length + 20) continue;
    targets++;
    if (r.width < 24 || r.height < 24) {
      smallT++;
      if (bad.length < 10) bad.push(((el.textContent || el.getAttribute('aria-label') || el.tagName).trim()
        .slice(0, 40)) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
    }
  }
  return {viewport: vw, scroll_width: sw, overflow_px: Math.max(0, sw - vw),
          viewport_meta: meta ? meta.getAttribute('content') : null, text_chars: total, small_font_chars: small,
          tap_targets: targets, small_tap_targets: smallT, small_tap_examples: bad};
}"""
ANCHORS_JS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => ({
  href: a.href, text: (a.innerText || a.textContent || a.getAttribute('aria-label') || a.title || '').trim()
    .replace(/\\s+/g, ' ').slice(0, 200), hreflang: a.getAttribute('hreflang') || ''}))"""


@dataclass(frozen=True)
class MobileOptions:
    max_pages_per_lang: int = 10
    timeout_ms: int = 15000
    settle_ms: int = 3000  # extra wait for the network to go idle (single-page apps render after load)
    host_resolver_rules: str = ""  # e.g. "MAP *.test 127.0.0.1" to reach fixture hosts; empty in real runs
    screenshots: bool = True

    @classmethod
    def from_settings(cls, raw: dict[str, Any] | None) -> MobileOptions:
        raw = raw or {}
        d = cls()
        return cls(max_pages_per_lang=int(raw.get("max_pages_per_lang", d.max_pages_per_lang)),
                   timeout_ms=int(raw.get("timeout_ms", d.timeout_ms)),
                   settle_ms=int(raw.get("settle_ms", d.settle_ms)),
                   host_resolver_rules=str(raw.get("host_resolver_rules", d.host_resolver_rules) or ""),
                   screenshots=bool(raw.get("screenshots", d.screenshots)))


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any] | None = None,
           gate: Gate | None = None) -> None:
    opts = MobileOptions.from_settings((settings or {}).get("mobile"))
    if body.type == "committee":
        store.put_artifact(body.key, site_url, KIND, "summary",
                           {"site_url": site_url, "skipped": "committees are not assessed for a mobile version "
                                                             "(para 18)"})
        return
    from playwright.sync_api import sync_playwright

    args = chromium_args()
    if opts.host_resolver_rules:
        args.append(f"--host-resolver-rules={opts.host_resolver_rules}")
    gate = gate or site_gate(store, body.key, site_url, settings)
    with sync_playwright() as pw:
        browser, guard = launch_guarded(pw, gate, executable_path=chromium_path(), args=args, headless=True)
        try:
            _Run(store, body, site_url, run_dir, opts, browser, guard).run()
        finally:
            browser.close()


class _Run:
    def __init__(self, store: RunStore, body: Body, site_url: str, run_dir: Path, opts: MobileOptions,
                 browser: Any, guard: NavigationGuard | None = None) -> None:
        self.store, self.body, self.site_url, self.run_dir, self.opts = store, body, site_url, run_dir, opts
        self.browser, self.guard = browser, guard
        self.noted: set[str] = set()
        self.shot_dir = Path("screenshots") / "mobile" / body.key

    def _context(self, ua: str, mobile: bool) -> Any:
        if mobile:
            return self.browser.new_context(user_agent=ua, viewport=VIEWPORT, device_scale_factor=2, is_mobile=True,
                                            has_touch=True, ignore_https_errors=True)
        return self.browser.new_context(user_agent=ua, viewport={"width": 1366, "height": 900},
                                        ignore_https_errors=True)

    def _load(self, ctx: Any, url: str, shot: str | None) -> dict[str, Any]:
        """Open url; the final URL, title, rendered DOM, measurements, anchors and a screenshot, or an error."""
        from playwright.sync_api import Error as PlaywrightError

        page = ctx.new_page()
        out: dict[str, Any] = {"url": url}
        mark = self.guard.mark() if self.guard is not None else 0
        try:
            resp = goto(page, url, timeout_ms=self.opts.timeout_ms, wait_until="load")
            if self.opts.settle_ms > 0:
                wait_network_idle(page, min(self.opts.settle_ms, self.opts.timeout_ms))
            out.update(final_url=page.url, status=resp.status if resp else None, title=page.title(),
                       metrics=page.evaluate(METRICS_JS), anchors=page.evaluate(ANCHORS_JS),
                       html=page.content()[:MAX_HTML], lang=page.evaluate("document.documentElement.lang || ''"))
            if shot and self.opts.screenshots:
                target = self.run_dir / shot
                target.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(target), full_page=False, timeout=self.opts.timeout_ms)
                out["screenshot"] = shot
        except PlaywrightError as exc:
            out["error"] = str(exc).splitlines()[0][:300]
        finally:
            page.close()
        self._blocked(out, mark)
        return out

    def _blocked(self, out: dict[str, Any], mark: int) -> None:
        """Navigations the guard stopped while `out["url"]` was open: in the record, and once each as a note."""
        blocked = self.guard.since(mark) if self.guard is not None else []
        if not blocked:
            return
        out["blocked_navigations"] = [b.as_dict() for b in blocked]
        stopped = load_blocked(blocked, out["url"])
        if stopped is not None:  # the page itself leads off the site: not loaded
            out["error"] = f"not loaded: {stopped.describe()}"
        for b in blocked:
            if b.top and b.url not in self.noted:
                self.noted.add(b.url)
                self.store.add_note("mobile", f"{b.url}: {b.reason}; the browser did not go there (not requested)",
                                    body=self.body.key, level="info", url=out["url"])

    def run(self) -> None:
        summary: dict[str, Any] = {"site_url": self.site_url, "viewport": VIEWPORT, "profiles": {}}
        desk_ctx = self._context(DESKTOP_UA, mobile=False)
        try:
            desk = self._load(desk_ctx, self.site_url, None)
        finally:
            desk_ctx.close()
        summary["desktop"] = {k: desk.get(k) for k in ("final_url", "status", "error")}
        contexts = {name: self._context(ua, mobile=True) for name, ua in PROFILES.items()}
        try:
            for name, ctx in contexts.items():
                res = self._load(ctx, self.site_url, str(self.shot_dir / f"{name}-home.png"))
                res["mobile_links"] = mobile_links(res.get("anchors") or [], res.get("final_url") or self.site_url)
                summary["profiles"][name] = {k: res.get(k) for k in ("final_url", "status", "title", "metrics",
                                                                     "screenshot", "mobile_links", "error")}
            decision = decide(summary)
            entry = decision.get("entry")
            ctx = contexts[decision.get("profile") or "android"]
            landing: dict[str, Any] | None = None
            if decision["how"] in ("redirect_to_mobile_host", "link_to_mobile") and entry:
                landing = self._load(ctx, entry, str(self.shot_dir / "mobile-entry.png"))
                summary["entry"] = {k: landing.get(k) for k in ("url", "final_url", "status", "metrics",
                                                                "screenshot", "error")}
                main_url = summary["desktop"].get("final_url") or self.site_url
                summary["main_links"] = main_links(landing.get("anchors") or [], landing.get("final_url") or entry,
                                                   main_url)
                if decision["how"] == "link_to_mobile":
                    summary["entry"]["decision"] = decide_profile(main_url, {**landing,
                                                                             "mobile_links": []})
            self.store.put_artifact(self.body.key, self.site_url, KIND, "summary", summary)
            if decision.get("C") and entry:
                self._languages(ctx, entry, landing)
        finally:
            for ctx in contexts.values():
                ctx.close()

    def _languages(self, ctx: Any, entry: str, landing: dict[str, Any] | None) -> None:
        """Per language: the mobile home and the pages its links lead to for the Appendix 6 items."""
        from crawler.language import detect_language as text_lang
        from crawler.language import lang_code
        from crawler.text import url_lang

        first = landing if landing and not landing.get("error") else self._load(ctx, entry, None)
        here = url_lang(first.get("final_url") or entry) or lang_code(first.get("lang")) or text_lang(
            first.get("html") or "")
        homes: dict[str, str] = {}
        if here in ("kk", "ru"):
            homes[here] = first.get("final_url") or entry
        for lang in ("kk", "ru"):
            if lang in homes:
                continue
            for a in first.get("anchors") or []:
                text = (a.get("text") or "").strip().lower()
                if a.get("hreflang", "").lower().startswith(("kk", "kz") if lang == "kk" else ("ru",)) \
                        or text in LANG_TEXT[lang] or (url_lang(a.get("href") or "") == lang and text in
                                                       LANG_TEXT[lang] | {""}):
                    homes[lang] = a["href"]
                    break
        for lang, home in homes.items():
            home_res = self._load(ctx, home, str(self.shot_dir / f"{lang}-00.png"))
            self._put(lang, 0, home_res)
            links = self._item_links(home_res.get("anchors") or [], home_res.get("final_url") or home, lang)
            for n, url in enumerate(links[: self.opts.max_pages_per_lang], start=1):
                self._put(lang, n, self._load(ctx, url, None))
        if not homes:
            log.warning("[mobile] %s: no kk/ru version found from %s", self.body.key, entry)

    def _put(self, lang: str, n: int, res: dict[str, Any]) -> None:
        res = {k: v for k, v in res.items() if k != "anchors"}
        res["lang"] = lang
        self.store.put_artifact(self.body.key, self.site_url, KIND, f"page:{lang}:{n:02d}", res)

    def _item_links(self, anchors: list[dict[str, str]], home: str, lang: str) -> list[str]:
        """Same-host links from the language home whose text names an Appendix 6 item (dictionary phrases)."""
        from crawler.content.model import concepts, table_for, table_sections
        from crawler.text import first_match, norm

        wanted = {cid for s in table_sections(6, table_for(self.body.type)) for it in s.items for cid in it.concepts}
        pats = [(concepts()[c].patterns.get(lang, ()), concepts()[c].exclude) for c in sorted(wanted)]
        out: list[str] = []
        for a in anchors:
            href = urldefrag(a.get("href") or "")[0]
            if not href.startswith("http") or host(href) != host(home) or href in out or href == home:
                continue
            if urlsplit(href).path.lower().endswith(DOC_EXT):
                continue
            text = norm(a.get("text"))
            if text and any(first_match(p, text) and not first_match(x, text) for p, x in pats):
                out.append(href)
        return out
