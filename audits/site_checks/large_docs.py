"""a4.2.8 navigation within large documents: (1) meaningful blocks, (2) anchors in NPA texts; -0.2 per fact.

A large document is found by length OR structure (issue #13 item 3): a page whose content block (crawler/page_types
`content_block`: <main>, else the block around the page heading, so menus are not counted) has at least
`large_doc_chars` characters; or a material page (crawler/page_types.py: act, report, document, news, …) whose text
has at least `large_doc_structure_chars` characters and is structured as a long document — an anchor table of
contents or at least `large_doc_min_headings` sub-headings; or the other-language version (the page's stored
language counterpart, of the same page type) of such a document: a translation is the same document, so a Kazakh
version published as one block of text beside a Russian one in chapters is a document not divided into blocks.
An NPA text is a page typed npa, or one whose title/heading/URL names an act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from audits.site_checks.common import score_facts, visible_text
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import Finding, evidence, finding
from core.site_check_settings import SiteCheckSettings
from core.site_pages import text_of
from crawler.page_types import content_block, is_material, stored_or_classified

NPA_WORDS = re.compile(r"приказ|постановлени|закон|кодекс|правил|положени|регламент|указ|решени|бұйрық|қаулы|заң|"
                       r"кодекс|қағида|ереже|шешім|жарлық|order|resolution|\blaw\b|rules|regulation|decree|code\b",
                       re.I)
SUBHEADINGS = ("h2", "h3", "h4", "h5", "h6")


def in_page_anchors(main, doc) -> int:
    ids = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
    ids |= {a.get("name") for a in doc.iter("a") if a.get("name")}
    hrefs = {(a.get("href") or "")[1:] for a in main.iter("a") if (a.get("href") or "").startswith("#")}
    return len({h for h in hrefs if h and h in ids})


@dataclass(frozen=True)
class Measure:
    url: str
    page_type: str
    chars: int
    headings: int
    anchors: int
    npa: bool

    def to_dict(self, why: str) -> dict[str, Any]:
        return {"url": self.url, "type": self.page_type, "chars": self.chars, "headings": self.headings,
                "anchors": self.anchors, "npa": self.npa, "large_by": why}


def measure(page: PageArtifact, page_type: str) -> Measure | None:
    doc = page.doc
    if doc is None:
        return None
    main = content_block(doc)
    headings = [h for h in main.iter(*SUBHEADINGS) if text_of(h)]
    title = " ".join(filter(None, (page.title, text_of(doc.find(".//h1")), urlsplit(page.url).path)))
    npa = page_type == "npa" or (page_type in ("section", "document") and bool(NPA_WORDS.search(title)))
    return Measure(page.url, page_type, len(visible_text(main)), len(headings), in_page_anchors(main, doc), npa)


def large_by(m: Measure, cfg: SiteCheckSettings) -> str | None:
    """Why a page is a large document by its own text, or None."""
    if m.chars >= cfg.large_doc_chars:
        return f"length ≥ {cfg.large_doc_chars}"
    if is_material(m.page_type) and m.chars >= cfg.large_doc_structure_chars:
        if m.anchors >= 2:
            return f"anchor table of contents, length ≥ {cfg.large_doc_structure_chars}"
        if m.headings >= cfg.large_doc_min_headings:
            return f"{m.headings} sub-headings, length ≥ {cfg.large_doc_structure_chars}"
    return None


def large_documents(site: SiteArtifacts, cfg: SiteCheckSettings) -> list[dict[str, Any]]:
    everything = site.all_html_pages()  # the other-language versions are compared too
    in_scope = {p.url for p in site.html_pages()}
    types = stored_or_classified({p.url: p for p in everything}, site.site, site.home)
    measures = {p.url: m for p in everything if (m := measure(p, types[p.url].type)) is not None}
    large = {u: why for u, m in measures.items() if (why := large_by(m, cfg)) is not None}
    for url, m in measures.items():  # the other-language versions of a large document
        if url in large:
            continue
        for other in (site.pages[url].info.get("counterparts") or {}).values():
            if other != url and other in large and other in measures and measures[other].page_type == m.page_type \
                    and is_material(m.page_type):
                large[url] = f"language version of the large document {other}"
                break
    return [measures[u].to_dict(why) for u, why in sorted(large.items()) if u in in_scope]


def audit_large_documents(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    reading = (f"A-8/2.8: a large document is a page whose main text has ≥ {cfg.large_doc_chars} characters, or a "
               f"material page of ≥ {cfg.large_doc_structure_chars} characters with an anchor table of contents or "
               f"≥ {cfg.large_doc_min_headings} sub-headings (and its other-language versions); (1) it is split into "
               "blocks (≥ 2 sub-headings h2-h6 in the main content), (2) an NPA text among them has ≥ 2 in-page links "
               "(anchors) to its parts; each unmet requirement is one fact of -0.2")
    large = large_documents(site, cfg)
    if not large:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.8", verdict="not_applicable",
                       points=None, max_points=0.4, reading=reading,
                       note=f"no page with ≥ {cfg.large_doc_chars} characters of main text and no structured "
                            "long material",
                       evidence_items=[evidence(site.home, snippet="no large documents found")])
    no_blocks = [d for d in large if d["headings"] < 2]
    npa = [d for d in large if d["npa"]]
    no_anchors = [d for d in npa if d["anchors"] < 2]
    items = [evidence(d["url"], selector="main", snippet=f"{d['chars']} characters, {d['headings']} sub-headings, "
                      f"{d['anchors']} in-page anchors{' (NPA text)' if d['npa'] else ''}; large by {d['large_by']}",
                      measured=d)
             for d in sorted(large, key=lambda d: (d in no_blocks or d in no_anchors, d["url"]), reverse=True)[:10]]
    facts = {"blocks": not no_blocks, "anchors": not no_anchors}
    note = (f"{len(large)} large documents ({len(npa)} NPA texts); {len(no_blocks)} without blocks, "
            f"{len(no_anchors)} NPA texts without anchors")
    return score_facts(site=site, indicator="a4.2.8", max_points=0.4, unit=0.2, facts=facts, reading=reading,
                       counts={"blocks": len(no_blocks), "anchors": len(no_anchors)}, facts_per=cfg.facts_per,
                       evidence_items=items, note=note)
