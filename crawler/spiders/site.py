"""SiteSpider: crawls one body's stand-alone site over HTTP, storing every page, status and link edge.

Every in-scope URL is fetched once (documents included, for status, type and size); external links are
recorded as edges but not fetched. Redirects are stored as zero-click `redirect` edges so that the click-depth
graph follows what a browser does. On resume, already stored pages are not fetched again: the frontier is
rebuilt from stored edges whose targets have no stored page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.documents import describe_document, encoding_check
from crawler.items import NoteItem, PageItem
from crawler.links import Link, extract_links, looks_like_sitemap_page, normalize_url, parse_html
from crawler.page_info import describe_html
from crawler.scope import in_scope
from crawler.store import RunStore

DEFAULT_MAX_PAGES = 3000


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, body: str, site: str, store_path: str, max_pages: int = DEFAULT_MAX_PAGES,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.body, self.site = body, site
        self.max_pages = int(max_pages)
        store = RunStore(store_path)
        try:
            self.seen: set[str] = store.page_urls(body)
            self.pending = self._resume_frontier(store) if self.seen else [site]
        finally:
            store.close()
        self.stored = len(self.seen)
        self.cap_reported = False

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
        # HTTPERROR_ALLOW_ALL passes error statuses to parse_page; the per-request handle_httpstatus_all flag
        # would also stop the redirect middleware, so it is not set here.
        return scrapy.Request(url, callback=self.parse_page, errback=self.on_error, dont_filter=True)

    def parse_page(self, response: Response) -> Iterator[Any]:
        url = normalize_url(response.url)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        info: dict[str, Any] = {"headers": _headers(response)}
        if 300 <= response.status < 400 and response.headers.get(b"Location"):
            yield from self._redirect(response, url, info)
            return
        lang = title = None
        links: list[Link] = []
        if isinstance(response, TextResponse) and content_type and "html" in content_type.lower():
            info["encoding"] = response.encoding
            info["encoding_check"] = encoding_check(response.body, content_type)
            doc = parse_html(response.body)
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
        yield PageItem(body=self.body, site=self.site, url=url, final_url=url, status=response.status,
                       content_type=content_type, content=response.body, lang=lang, title=title, info=info,
                       edges=[(url, link.url, link.kind, link.text) for link in links])
        self.stored += 1
        yield from self._follow(link.url for link in links)

    def _redirect(self, response: Response, url: str, info: dict[str, Any]) -> Iterator[Any]:
        """Redirects are followed by the spider itself (not Scrapy's middleware) so that every hop is stored
        and a resumed crawl never re-fetches a stored page through a redirect it did not know about."""
        target = normalize_url(urljoin(url, response.headers[b"Location"].decode("latin-1")))
        info["redirect_to"] = target
        yield PageItem(body=self.body, site=self.site, url=url, final_url=target, status=response.status,
                       content_type=None, content=None, info=info, edges=[(url, target, "redirect", "")])
        self.stored += 1
        if not in_scope(target, self.site):
            yield NoteItem(self.body, f"redirect from {url} leaves the site to {target}; not followed", url=url)
            return
        yield from self._follow([target])

    def _follow(self, urls: Iterable[str]) -> Iterator[Any]:
        for target in urls:
            if target in self.seen or not in_scope(target, self.site):
                continue
            if self.stored + 1 > self.max_pages:
                if not self.cap_reported:
                    self.cap_reported = True
                    yield NoteItem(self.body, f"page cap of {self.max_pages} reached; the rest of the site was "
                                   "not crawled (raise max_pages_per_site to crawl more)", url=target)
                return
            self.seen.add(target)
            yield self._request(target)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = getattr(failure, "request", None)
        url = normalize_url(request.url) if request is not None else self.site
        reason = failure.getErrorMessage() or failure.type.__name__
        kind = failure.type.__name__ if failure.type else "Error"
        yield PageItem(body=self.body, site=self.site, url=url, final_url=None, status=None, content_type=None,
                       content=None, error=f"{kind}: {reason}"[:500])


def _headers(response: Response) -> dict[str, str]:
    keep = ("content-type", "content-length", "last-modified", "content-disposition", "location")
    out = {}
    for key in keep:
        value = response.headers.get(key)
        if value:
            out[key] = value.decode("latin-1")
    return out
