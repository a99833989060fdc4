"""SiteSpider: crawls one body's stand-alone site over HTTP, storing every page, status and link edge.

Every in-scope URL is fetched once (documents included, for status, type and size); external links are
recorded as edges but not fetched. The spider follows redirects itself and stores each hop as a zero-click
`redirect` edge, so the click-depth graph follows what a browser does. Discovery starts from robots.txt and the
XML sitemaps it names (or /sitemap.xml), and feeds linked from pages are read too. On resume, already stored pages
are not fetched again: the frontier is rebuilt from stored edges whose targets have no stored page.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin

import scrapy
from protego import Protego
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.discovery import feed_items, robots_sitemaps, sitemap_urls, xml_kind
from crawler.documents import describe_document, encoding_check
from crawler.items import NoteItem, PageItem
from crawler.links import Link, extract_links, looks_like_sitemap_page, normalize_url, parse_html
from crawler.page_info import describe_html
from crawler.scope import in_scope
from crawler.store import RunStore
from crawler.traps import TrapGuard, strip_session

DEFAULT_MAX_PAGES = 3000
DEFAULT_MAX_SECONDS = 1800


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, body: str, site: str, store_path: str, max_pages: int = DEFAULT_MAX_PAGES,
                 max_seconds: float = DEFAULT_MAX_SECONDS, year_now: int | None = None,
                 robots_policy: str = "obey", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.body, self.site = body, site
        self.max_pages, self.max_seconds = int(max_pages), float(max_seconds)
        self.robots_policy = robots_policy
        self.robots: Protego | None = None
        self.traps = TrapGuard(year_now=year_now or date.today().year)
        self.started = time.monotonic()
        self.limit_reported: set[str] = set()
        store = RunStore(store_path)
        try:
            self.seen: set[str] = store.page_urls(body)
            self.pending = self._resume_frontier(store) if self.seen else [urljoin(site, "/robots.txt"), site]
        finally:
            store.close()
        self.stored = len(self.seen)

    def _resume_frontier(self, store: RunStore) -> list[str]:
        targets = {dst for _src, dst, _kind, _t in store.edges(self.body) if in_scope(dst, self.site)}
        frontier = sorted(targets - self.seen)
        if self.site not in self.seen:
            frontier.insert(0, self.site)
        return frontier

    async def start(self) -> Any:  # Scrapy >= 2.13 entry point
        for item in self.start_requests():
            yield item

    def start_requests(self) -> Iterator[scrapy.Request]:
        for url in self.pending:
            self.seen.add(url)
            yield self._request(url)

    def _request(self, url: str) -> scrapy.Request:
        # HTTPERROR_ALLOW_ALL passes error statuses to parse_page; redirects are followed by the spider itself.
        return scrapy.Request(url, callback=self.parse_page, errback=self.on_error, dont_filter=True)

    # -- responses --------------------------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[Any]:
        url = normalize_url(response.url)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        info: dict[str, Any] = {"headers": _headers(response)}
        yield from self._robots_override_note(url)
        if 300 <= response.status < 400 and response.headers.get(b"Location"):
            yield from self._redirect(response, url, info)
            return
        if url.endswith("/robots.txt"):
            yield from self._robots(response, url, content_type, info)
            return
        kind = xml_kind(response.body) if 200 <= response.status < 300 and response.body else None
        if kind:
            yield from self._xml(response, url, content_type, info, kind)
            return
        lang = title = None
        links: list[Link] = []
        if isinstance(response, TextResponse) and content_type and "html" in content_type.lower():
            info["encoding"] = response.encoding
            info["encoding_check"] = encoding_check(response.body, content_type)
            doc = parse_html(response.text)
            if doc is not None:
                lang = (doc.get("lang") or doc.get("xml:lang") or "").strip().lower()[:10] or None
                title_el = doc.find(".//title")
                title = " ".join((title_el.text_content() if title_el is not None else "").split())[:300] or None
                is_sitemap = looks_like_sitemap_page(doc, url)
                info["is_sitemap"] = is_sitemap
                if 200 <= response.status < 300:  # error pages' links are not the site's navigation
                    links = extract_links(doc, url, is_sitemap=is_sitemap)
                    info.update(describe_html(doc, url, links))
        elif 200 <= response.status < 300 or response.status in (401, 403):
            info["document"] = describe_document(url, content_type, response.body, response.status)
        edges = [(url, link.url, link.kind, link.text) for link in links]
        edges += [(url, feed, "feed", "") for feed in info.get("feeds", []) if in_scope(feed, self.site)]
        yield PageItem(body=self.body, site=self.site, url=url, final_url=url, status=response.status,
                       content_type=content_type, content=response.body, lang=lang, title=title, info=info,
                       edges=edges)
        self.stored += 1
        yield from self._follow(dst for _src, dst, _kind, _text in edges)

    def _redirect(self, response: Response, url: str, info: dict[str, Any]) -> Iterator[Any]:
        """Every hop is stored, so a resumed crawl never re-fetches a stored page through an unknown redirect."""
        target = normalize_url(urljoin(url, response.headers[b"Location"].decode("latin-1")))
        info["redirect_to"] = target
        yield PageItem(body=self.body, site=self.site, url=url, final_url=target, status=response.status,
                       content_type=None, content=None, info=info, edges=[(url, target, "redirect", "")])
        self.stored += 1
        if not in_scope(target, self.site):
            yield NoteItem(self.body, f"redirect from {url} leaves the site to {target}; not followed", url=url)
            return
        yield from self._follow([target])

    def _robots(self, response: Response, url: str, content_type: str | None, info: dict[str, Any]) -> Iterator[Any]:
        text = response.text if isinstance(response, TextResponse) and response.status == 200 else ""
        if text:
            self.robots = Protego.parse(text)
        sitemaps = [u for u in robots_sitemaps(text, url) if in_scope(u, self.site)]
        info["sitemaps"] = sitemaps
        targets = sitemaps or [urljoin(self.site, "/sitemap.xml")]
        yield PageItem(body=self.body, site=self.site, url=url, final_url=url, status=response.status,
                       content_type=content_type, content=response.body, info=info,
                       edges=[(url, t, "xml_sitemap", "") for t in targets])
        self.stored += 1
        yield from self._follow(targets)

    def _xml(self, response: Response, url: str, content_type: str | None, info: dict[str, Any],
             kind: str) -> Iterator[Any]:
        if kind in ("urlset", "sitemapindex"):
            urls = [normalize_url(u) for u in sitemap_urls(response.body, url)]
            info["xml_sitemap"] = {"kind": kind, "urls": len(urls)}
            edge_kind = "xml_sitemap"
        else:
            items = feed_items(response.body, url)
            info["feed"] = {"kind": kind, "items": items[:200]}
            urls = [normalize_url(i["link"]) for i in items if i.get("link")]
            edge_kind = "feed"
        yield PageItem(body=self.body, site=self.site, url=url, final_url=url, status=response.status,
                       content_type=content_type, content=response.body, info=info,
                       edges=[(url, u, edge_kind, "") for u in urls])
        self.stored += 1
        yield from self._follow(urls)

    # -- frontier -----------------------------------------------------------------------------------------
    def _follow(self, urls: Iterable[str]) -> Iterator[Any]:
        for target in urls:
            target = strip_session(target)
            if target in self.seen or not in_scope(target, self.site):
                continue
            if self.stored + 1 > self.max_pages:
                yield from self._limit("pages", f"page cap of {self.max_pages} reached; the rest of the site was "
                                       "not crawled (raise audit.max_pages_per_site to crawl more)", target)
                return
            if time.monotonic() - self.started > self.max_seconds:
                yield from self._limit("time", f"time cap of {self.max_seconds:.0f} s for this site reached; the "
                                       "rest was not crawled (raise audit.max_seconds_per_site)", target)
                return
            self.seen.add(target)
            if self.traps.check(target):
                continue
            yield self._request(target)

    def _limit(self, which: str, message: str, url: str) -> Iterator[Any]:
        if which not in self.limit_reported:
            self.limit_reported.add(which)
            yield NoteItem(self.body, message, url=url, level="warning")

    def _robots_override_note(self, url: str) -> Iterator[Any]:
        if self.robots_policy != "obey" and self.robots and not self.robots.can_fetch(url, "*") \
                and not url.endswith("/robots.txt"):
            yield NoteItem(self.body, f"read although robots.txt disallows it (audit policy "
                           f"robots_policy={self.robots_policy})", url=url, level="info")

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = getattr(failure, "request", None)
        url = normalize_url(request.url) if request is not None else self.site
        reason = failure.getErrorMessage() or failure.type.__name__
        kind = failure.type.__name__ if failure.type else "Error"
        error = f"{kind}: {reason}"[:500]
        if any(word in reason.lower() for word in ("maxsize", "max size", "warnsize")):
            error = f"size cap: {error}"
            yield NoteItem(self.body, f"page larger than the byte cap; not stored ({reason[:200]})", url=url)
        yield PageItem(body=self.body, site=self.site, url=url, final_url=None, status=None, content_type=None,
                       content=None, error=error)

    def closed(self, reason: str) -> None:
        if self.traps.cut:
            store = RunStore(self.settings.get("GOVAUDIT_STORE"))
            try:
                for message in self.traps.report():
                    store.add_note("crawl", message, body=self.body, url=self.site)
            finally:
                store.close()


def _headers(response: Response) -> dict[str, str]:
    keep = ("content-type", "content-length", "last-modified", "content-disposition", "location", "retry-after")
    out = {}
    for key in keep:
        value = response.headers.get(key)
        if value:
            out[key] = value.decode("latin-1")
    return out
