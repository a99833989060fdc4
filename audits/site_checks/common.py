"""Helpers shared by the site checks: page language, language homes, visible text, scoring by facts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree

from audits.page_features import home_urls
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import Evidence, Finding, finding, verdict_for

LANG_ALIASES = {"kk": "kk", "kz": "kk", "kaz": "kk", "qq": "kk", "ru": "ru", "rus": "ru", "en": "en", "eng": "en"}


def norm_lang(value: str | None) -> str | None:
    if not value:
        return None
    return LANG_ALIASES.get(value.strip().lower().replace("_", "-").split("-")[0])


def page_lang(page: PageArtifact) -> str | None:
    """The page's language: the URL's language segment or ?lang= first (what the site routes by), then <html lang>."""
    parts = urlsplit(page.url)
    segs = [s for s in parts.path.split("/") if s]
    if segs and norm_lang(segs[0]) and len(segs[0]) <= 3:
        return norm_lang(segs[0])
    for key in ("lang", "language", "locale"):
        values = parse_qs(parts.query).get(key)
        if values and norm_lang(values[0]):
            return norm_lang(values[0])
    return norm_lang(page.lang)


def same_host(site: SiteArtifacts, url: str) -> bool:
    return urlsplit(url).netloc == urlsplit(site.site).netloc


def resolve(site: SiteArtifacts, url: str, hops: int = 10) -> PageArtifact | None:
    """The stored page a link lands on, following stored redirects."""
    page = site.pages.get(url)
    while page is not None and page.is_redirect and page.info.get("redirect_to") and hops > 0:
        page = site.pages.get(page.info["redirect_to"])
        hops -= 1
    return page


def language_homes(site: SiteArtifacts) -> dict[str, str]:
    """lang -> the home page of that language version (the landing page and the language roots that exist)."""
    homes: dict[str, str] = {}
    candidates = [site.home] + sorted(home_urls(site.site, site.home))
    candidates += [dst for src, dst, kind, _ in site.edges if src == site.home and kind == "lang"]
    for url in candidates:
        page = resolve(site, url)
        if page is None or not page.ok or not page.is_html:
            continue
        lang = page_lang(page)
        if lang and lang not in homes and _is_home_path(page.url):
            homes[lang] = page.url
    landing = resolve(site, site.home)
    if landing is not None and landing.ok and landing.is_html:
        lang = page_lang(landing)
        if lang and lang not in homes:
            homes[lang] = landing.url
    return homes


def _is_home_path(url: str) -> bool:
    segs = [s for s in urlsplit(url).path.split("/") if s and s not in ("index.html", "index.php")]
    return len(segs) == 0 or (len(segs) == 1 and norm_lang(segs[0]) is not None and len(segs[0]) <= 3)


def is_home(site: SiteArtifacts, url: str) -> bool:
    return url in home_urls(site.site, site.home) or _is_home_path(url)


def text_of(el: etree._Element | None) -> str:
    return " ".join((el.text_content() if el is not None else "").split())


def main_element(doc: etree._Element) -> etree._Element:
    """The page's main content: <main>, role=main, #content/article, else <body>."""
    for xpath in (".//main", ".//*[@role='main']", ".//*[@id='content']", ".//article", ".//*[@id='main']"):
        el = doc.find(xpath) if not xpath.startswith(".//*[@") else next(iter(doc.xpath(xpath)), None)
        if el is not None:
            return el
    body = doc.find(".//body")
    return body if body is not None else doc


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
