"""Render gov.kz SPA pages in headless Chromium and store what a person sees (govkz-targets.md §1.8).

The first HTML is an empty stub, so furniture audits (menu, breadcrumbs, search box, links) need the DOM
after the bundle has run. Per body and language: the entity home page, then pages reached through its
rendered navigation (menu/header/footer/breadcrumb links at any depth, content links down to
`render_content_depth`), at most `render_max_pages`. Each page is stored with its rendered outerHTML,
and each link as an edge with the kind `crawler.links.extract_links` gives it.

Scope: the page's own requests pass the collector's robots decision (`allow`, a Playwright route); the browser also
has the navigation guard (crawler/browser/guard.py), which sees every redirect hop: no navigation leaves the gov.kz
host or goes to a disallowed path, whatever the page's script does.
"""

from __future__ import annotations

import shutil
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from core.targets import Body
from crawler.browser.guard import goto, launch_persistent_guarded, load_blocked, wait_network_idle
from crawler.gate import ROBOTS_DISALLOWED, Gate
from crawler.links import extract_links
from crawler.store import RunStore

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FOLLOW_KINDS = {"menu", "header", "footer", "breadcrumb"}
BLOCKED_RESOURCES = {"image", "font", "media"}  # as S11 does, to save time; the DOM is what we audit
STAGE = "govkz"


class _PlatformGate(Gate):
    """The gov.kz host only, with the collector's robots decision (its audit_override paths included)."""

    def __init__(self, base: str, allow: Callable[[str], bool]) -> None:
        super().__init__(base)
        # The guard asks from its own thread: the collector's `Robots.allowed` logs overridden reads into the
        # run store (one thread only), so its side-effect-free `decide` is used when there is one.
        self.allow = getattr(getattr(allow, "__self__", None), "decide", allow)
        self.set_robots(base, None)  # read once by the collector (crawler.govkz.robots); `allow` applies it

    def in_scope(self, url: str) -> bool:
        return urlsplit(url).netloc.lower() == urlsplit(self.site_url).netloc.lower()

    def refusal(self, url: str) -> str | None:
        return super().refusal(url) or (None if self.allow(url) else ROBOTS_DISALLOWED)


class Renderer:
    def __init__(self, opts: dict[str, Any], user_data_dir: str, allow: Callable[[str], bool] | None = None) -> None:
        from playwright.sync_api import sync_playwright

        self.opts = opts
        self.allow = allow or (lambda url: True)
        self.user_data_dir = user_data_dir
        self._pw = sync_playwright().start()
        try:
            self.context, self.guard = launch_persistent_guarded(
                self._pw, user_data_dir, None, executable_path=opts.get("chromium", "/usr/bin/chromium"),
                headless=True, args=CHROMIUM_FLAGS, viewport={"width": 1366, "height": 900},
                user_agent=opts.get("user_agent"))
        except Exception:
            self._pw.stop()  # a started driver left behind would break every later Playwright use in the process
            shutil.rmtree(user_data_dir, ignore_errors=True)
            raise
        self.context.route("**/*", self._route)  # the page's own API calls obey robots.txt too
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()

    def _route(self, route: Any) -> None:
        if route.request.resource_type in BLOCKED_RESOURCES or not self.allow(route.request.url):
            route.abort()
        else:
            route.continue_()

    def close(self) -> None:
        try:
            self.context.close()
        finally:
            self._pw.stop()
            shutil.rmtree(self.user_data_dir, ignore_errors=True)

    def render_body(self, store: RunStore, body: Body, base: str, slug: str, site: str) -> int:
        """Render every language of one body; returns the number of pages stored."""
        self.context.clear_cookies()  # each body starts a fresh session (its own tickets)
        if self.guard.gate is None or self.guard.gate.site_url != base:
            self.guard.set_gate(_PlatformGate(base, self.allow))
        stored = 0
        for lang in body.languages:
            stored += self._render_lang(store, body, base, slug, site, lang)
        return stored

    def _in_scope(self, url: str, base: str, slug: str, lang: str) -> bool:
        parts, root = urlsplit(url), urlsplit(base)
        if parts.netloc != root.netloc:
            return False
        prefix = f"/memleket/entities/{slug}"
        inside = parts.path == prefix or parts.path.startswith(prefix + "/")
        if not inside or parts.path.startswith(prefix + "/search"):
            return False
        return (parse_qs(parts.query).get("lang") or [lang])[0] == lang

    def _render_lang(self, store: RunStore, body: Body, base: str, slug: str, site: str, lang: str) -> int:
        home = f"{base}/memleket/entities/{slug}?lang={lang}"
        queue: deque[tuple[str, int]] = deque([(home, 0)])
        seen = {home}
        stored = 0
        limit = int(self.opts["render_max_pages"])
        while queue and stored < limit:
            url, depth = queue.popleft()
            if not self.allow(url):
                store.add_note(STAGE, "not rendered: robots.txt disallows this URL (obey_robots)", body=body.key,
                               level="info", url=url)
                continue
            if stored:
                time.sleep(float(self.opts["delay"]))  # politeness between page loads (each load calls the API)
            html, title, final_url, error = self._render(url)
            stored += 1
            if error is not None:
                store.put_page(body=body.key, site=site, url=url, final_url=final_url, status=None, lang=lang,
                               error=error, info={"rendered": True})
                store.add_note(STAGE, f"render failed: {error}", body=body.key, level="warning", url=url)
                continue
            content = html.encode("utf-8")
            store.put_page(body=body.key, site=site, url=url, final_url=final_url, status=200,
                           content_type="text/html; charset=utf-8", content=content, lang=lang, title=title,
                           info={"rendered": True, "encoding": "utf-8"})
            links = extract_links(html, final_url or url)
            store.put_edges(body.key, [(url, link.url, link.kind, link.text) for link in links])
            for link in links:
                follow = link.kind in FOLLOW_KINDS or (link.kind == "content"
                                                        and depth < int(self.opts["render_content_depth"]))
                if follow and link.url not in seen and self._in_scope(link.url, base, slug, lang):
                    seen.add(link.url)
                    queue.append((link.url, depth + 1))
        if queue:
            store.add_note(STAGE, f"{lang}: rendering stopped at {limit} pages ({len(queue)} queued)",
                           body=body.key, level="info", url=home)
        return stored

    def _render(self, url: str) -> tuple[str, str, str, str | None]:
        timeout = int(self.opts["render_timeout_ms"])
        page = self.page
        mark = self.guard.mark()
        try:
            response = goto(page, url, timeout_ms=timeout, wait_until="domcontentloaded")
            if response is not None and response.status >= 400:
                return "", "", page.url, f"HTTP {response.status}"
            # the stub's #root fills once the bundle has drawn; then let the data calls settle (bounded:
            # a real site with analytics may never go fully idle)
            page.wait_for_function("document.getElementById('root') === null || "
                                   "document.getElementById('root').children.length > 0", timeout=timeout)
            wait_network_idle(page, min(timeout, 5000))  # idle is a nicety, the DOM is already there
            return page.content(), page.title(), page.url, None
        except Exception as exc:  # a page that will not render is recorded, never fatal to the run
            stopped = load_blocked(self.guard.since(mark), url)
            if stopped is not None:
                return "", "", url, f"not rendered: {stopped.describe()}"
            return "", "", url, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
