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

from crawler.links import BREADCRUMB_ATTRS, FOOTER_ATTRS, MENU_ATTRS, element_attrs

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




def _in_footer(el: etree._Element) -> bool:
    return any(a.tag == "footer" or FOOTER_ATTRS.search(element_attrs(a))
               for a in el.iterancestors() if isinstance(a.tag, str))


def find_menu(doc: etree._Element) -> str | None:
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "html", "body"):
            continue
        attrs = element_attrs(el)
        is_nav = el.tag == "nav" or el.get("role") in ("navigation", "menubar") or bool(MENU_ATTRS.search(attrs))
        if not is_nav or BREADCRUMB_ATTRS.search(attrs) or _in_footer(el) or el.tag == "footer":
            continue
        if len(el.findall(".//a[@href]")) >= 3:
            return describe(el)
    return None


def home_urls(site: str, home: str) -> set[str]:
    """URLs that count as "the home page": the start URL, where it lands, the root and language roots."""
    base = urljoin(site, "/")
    candidates = {site, home, base}
    for lang in ("ru", "kk", "kz", "en"):
        candidates |= {urljoin(base, f"/{lang}/"), urljoin(base, f"/{lang}"), urljoin(base, f"/?lang={lang}")}
    out = set()
    for url in candidates:
        url = url.split("#")[0]
        out |= {url, url.rstrip("/"), url.rstrip("/") + "/", url.rstrip("/") + "/index.html"}
    return out


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
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "html", "body"):
            continue
        attrs = element_attrs(el)
        if (BREADCRUMB_ATTRS.search(attrs) or "BreadcrumbList" in attrs) and el.find(".//a[@href]") is not None:
            return describe(el)
    return None
