"""How a page marks its navigation blocks: shared by link classification (crawler) and furniture detection (audits).

Class and id names are read as tokens (`mega-menu`, `megamenu`, `dnn_pnav`, `menu--main`, `topNav` all name a
menu), so the rule follows what sites call their menus rather than one CMS's class list.
"""

from __future__ import annotations

import re

from lxml import etree

BREADCRUMB_ATTRS = re.compile(r"breadcrumb|crumbs|bread-crumb|path-line|pathway|хлебн|навигациялық тізбек", re.I)
FOOTER_ATTRS = re.compile(r"(^|[-_\s])footer([-_\s]|$)", re.I)
HEADER_ATTRS = re.compile(r"(^|[-_\s])(header|top-bar|topbar)([-_\s]|$)", re.I)
_TOKEN_SPLIT = re.compile(r"[\s_\-.:]+|(?<=[a-z])(?=[A-Z])")
# a token naming a menu: it starts or ends with one of these (menu, megamenu, mainnav, navbar, menubar, pnav…)
_MENU_STEMS = ("menu", "nav", "navbar", "navigation", "menubar", "мәзір", "меню")
_NOT_MENU_TOKENS = frozenset({"navigator", "navy"})  # colour and browser names, not menus
NAV_ROLES = frozenset({"navigation", "menubar", "menu"})
MENU_TOGGLE_WORDS = re.compile(r"menu|меню|мәзір|навигац|nav|burger|hamburger|toggler|offcanvas|off-canvas|drawer",
                               re.I)


def element_attrs(el: etree._Element) -> str:
    """The attributes that name an element's role on the page (class, id, role, aria-label, itemtype, typeof)."""
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"), el.get("aria-label"),
                                  el.get("itemtype"), el.get("typeof"))))


def _tokens(value: str) -> list[str]:
    return [t.lower() for t in _TOKEN_SPLIT.split(value) if t]


def names_menu(el: etree._Element) -> bool:
    """Its class or id names a menu (token-wise: `mega-menu`, `megamenu`, `dnn_pnav`, `menu--main`)."""
    for token in _tokens(" ".join(filter(None, (el.get("class"), el.get("id"))))):
        if token in _NOT_MENU_TOKENS:
            continue
        if any(token.startswith(s) or token.endswith(s) for s in _MENU_STEMS):
            return True
    return False


def is_nav_like(el: etree._Element) -> bool:
    """A navigation block by its markup: <nav>, a navigation role, or a class/id naming a menu."""
    if not isinstance(el.tag, str):
        return False
    return el.tag == "nav" or (el.get("role") or "").lower() in NAV_ROLES or names_menu(el)


def is_breadcrumb_marked(el: etree._Element) -> bool:
    """Marked as a breadcrumb: class/id/aria-label, or schema.org BreadcrumbList (microdata itemtype, RDFa typeof)."""
    attrs = element_attrs(el)
    return bool(BREADCRUMB_ATTRS.search(attrs)) or "breadcrumblist" in attrs.lower()


def in_footer(el: etree._Element) -> bool:
    return any(isinstance(a.tag, str) and (a.tag == "footer" or FOOTER_ATTRS.search(element_attrs(a)))
               for a in (el, *el.iterancestors()))


def toggled_panels(doc: etree._Element) -> list[etree._Element]:
    """Hidden navigation panels a menu button reveals (hamburger menus): the element a toggle's aria-controls,
    data-target, data-bs-target or href="#id" names, when the toggle or the panel says it is a menu."""
    ids = {el.get("id"): el for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
    panels: list[etree._Element] = []
    for el in doc.iter("button", "a", "div", "span", "label"):
        refs = [el.get("aria-controls"), el.get("data-target"), el.get("data-bs-target"), el.get("data-toggle-target")]
        href = el.get("href") or ""
        if href.startswith("#") and (el.get("data-toggle") or el.get("data-bs-toggle") or el.get("aria-expanded")):
            refs.append(href)
        label = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("aria-label"), el.get("title"),
                                       el.text_content() if el.tag == "button" else "")))
        for ref in filter(None, refs):
            panel = ids.get(ref.lstrip("#").strip())
            if panel is None or panel in panels:
                continue
            if MENU_TOGGLE_WORDS.search(label) or is_nav_like(panel) or any(is_nav_like(d) for d in panel.iter()):
                panels.append(panel)
    return panels
