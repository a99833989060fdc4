"""Link extraction with each link's kind, decided by where it sits in the page.

Kinds: menu (main navigation), breadcrumb, header, footer, lang (language switch), sitemap (links on an HTML
site-map page), content (everything else). Navigation depth audits use the kinds, so the classification
follows what a person sees as navigation, not a particular site's class names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

KINDS = ("menu", "breadcrumb", "header", "footer", "lang", "sitemap", "content")
NAVIGATIONAL_KINDS = frozenset({"menu", "breadcrumb", "sitemap", "header"})

BREADCRUMB_ATTRS = re.compile(r"breadcrumb|crumbs|bread-crumb|path-line|pathway", re.I)
MENU_ATTRS = re.compile(r"(^|[-_\s])(main-?menu|menu|nav|navbar|navigation|topmenu|top-menu|sidebar-menu)([-_\s]|$)",
                   re.I)
FOOTER_ATTRS = re.compile(r"(^|[-_\s])footer([-_\s]|$)", re.I)
_HEADER = re.compile(r"(^|[-_\s])(header|top-bar|topbar)([-_\s]|$)", re.I)
_LANG_CLASS = re.compile(r"(^|[-_\s])(lang|language|langs|lang-switch|languages)([-_\s]|$)", re.I)
_LANG_TEXT = {"қаз", "каз", "қазақша", "казахский", "рус", "русский", "орысша", "eng", "english", "kz", "ru", "en",
              "kk", "қаз.", "рус.", "eng."}
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


@dataclass(frozen=True)
class Link:
    url: str
    kind: str
    text: str
    new_window: bool = False


def normalize_url(url: str) -> str:
    """Drop the fragment; keep the query (it selects content on many gov sites)."""
    return urldefrag(url)[0]


def parse_html(html: str | bytes) -> etree._Element | None:
    """Parse decoded text (preferred: the charset is then already right) or raw bytes; None if unparseable."""
    return parse_html_checked(html)[0]


def parse_html_checked(html: str | bytes) -> tuple[etree._Element | None, bool]:
    """As `parse_html`, and whether the document nests deeper than libxml2 reads (it stops there silently)."""
    if not html:
        return None, False
    parser = lxml.html.HTMLParser()
    try:
        doc = lxml.html.fromstring(html, parser=parser)
    except ValueError:  # a str with an <?xml encoding=...?> declaration: lxml wants bytes then
        if isinstance(html, str):
            return parse_html_checked(html.encode("utf-8"))
        return None, False
    except etree.ParserError:
        return None, False
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return doc, too_deep


class _HrefCollector(HTMLParser):
    """Collects a/area hrefs with a streaming tokenizer, which has no nesting limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "area"):
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def stream_links(html: str, base_url: str) -> list[Link]:
    """Every a/area link of a page as `content` links, however deep it sits (fallback for over-deep pages)."""
    collector = _HrefCollector()
    collector.feed(html)
    collector.close()
    out: dict[str, Link] = {}
    for href in collector.hrefs:
        if href.lower().startswith(_SKIP_SCHEMES):
            continue
        url = normalize_url(urljoin(base_url, href))
        if urlsplit(url).scheme in ("http", "https"):
            out.setdefault(url, Link(url, "content", ""))
    return list(out.values())


def element_attrs(el: etree._Element) -> str:
    """The attributes that name an element's role on the page (class, id, role, aria-label, itemtype)."""
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"), el.get("aria-label"),
                                  el.get("itemtype"))))


def _kind_of(a: etree._Element) -> str:
    text = (a.text_content() or "").strip().lower()
    if a.get("hreflang") or (text in _LANG_TEXT and len(text) <= 10):
        return "lang"
    kind = "content"
    for anc in a.iterancestors():
        tag = anc.tag if isinstance(anc.tag, str) else ""
        attrs = element_attrs(anc)
        if BREADCRUMB_ATTRS.search(attrs) or "BreadcrumbList" in attrs:
            return "breadcrumb"
        if _LANG_CLASS.search(attrs):
            return "lang"
        if tag == "footer" or FOOTER_ATTRS.search(attrs):
            return "footer"
        if kind == "content" and (tag == "nav" or anc.get("role") == "navigation" or MENU_ATTRS.search(attrs)):
            kind = "menu"
        if kind == "content" and (tag == "header" or _HEADER.search(attrs)):
            kind = "header"
    return kind


def extract_links(html: str | bytes | etree._Element, base_url: str, *, is_sitemap: bool = False) -> list[Link]:
    doc = html if isinstance(html, etree._Element) else parse_html(html)
    if doc is None:
        return []
    base = base_url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base_url, base_el.get("href", ""))
    links: list[Link] = []
    for a in doc.iter("a", "area"):
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        url = normalize_url(urljoin(base, href))
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        kind = _kind_of(a)
        if is_sitemap and kind == "content":
            kind = "sitemap"
        text = " ".join((a.text_content() or a.get("title") or "").split())[:200]
        if not text:
            img = a.find(".//img")
            text = (img.get("alt") or "").strip() if img is not None else ""
        links.append(Link(url=url, kind=kind, text=text, new_window=a.get("target") == "_blank"))
    return links


_SITEMAP_WORDS = re.compile(r"карта\s+сайта|сайт\s+картасы|site\s*map|sitemap", re.I)


def looks_like_sitemap_page(doc: etree._Element | None, url: str) -> bool:
    """An HTML site map: its URL or its title/heading says so."""
    path = urlsplit(url).path.lower()
    if re.search(r"(site-?map|karta|map-site)(\.html?)?/?$", path):
        return True
    if doc is None:
        return False
    for el in doc.iter("title", "h1"):
        if _SITEMAP_WORDS.search(el.text_content() or ""):
            return True
    return False
