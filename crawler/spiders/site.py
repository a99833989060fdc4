"""SiteSpider: crawls one body's stand-alone site over HTTP, storing every page, status and link edge.

Every in-scope URL is fetched once (documents included, for status, type and size); external links are
recorded as edges but not fetched. The spider follows redirects itself and stores each hop as a zero-click
`redirect` edge, so the click-depth graph follows what a browser does. Discovery starts from robots.txt and the
XML sitemaps it names (or /sitemap.xml), and feeds linked from pages are read too. On resume, already stored pages
are not fetched again: the frontier is rebuilt from stored edges whose targets have no stored page, and goes
through the same session-id normalisation, trap guard, gate and caps as a fresh crawl's links.

Links that are not anchors (crawler/links.py: options of a navigating select box, menu items a script builds from
data, `onclick` navigation, GET filter-form submissions within a cap per form, `<link rel="next">`) are followed
the same way, through the same gate, trap guard and caps; a filter form whose combinations were cut is noted.

Every request passes the site's `Gate` (crawler/gate.py): a host's robots.txt is fetched once, before any other
request to that host (URLs found meanwhile wait for it), and a disallowed URL is stored as a page that was not
requested. This replaces Scrapy's RobotsTxtMiddleware, whose shared-Deferred path let concurrent first requests
through while robots.txt was being fetched.
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
from crawler.filter_forms import filter_forms
from crawler.gate import OFF_SCOPE, ROBOTS_DISALLOWED, Gate, host_key, robots_url
from crawler.items import NoteItem, PageItem
from crawler.links import Link, extract_links, looks_like_sitemap_page, normalize_url, parse_html_checked, stream_links
from crawler.page_info import describe_html
from crawler.sniff import binary_kind
from crawler.store import RunStore
from crawler.traps import TrapGuard, strip_session

DEFAULT_MAX_PAGES = 3000
DEFAULT_MAX_SECONDS = 1800
DEFAULT_MAX_REDIRECTS = 10
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 §2.3.1.2


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, body: str, site: str, store_path: str, max_pages: int = DEFAULT_MAX_PAGES,
                 max_seconds: float = DEFAULT_MAX_SECONDS, year_now: int | None = None,
                 robots_policy: str = "obey", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.body, self.site = body, site
        self.max_pages, self.max_seconds = int(max_pages), float(max_seconds)
        self.max_redirects = DEFAULT_MAX_REDIRECTS
        self.robots_policy = robots_policy
        self.gate = Gate(site, robots_policy=robots_policy)
        self.robots: Protego | None = None
        # host -> (url, meta) found before that host's robots.txt was read; released when it is
        self.waiting: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.traps = TrapGuard(year_now=year_now or date.today().year)
        self.started = time.monotonic()
        self.limit_reported: set[str] = set()
        self.forms_noted: set[str] = set()  # filter forms whose combinations were cut, named once each
        store = RunStore(store_path)
        try:
            self.seen: set[str] = store.page_urls(body)
            self.pending = self._resume_frontier(store) if self.seen else [(site, {})]
        finally:
            store.close()
        self.stored = len(self.seen)

    def _resume_frontier(self, store: RunStore) -> list[tuple[str, dict[str, Any]]]:
        """Links of stored pages that were not fetched yet, to be offered to `_follow` like fresh links.

        The state a fresh crawl would have built is rebuilt first: the robots.txt rules already read, and the
        trap guard's counts of the URLs already requested, so the guard cuts the same URLs again.
        """
        pages = {page.url: page for page in store.pages(self.body, with_content=False)}
        for url, page in pages.items():
            if url != robots_url(url):
                self.traps.check(url)  # every stored URL once passed the guard in _follow
                continue
            for _hop in range(ROBOTS_MAX_REDIRECTS + 1):  # the file may sit behind redirects
                if not page.info.get("redirect_to") or page.info["redirect_to"] not in pages:
                    break
                page = pages[page.info["redirect_to"]]
            if page.status is None or page.info.get("redirect_to"):
                continue  # not read to the end before the interruption: read again
            text = store.page_content(self.body, page.url) if page.status == 200 else None
            self._prime_robots(host_key(url), text.decode("utf-8", "replace") if text else None)
        # a redirect chain goes on counting its hops where it was interrupted; a cut chain stays cut
        redirected_from = {p.info["redirect_to"]: url for url, p in pages.items() if p.info.get("redirect_to")}
        cut = {p.info["redirect_to"] for p in pages.values() if p.info.get("redirect_cut")}
        targets = {dst for _src, dst, _kind, _t in store.edges(self.body)} - self.seen - cut
        frontier = [(url, _chain_meta(url, redirected_from)) for url in sorted(targets)]
        if self.site not in self.seen:
            frontier.insert(0, (self.site, {}))
        return frontier

    async def start(self) -> Any:  # Scrapy >= 2.13 entry point
        for item in self.start_requests():
            yield item

    def start_requests(self) -> Iterator[Any]:
        self.max_redirects = self.settings.getint("GOVAUDIT_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS)
        for url, meta in self.pending:
            yield from self._follow([url], meta)

    def _request(self, url: str, meta: dict[str, Any] | None = None) -> scrapy.Request:
        # HTTPERROR_ALLOW_ALL passes error statuses to parse_page; redirects are followed by the spider itself.
        return scrapy.Request(url, callback=self.parse_page, errback=self.on_error, dont_filter=True,
                              meta=dict(meta or {}))

    # -- responses --------------------------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[Any]:
        url = normalize_url(response.url)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        info: dict[str, Any] = {"headers": _headers(response)}
        yield from self._robots_override_note(url)
        if 300 <= response.status < 400 and response.headers.get(b"Location"):
            yield from self._redirect(response, url, info)
            return
        if "robots_for" in response.meta:
            yield from self._robots(response, url, content_type, info)
            return
        kind = xml_kind(response.body) if 200 <= response.status < 300 and response.body else None
        if kind:
            yield from self._xml(response, url, content_type, info, kind)
            return
        lang = title = None
        links: list[Link] = []
        binary = binary_kind(response.body) if content_type and "html" in content_type.lower() else None
        if binary:
            info["served_as"] = content_type
            yield NoteItem(self.body, f"served as {content_type} but the bytes are {binary}; stored as a file, "
                           "not read as a page", url=url, level="warning")
        if not binary and isinstance(response, TextResponse) and content_type and "html" in content_type.lower():
            info["encoding"] = response.encoding
            info["encoding_check"] = encoding_check(response.body, content_type)
            doc, too_deep = parse_html_checked(response.text)
            if too_deep:
                info["too_deep"] = True
                yield NoteItem(self.body, "elements nested deeper than the HTML parser reads; the links were "
                               "read with a streaming parser, the page's other checks see only the top part",
                               url=url, level="warning")
            if doc is not None:
                lang = (doc.get("lang") or doc.get("xml:lang") or "").strip().lower()[:10] or None
                title_el = doc.find(".//title")
                title = " ".join((title_el.text_content() if title_el is not None else "").split())[:300] or None
                is_sitemap = looks_like_sitemap_page(doc, url)
                info["is_sitemap"] = is_sitemap
                if 200 <= response.status < 300:  # error pages' links are not the site's navigation
                    links = extract_links(doc, url, is_sitemap=is_sitemap)
                    if too_deep:
                        known = {link.url for link in links}
                        links += [link for link in stream_links(response.text, url) if link.url not in known]
                    info.update(describe_html(doc, url, links))
                    yield from self._filter_cap_notes(doc, url)
        elif 200 <= response.status < 300 or response.status in (401, 403):
            info["document"] = describe_document(url, content_type, response.body, response.status)
        edges = [(url, link.url, link.kind, link.text) for link in links]
        edges += [(url, feed, "feed", "") for feed in info.get("feeds", []) if self.gate.in_scope(feed)]
        yield PageItem(body=self.body, site=self.site, url=url, final_url=url, status=response.status,
                       content_type=content_type, content=response.body, lang=lang, title=title, info=info,
                       edges=edges)
        self.stored += 1
        yield from self._follow(dst for _src, dst, _kind, _text in edges)

    def _redirect(self, response: Response, url: str, info: dict[str, Any]) -> Iterator[Any]:
        """Every hop is stored, so a resumed crawl never re-fetches a stored page through an unknown redirect."""
        target = normalize_url(urljoin(url, response.headers[b"Location"].decode("latin-1")))
        info["redirect_to"] = target
        hops = response.meta.get("redirect_hops", 0) + 1
        chain_start = response.meta.get("redirect_start", url)
        meta = {"redirect_hops": hops, "redirect_start": chain_start}
        if hops > self.max_redirects and "robots_for" not in response.meta:
            info["redirect_cut"] = self.max_redirects  # named once per chain by crawler.health
        yield PageItem(body=self.body, site=self.site, url=url, final_url=target, status=response.status,
                       content_type=None, content=None, info=info, edges=[(url, target, "redirect", "")])
        self.stored += 1
        if "robots_for" in response.meta:
            if hops <= ROBOTS_MAX_REDIRECTS and self.gate.in_scope(target) and target not in self.seen:
                self.seen.add(target)
                yield self._request(target, {**meta, "robots_for": response.meta["robots_for"]})
            else:  # unreachable robots.txt: nothing is disallowed (RFC 9309 §2.3.1.3)
                yield from self._robots_read(response.meta["robots_for"], None)
            return
        if not self.gate.in_scope(target):
            yield NoteItem(self.body, f"redirect from {url} leaves the site to {target}; not followed", url=url)
            return
        if "redirect_cut" in info:
            return
        yield from self._follow([target], meta)

    def _robots(self, response: Response, url: str, content_type: str | None, info: dict[str, Any]) -> Iterator[Any]:
        text = response.text if isinstance(response, TextResponse) and response.status == 200 else ""
        sitemaps = [u for u in robots_sitemaps(text, url) if self.gate.in_scope(u)]
        info["sitemaps"] = sitemaps
        key = response.meta["robots_for"]
        targets = (sitemaps or [urljoin(self.site, "/sitemap.xml")]) if key == host_key(self.site) else sitemaps
        yield PageItem(body=self.body, site=self.site, url=url, final_url=url, status=response.status,
                       content_type=content_type, content=response.body, info=info,
                       edges=[(url, t, "xml_sitemap", "") for t in targets])
        self.stored += 1
        yield from self._robots_read(key, text or None)
        yield from self._follow(targets)

    def _prime_robots(self, key: str, text: str | None) -> None:
        self.gate.set_robots(key + "/robots.txt", text)
        if key == host_key(self.site) and text:
            self.robots = Protego.parse(text)

    def _robots_read(self, key: str, text: str | None) -> Iterator[Any]:
        """The robots.txt of host `key` is known now: record it and release what waited for it."""
        self._prime_robots(key, text)
        for url, meta in self.waiting.pop(key, []):
            yield from self._gated(url, meta)

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
    def _follow(self, urls: Iterable[str], meta: dict[str, Any] | None = None) -> Iterator[Any]:
        for target in urls:
            target = strip_session(target)
            if target in self.seen or not self.gate.in_scope(target):
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
            yield from self._dispatch(target, meta or {})

    def _dispatch(self, url: str, meta: dict[str, Any]) -> Iterator[Any]:
        """Request `url` once its host's robots.txt is known; the first URL of a host asks for that file."""
        if self.gate.robots_known(url):
            yield from self._gated(url, meta)
            return
        key = host_key(url)
        first = key not in self.waiting
        self.waiting.setdefault(key, []).append((url, meta))
        if first:  # (a robots.txt stored by an interrupted session but not read to the end is read again)
            probe = robots_url(url)
            self.seen.add(probe)
            yield self._request(probe, {"robots_for": key})

    def _gated(self, url: str, meta: dict[str, Any]) -> Iterator[Any]:
        if url == robots_url(url):
            return  # already read as the host's robots.txt
        refusal = self.gate.refusal(url)
        if refusal == ROBOTS_DISALLOWED:
            # stored as a page that was not requested, so the report can say why it is missing
            yield PageItem(body=self.body, site=self.site, url=url, final_url=None, status=None,
                           content_type=None, content=None, error="robots.txt disallows it; not requested")
            return
        if refusal == OFF_SCOPE:
            return
        yield self._request(url, meta)

    def _filter_cap_notes(self, doc: Any, url: str) -> Iterator[Any]:
        """A filter form with more option combinations than the cap: say how many were requested."""
        for form in filter_forms(doc, url):
            if form.combinations > len(form.urls) and form.action not in self.forms_noted:
                self.forms_noted.add(form.action)
                yield NoteItem(self.body, f"filter form {form.action} allows {form.combinations} option "
                               f"combinations; {len(form.urls)} were requested (the cap per form)", url=url,
                               level="info")

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
        # Scrapy cancels a download that outgrows DOWNLOAD_MAXSIZE (a chunked body has no length to refuse
        # up front); nothing else here cancels downloads.
        if kind in ("CancelledError", "DownloadCancelledError") or \
                any(word in reason.lower() for word in ("maxsize", "max size", "warnsize")):
            cap = self.settings.getint("DOWNLOAD_MAXSIZE")
            error = f"size cap: larger than {cap} bytes ({error})"
            yield NoteItem(self.body, f"page larger than the byte cap of {cap} bytes; not stored", url=url)
        yield PageItem(body=self.body, site=self.site, url=url, final_url=None, status=None, content_type=None,
                       content=None, error=error)
        if request is not None and "robots_for" in request.meta:
            yield from self._robots_read(request.meta["robots_for"], None)

    def closed(self, reason: str) -> None:
        if self.traps.cut:
            store = RunStore(self.settings.get("GOVAUDIT_STORE"))
            try:
                for message in self.traps.report():
                    store.add_note("crawl", message, body=self.body, url=self.site)
            finally:
                store.close()


def _chain_meta(url: str, redirected_from: dict[str, str]) -> dict[str, Any]:
    """The redirect meta a request for `url` carried when it was found as a redirect target."""
    chain = [url]
    while chain[-1] in redirected_from and redirected_from[chain[-1]] not in chain:
        chain.append(redirected_from[chain[-1]])
    hops = len(chain) - 1
    return {"redirect_hops": hops, "redirect_start": chain[-1]} if hops else {}


def _headers(response: Response) -> dict[str, str]:
    keep = ("content-type", "content-length", "last-modified", "content-disposition", "location", "retry-after")
    out = {}
    for key in keep:
        value = response.headers.get(key)
        if value:
            out[key] = value.decode("latin-1")
    return out
