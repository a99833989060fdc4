"""Page furniture detection on stored HTML: main menu, home link, site-map link, search form, breadcrumbs.

Recognises the patterns found on Kazakh state-body sites (Russian, Kazakh and English labels; nav elements,
ARIA roles, common class names; schema.org BreadcrumbList) rather than one site's markup. Each detector returns
the matching element's selector-like description as evidence, or None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.breadcrumbs import find_trail
from crawler.lang_switch import in_lang_container
from crawler.links import ONCLICK_URL
from crawler.nav_markup import in_footer, is_breadcrumb_marked, is_nav_like, toggled_panels
from crawler.script_menus import script_menu

HOME_TEXT = re.compile(r"^(главная( страница)?|басты бет(ке)?|басты парақ|home( page)?|на главную)$", re.I)
SITEMAP_TEXT = re.compile(r"карта\s+сайта|сайт\s+картасы|site\s*map", re.I)
SITEMAP_HREF = re.compile(r"site-?map|karta-?sajta|/map/?$|sitemap", re.I)
SEARCH_NAMES = {"q", "query", "search", "s", "text", "searchword", "keyword", "keywords", "search_query", "term",
                "searchtext", "search_api_fulltext", "text_search"}
SEARCH_ACTION = re.compile(r"search|poisk|izdeu|іздеу|поиск", re.I)
SEARCH_PLACEHOLDER = re.compile(r"поиск|іздеу|search|найти|табу", re.I)


def describe(el: etree._Element) -> str:
    """A short CSS-like selector for evidence: tag#id.class."""
    out = el.tag if isinstance(el.tag, str) else "node"
    if el.get("id"):
        out += "#" + el.get("id")
    if el.get("class"):
        out += "".join("." + c for c in el.get("class").split()[:3])
    return out




def _items(block: etree._Element) -> int:
    """Links in a block: anchors with an href, and other elements that navigate when clicked (onclick)."""
    return len(block.findall(".//a[@href]")) + sum(
        1 for el in block.iter() if isinstance(el.tag, str) and el.tag != "a" and el.get("onclick")
        and ONCLICK_URL.search(el.get("onclick", "")))


def find_menu(doc: etree._Element) -> str | None:
    """The main menu: a navigation block with links (not the breadcrumbs, the language switch or the footer), a
    hidden panel a menu button reveals (hamburger), or an empty navigation block a script fills from data."""
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "html", "body"):
            continue
        if not is_nav_like(el) or is_breadcrumb_marked(el) or in_footer(el) or in_lang_container(el):
            continue
        if _items(el) >= 3:
            return describe(el)
    for panel in toggled_panels(doc):
        if not in_footer(panel) and len(panel.findall(".//a[@href]")) >= 3:
            return describe(panel) + " (revealed by a menu button)"
    block, items = script_menu(doc, "http://page.invalid/")
    if block is not None:
        return describe(block) + f" (built by a script: {len(items)} items)"
    return None


def find_home_link(doc: etree._Element, page_url: str, homes: Iterable[str]) -> str | None:
    homes = set(homes)
    for a in doc.iter("a"):
        href = a.get("href")
        if href is None:
            continue
        target = urljoin(page_url, href.strip()).split("#")[0]
        text = " ".join((a.text_content() or "").split())
        if target in homes or HOME_TEXT.match(text) or (a.get("rel") or "").lower() == "home":
            return describe(a) + f"[href={href}]"
    return None


def find_sitemap_link(doc: etree._Element, page_url: str) -> str | None:
    for a in doc.iter("a"):
        href = a.get("href") or ""
        text = " ".join((a.text_content() or a.get("title") or "").split())
        path = urlsplit(urljoin(page_url, href)).path
        if SITEMAP_TEXT.search(text) or (href and SITEMAP_HREF.search(path) and not path.endswith(".xml")):
            return describe(a) + f"[href={href}]"
    return None


def find_search(doc: etree._Element) -> str | None:
    for el in doc.iter("input"):
        itype = (el.get("type") or "text").lower()
        if itype == "search":
            return describe(el)
        if itype != "text":
            continue
        name = (el.get("name") or "").lower()
        label = " ".join(filter(None, (el.get("placeholder"), el.get("aria-label"), el.get("title"))))
        form = next((a for a in el.iterancestors("form")), None)
        action = form.get("action", "") if form is not None else ""
        in_search_role = any(a.get("role") == "search" for a in el.iterancestors())
        if name in SEARCH_NAMES or SEARCH_PLACEHOLDER.search(label) or SEARCH_ACTION.search(action) \
                or in_search_role:
            return describe(form if form is not None else el)
    return None


def find_breadcrumbs(doc: etree._Element) -> str | None:
    """A trail to the ancestors however marked up (crawler.breadcrumbs): marked, JSON-LD-described or plain text."""
    trail = find_trail(doc, "http://page.invalid/")
    if trail is None:
        return None
    return describe(trail.element) + ("" if trail.how == "marked" else f" ({trail.how} trail)")
