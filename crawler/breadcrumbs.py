"""Breadcrumbs by function: a trail from the home page to the current page, however it is marked up.

Recognised, in this order:
1. a block marked as a breadcrumb (class/id/aria-label, schema.org BreadcrumbList as microdata `itemtype` or RDFa
   `typeof`) that holds a link or at least two steps;
2. the visible trail a JSON-LD BreadcrumbList describes (the element linking to its ancestors); JSON-LD alone,
   with nothing a person sees, is not a breadcrumb;
3. an unmarked trail: a short block of two or more steps split by a separator (» › > → / | \\), ending with the
   page's own heading or starting with a link to the home page ("Главная", "Басты бет", "Home").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.lang_switch import label_language
from crawler.nav_markup import is_breadcrumb_marked

SEPARATORS = re.compile(r"\s*(?:»|›|>|→|/|\||\\|⟩|‣)\s*")
HOME_WORDS = re.compile(r"^(главная( страница)?|на главную|басты бет|басты парақ|басты|home( page)?|start)$", re.I)
LABEL_PREFIX = re.compile(r"^[^:»›>→/|\\]{1,30}:\s*")  # "Вы здесь:", "Сіз осындасыз:", "You are here:"
MAX_TRAIL_CHARS = 300
MAX_STEP_CHARS = 120
MAX_STEPS = 10
_SKIP = ("script", "style", "head", "title", "html", "body", "main", "article", "header", "footer", "form", "h1",
         "h2", "h3", "a", "option", "select", "noscript", "template")


@dataclass(frozen=True)
class Trail:
    element: etree._Element
    how: str  # marked | json-ld | text


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold().strip(" .…")


def _steps(text: str) -> list[str]:
    text = LABEL_PREFIX.sub("", " ".join(text.split()))
    return [s for s in SEPARATORS.split(text) if s.strip()]


def short_text(el: etree._Element, limit: int = MAX_TRAIL_CHARS) -> str | None:
    """The element's text with whitespace collapsed, or None when it is longer than `limit` (read lazily, so a
    big block costs no more than `limit` characters)."""
    parts, size = [], 0
    for chunk in el.itertext():
        parts.append(chunk)
        size += len(chunk)
        if size > limit * 4:  # whitespace collapses later; stop reading far past the limit
            return None
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None


def page_heading(doc: etree._Element) -> str:
    h1 = next(iter(doc.iter("h1")), None)
    if h1 is not None and _norm(h1.text_content()):
        return _norm(h1.text_content())
    title = doc.find(".//title")
    return _steps(title.text_content())[0].casefold() if title is not None and _steps(title.text_content()) else ""


def _marked(doc: etree._Element) -> etree._Element | None:
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "html", "body", "script", "meta", "link"):
            continue
        if not is_breadcrumb_marked(el):
            continue
        if el.find(".//a[@href]") is not None or len(el.findall(".//li")) >= 2 or len(_steps(el.text_content())) >= 2:
            return el
    return None


def _jsonld_items(doc: etree._Element, base: str) -> list[str]:
    """Ancestor URLs of the page's JSON-LD BreadcrumbList(s), in order."""
    urls: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for x in node:
                walk(x)
        elif isinstance(node, dict):
            types = node.get("@type")
            if types == "BreadcrumbList" or (isinstance(types, list) and "BreadcrumbList" in types):
                for item in node.get("itemListElement") or []:
                    if not isinstance(item, dict):
                        continue
                    target = item.get("item")
                    url = target.get("@id") or target.get("url") if isinstance(target, dict) else target
                    if isinstance(url, str) and url:
                        urls.append(urljoin(base, url))
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value)

    for script in doc.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                walk(json.loads(script.text))
            except ValueError:
                continue
    return urls


def _path_key(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path.rstrip("/") or "/") + ("?" + parts.query if parts.query else "")


def _jsonld_visible(doc: etree._Element, base: str) -> etree._Element | None:
    """The smallest element that links to the ancestors the JSON-LD trail names (all but the last step)."""
    urls = _jsonld_items(doc, base)
    wanted = {_path_key(u) for u in urls[:-1]} or {_path_key(u) for u in urls}
    if not wanted:
        return None
    found: list[tuple[int, etree._Element]] = []
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "script", "head"):
            continue
        text = short_text(el)
        if text is None:
            continue
        anchors = [a for a in el.iter("a") if a.get("href")]
        hrefs = {_path_key(urljoin(base, a.get("href", ""))) for a in anchors}
        # the trail itself: its links are the ancestors (and perhaps the current page), not a whole menu
        if wanted <= hrefs and len(anchors) <= len(wanted) + 1:
            found.append((len(text), el))
    return min(found, key=lambda f: f[0])[1] if found else None


def _text_trail(doc: etree._Element, heading: str) -> etree._Element | None:
    body = doc.find(".//body")
    root = body if body is not None else doc
    found: list[tuple[int, etree._Element]] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        text = short_text(el)
        if not text or not SEPARATORS.search(text):
            continue
        steps = _steps(text)
        if not 2 <= len(steps) <= MAX_STEPS or any(len(s) > MAX_STEP_CHARS for s in steps):
            continue
        if any(label_language(s) for s in steps):  # "Home | Русский": a top bar with a language switch
            continue
        ends_here = bool(heading) and (_norm(steps[-1]) == heading or
                                       (len(_norm(steps[-1])) >= 12 and heading.startswith(_norm(steps[-1]))))
        first = next(iter(el.iter("a")), None)
        starts_home = bool(HOME_WORDS.match(steps[0].strip())) and first is not None and \
            _norm(first.text_content()) == _norm(steps[0])
        if ends_here or starts_home:
            found.append((len(text), el))
    return min(found, key=lambda f: f[0])[1] if found else None


def find_trail(doc: etree._Element, base: str = "") -> Trail | None:
    """The page's breadcrumb trail, or None."""
    marked = _marked(doc)
    if marked is not None:
        return Trail(marked, "marked")
    visible = _jsonld_visible(doc, base)
    if visible is not None:
        return Trail(visible, "json-ld")
    text = _text_trail(doc, page_heading(doc))
    return Trail(text, "text") if text is not None else None
