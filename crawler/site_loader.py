"""Turns a run store's pages and edges into the plain artifacts that audits read."""

from __future__ import annotations

from core.artifacts import PageArtifact, SiteArtifacts
from core.targets import Body
from crawler.links import looks_like_sitemap_page, parse_html
from crawler.store import RunStore


def load_site(store: RunStore, body: Body, site: str) -> SiteArtifacts:
    pages: dict[str, PageArtifact] = {}
    for p in store.pages(body.key):
        if p.site != site:
            continue
        html = p.text if p.is_html else ""
        info = dict(p.info)
        if p.is_html and "is_sitemap" not in info:  # pages stored by gatherers that did not classify
            info["is_sitemap"] = looks_like_sitemap_page(parse_html(html), p.url)
        pages[p.url] = PageArtifact(url=p.url, status=p.status, content_type=p.content_type, html=html,
                                    lang=p.lang, title=p.title, error=p.error, final_url=p.final_url, info=info,
                                    content=p.content if "pdf" in f"{p.content_type} {p.url[-4:]}".lower() else None)
    urls = set(pages)
    edges = [e for e in store.edges(body.key) if e[0] in urls]
    extra = {kind: store.artifacts(body.key, kind, site) for kind in store.artifact_kinds(body.key, site)}
    return SiteArtifacts(body=body.key, site=site, pages=pages, edges=edges, extra=extra)
