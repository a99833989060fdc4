"""Helpers shared by the site checks: same host, visible text, links, scoring by facts (the page language, language
homes and home pages are core/site_pages.py's)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from lxml import etree

from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import Evidence, Finding, finding, verdict_for


def same_host(site: SiteArtifacts, url: str) -> bool:
    return urlsplit(url).netloc == urlsplit(site.site).netloc


def visible_text(el: etree._Element) -> str:
    parts = []
    for node in el.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template"):
            continue
        if node.text and node.getparent() is not None:
            parts.append(node.text)
        if node.tail and node is not el:
            parts.append(node.tail)
    return " ".join(" ".join(parts).split())


def links(doc: etree._Element, base: str) -> Iterable[tuple[etree._Element, str]]:
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        yield a, urljoin(base, href)


def score_facts(*, site: SiteArtifacts, indicator: str, max_points: float, unit: float, facts: dict[str, bool | None],
                reading: str, evidence_items: list[Evidence], note: str = "", counts: dict[str, int] | None = None,
                facts_per: str = "requirement", **extra: object) -> Finding:
    """A deduction indicator: each failed requirement (False) takes `unit` off, or with facts_per="instance" each
    offending instance counted in `counts` does (A-10); an unknown requirement (None) = not assessed."""
    failed = [k for k, ok in facts.items() if ok is False]
    unknown = [k for k, ok in facts.items() if ok is None]
    deductions = len(failed)
    if facts_per == "instance" and counts is not None:
        deductions = sum(max(1, counts.get(k, 1)) for k in failed)
    summary = {"requirements": facts, "failed": failed, "facts": deductions, "facts_per": facts_per}
    reading = f"{reading} [A-10 facts_per={facts_per}]" if counts is not None else reading
    if unknown:
        return finding(body=site.body, site=site.site, lang=None, indicator=indicator, verdict="not_assessed",
                       points=None, max_points=max_points, reading=reading, evidence_items=evidence_items,
                       note=f"could not check: {', '.join(unknown)}. {note}".strip(), measured=summary, **extra)
    points = max(0.0, max_points - unit * deductions)
    return finding(body=site.body, site=site.site, lang=None, indicator=indicator,
                   verdict=verdict_for(points, max_points), points=points, max_points=max_points, reading=reading,
                   evidence_items=evidence_items, measured=summary,
                   note=note or (f"failed: {', '.join(failed)}" if failed else "all requirements met"), **extra)


def presence(*, site: SiteArtifacts, indicator: str, max_points: float, found: bool, reading: str,
             evidence_items: list[Evidence], note: str) -> Finding:
    """An all-or-nothing indicator (A-8)."""
    return finding(body=site.body, site=site.site, lang=None, indicator=indicator,
                   verdict="pass" if found else "fail", points=max_points if found else 0.0, max_points=max_points,
                   reading=reading, evidence_items=evidence_items, note=note)


def first_match(pages: Iterable[PageArtifact], pattern: re.Pattern[str]) -> tuple[PageArtifact, str] | None:
    for page in pages:
        if page.doc is None:
            continue
        m = pattern.search(visible_text(page.doc))
        if m:
            return page, m.group(0)
    return None
