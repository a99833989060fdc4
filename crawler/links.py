"""Link extraction with each link's kind, decided by what the link does on the page, not one site's class names.

Kinds: menu (main navigation, also a hamburger panel and a menu a script builds from data), breadcrumb (the trail
crawler.breadcrumbs finds, however marked up), header, footer, lang (language switch: labelled or flag links, and
the options of a navigating select box), sitemap (links on an HTML site-map page), pager (other pages of a list),
select (options of another navigating select box), content (everything else), and two that are not clicks: form
(GET filter-form submissions, crawler.filter_forms) and pager_hint (<link rel="next">). Navigation depth audits use
the kinds, so the classification follows what a person sees as navigation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

from core.html import parse_html, parse_html_checked
from crawler.breadcrumbs import find_trail
from crawler.filter_forms import filter_forms
from crawler.lang_switch import is_language_select, label_language, link_label, names_lang_switch, select_targets
from crawler.nav_markup import (
    BREADCRUMB_ATTRS,
    FOOTER_ATTRS,
    HEADER_ATTRS,
    element_attrs,
    is_breadcrumb_marked,
    is_nav_like,
    toggled_panels,
)
from crawler.pagination import STOP_TAGS, head_pager_urls, is_pager_link, names_pager
from crawler.script_menus import script_menu

KINDS = ("menu", "breadcrumb", "header", "footer", "lang", "sitemap", "pager", "select", "content", "form",
         "pager_hint")
NAVIGATIONAL_KINDS = frozenset({"menu", "breadcrumb", "sitemap", "header"})
# kept for importers of the old names
MENU_ATTRS = re.compile(r"(^|[-_\s])(main-?menu|menu|nav|navbar|navigation|topmenu|top-menu|sidebar-menu)([-_\s]|$)",
                        re.I)
__all__ = ["BREADCRUMB_ATTRS", "FOOTER_ATTRS", "KINDS", "MENU_ATTRS", "NAVIGATIONAL_KINDS", "Link", "element_attrs",
           "extract_links", "looks_like_sitemap_page", "normalize_url", "parse_html", "parse_html_checked",
           "stream_links"]
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")
# caps on what one page's non-anchor structures can add (a hostile page could hold thousands of boxes and forms)
MAX_SELECT_OPTIONS = 200
MAX_SELECTS = 20
MAX_FILTER_FORMS = 5


@dataclass(frozen=True)
class Link:
    url: str
    kind: str
    text: str
    new_window: bool = False


def normalize_url(url: str) -> str:
    """Drop the fragment; keep the query (it selects content on many gov sites)."""
    return urldefrag(url)[0]


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


@dataclass(frozen=True)
class _Block:
    """What the blocks around an element say about the links in it, inherited from the ancestors: the nearest
    breadcrumb / language switch / footer decides (`terminal`), else the nearest menu or header (`soft`)."""

    terminal: str | None = None
    soft: str | None = None
    pager: bool = False  # inside a pager block (looked for up to the content area)


ROOT_BLOCK = _Block()


def _own(el: etree._Element, trail: etree._Element | None, panels: list[etree._Element]) -> tuple[str | None,
                                                                                                   str | None]:
    if el.tag in ("html", "body"):
        return None, None
    if el is trail or is_breadcrumb_marked(el):
        return "breadcrumb", None
    if names_lang_switch(el):
        return "lang", None
    if el.tag == "footer" or FOOTER_ATTRS.search(element_attrs(el)):
        return "footer", None
    if is_nav_like(el) or any(el is p for p in panels):
        return None, "menu"
    if el.tag == "header" or HEADER_ATTRS.search(element_attrs(el)):
        return None, "header"
    return None, None


def _blocks(doc: etree._Element, trail: etree._Element | None, panels: list[etree._Element]) -> dict[Any, _Block]:
    """Each element's block, in one pass from the root down (a parent comes before its children), so a page with
    thousands of links nested hundreds deep costs one walk, not one walk up per link."""
    blocks: dict[Any, _Block] = {}
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        up = blocks.get(parent, ROOT_BLOCK) if parent is not None else ROOT_BLOCK
        terminal, soft = _own(el, trail, panels)
        blocks[el] = _Block(terminal=terminal or up.terminal, soft=soft or up.soft,
                            pager=names_pager(el) or (up.pager and el.tag not in STOP_TAGS))
    return blocks


def _kind_of(a: etree._Element, url: str, label: str, blocks: dict[Any, _Block]) -> str:
    parent = a.getparent()
    block = blocks.get(parent, ROOT_BLOCK) if parent is not None else ROOT_BLOCK
    if block.terminal == "breadcrumb":
        return "breadcrumb"
    if a.get("hreflang") or label_language(label):
        return "lang"
    if is_pager_link(a, url, label, in_block=block.pager):  # a pager is often a <nav>: it is not the site's menu
        return "pager"
    return block.terminal or block.soft or "content"


def _http(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


ONCLICK_URL = re.compile(r"""location(?:\.href)?\s*=\s*(['"])([^'"]{1,500})\1|location\.(?:assign|replace)\(\s*"""
                         r"""(['"])([^'"]{1,500})\3""")


def _onclick_links(doc: etree._Element, base: str, blocks: dict[Any, _Block]) -> list[Link]:
    """Elements that navigate when clicked (`<li onclick="location.href='/ru/about/'">`, `href="#"` anchors too)."""
    out = []
    for el in doc.iter():
        handler = el.get("onclick") if isinstance(el.tag, str) else None
        m = ONCLICK_URL.search(handler) if handler else None
        if not m:
            continue
        url = normalize_url(urljoin(base, (m.group(2) or m.group(4)).strip()))
        if _http(url):
            block = blocks.get(el, ROOT_BLOCK)
            label = link_label(el)
            kind = "lang" if label_language(label) else block.terminal or block.soft or "content"
            out.append(Link(url, kind, label[:200]))
    return out


def _structure_links(doc: etree._Element, base: str) -> list[Link]:
    """Links a person follows that are not anchors: select-box options, script-built menu items, filter-form
    submissions, and the head's rel=next hint."""
    out: list[Link] = []
    for select in list(doc.iter("select"))[:MAX_SELECTS]:
        targets = select_targets(doc, select, base)[:MAX_SELECT_OPTIONS]
        kind = "lang" if is_language_select(select, targets) else "select"
        out += [Link(normalize_url(u), kind, label[:200]) for u, label, _lang in targets if _http(u)]
    _block, items = script_menu(doc, base)
    out += [Link(normalize_url(u), "menu", title) for u, title in items]
    for form in filter_forms(doc, base)[:MAX_FILTER_FORMS]:
        out += [Link(normalize_url(u), "form", label[:200]) for u, label in form.urls if _http(u)]
    out += [Link(normalize_url(u), "pager_hint", "") for u in head_pager_urls(doc, base) if _http(u)]
    return out


def extract_links(html: str | bytes | etree._Element, base_url: str, *, is_sitemap: bool = False) -> list[Link]:
    doc = html if isinstance(html, etree._Element) else parse_html(html)
    if doc is None:
        return []
    base = base_url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base_url, base_el.get("href", ""))
    trail = find_trail(doc, base)
    blocks = _blocks(doc, trail.element if trail is not None else None, toggled_panels(doc))
    links: list[Link] = []
    for a in doc.iter("a", "area"):
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        url = normalize_url(urljoin(base, href))
        if not _http(url):
            continue
        label = link_label(a)
        kind = _kind_of(a, url, label, blocks)
        if is_sitemap and kind == "content":
            kind = "sitemap"
        links.append(Link(url=url, kind=kind, text=label[:200], new_window=a.get("target") == "_blank"))
    return links + _onclick_links(doc, base, blocks) + _structure_links(doc, base)


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
