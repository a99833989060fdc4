"""Builds small SiteArtifacts from HTML snippets for the pure-audit tests (no crawling)."""

from __future__ import annotations

from typing import Any

from core.artifacts import PageArtifact, SiteArtifacts
from crawler.links import extract_links, looks_like_sitemap_page, parse_html

BASE = "http://site.test"


def html(body: str, *, lang: str = "ru", title: str = "Страница", head: str = "") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{body}</body></html>")


def make_site(pages: dict[str, Any], *, start: str = "/", extra: dict[str, Any] | None = None,
              body: str = "b", base: str = BASE) -> SiteArtifacts:
    """pages: path -> HTML string (200), or (status, html-or-None[, content_type][, redirect_to])."""
    arts: dict[str, PageArtifact] = {}
    edges = []
    for path, spec in pages.items():
        url = base + path
        if isinstance(spec, str):
            spec = (200, spec)
        status, text = spec[0], spec[1]
        ctype = spec[2] if len(spec) > 2 and spec[2] else ("text/html; charset=utf-8" if text is not None else None)
        info: dict[str, Any] = {}
        if len(spec) > 3 and spec[3]:
            info["redirect_to"] = base + spec[3]
            edges.append((url, base + spec[3], "redirect", ""))
        page = PageArtifact(url=url, status=status, content_type=ctype, html=text or "", info=info)
        if page.is_html and text:
            doc = parse_html(text)
            page.lang = doc.get("lang")
            t = doc.find(".//title")
            page.title = t.text_content() if t is not None else None
            page.info["is_sitemap"] = looks_like_sitemap_page(doc, url)
            if 200 <= status < 300:
                edges += [(url, link.url, link.kind, link.text) for link in extract_links(doc, url)]
        arts[url] = page
    return SiteArtifacts(body=body, site=base + start, pages=arts, edges=edges, extra=extra or {})
