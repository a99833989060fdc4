"""What an audit sees of a site: its stored pages and link edges, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from core.html import parse_html


@dataclass
class PageArtifact:
    url: str
    status: int | None
    content_type: str | None
    html: str = ""
    lang: str | None = None
    title: str | None = None
    error: str | None = None
    final_url: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    content: bytes | None = None  # raw bytes of PDF documents (loader), for the text-layer check

    @property
    def is_html(self) -> bool:
        return bool(self.content_type and "html" in self.content_type.lower())

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def is_redirect(self) -> bool:
        return self.status is not None and 300 <= self.status < 400

    @property
    def dead(self) -> bool:
        """A link to this URL does not work: an HTTP error status or a failed fetch (not a robots skip)."""
        if self.error:
            return "robots" not in self.error.lower()
        return self.status is not None and self.status >= 400

    @cached_property
    def doc(self) -> etree._Element | None:
        return parse_html(self.html) if self.is_html and self.html else None


@dataclass
class SiteArtifacts:
    body: str
    site: str  # the start URL from the targets file
    pages: dict[str, PageArtifact]
    edges: list[tuple[str, str, str, str]]  # (src, dst, kind, text)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def home(self) -> str:
        """The home page as a browser lands on it (the start URL after redirects)."""
        page = self.pages.get(self.site)
        seen = set()
        url = self.site
        while page and page.is_redirect and page.info.get("redirect_to") and url not in seen:
            seen.add(url)
            url = page.info["redirect_to"]
            page = self.pages.get(url)
        return url

    def home_problem(self) -> str | None:
        """Why the site cannot be audited at all (its home page failed), or None."""
        page = self.pages.get(self.home)
        if page is None:
            return f"the home page {self.site} was not fetched"
        if page.error:
            return f"the home page {self.home} could not be fetched: {page.error}"
        if page.status is None or page.status >= 400:
            return f"the home page {self.home} answered HTTP {page.status}"
        if not page.is_html:
            return f"the home page {self.home} is not HTML (Content-Type: {page.content_type})"
        return None

    def html_pages(self) -> list[PageArtifact]:
        """Pages a person reads on this site: fetched OK, HTML, in the site's scope."""
        host = urlsplit(self.site).netloc
        return [p for p in self.pages.values() if p.ok and p.is_html and urlsplit(p.url).netloc == host]

    def all_html_pages(self) -> list[PageArtifact]:
        """html_pages() of every language version, also where a view narrows html_pages() to one version
        (audits/language_scope.py): what an audit compares a page with, e.g. its other-language counterpart."""
        return self.html_pages()
