"""A per-language index of what a site shows: titles, headings, link texts, passages, images, forms.

Built once per site from stored HTML (pure). Titles and headings come from the whole page; passages only from the
page's own content (menus, headers and footers are left out so that a menu on every page is not read as content);
link texts come from everywhere, menus included, because the site's menu is its own table of contents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

from core.artifacts import PageArtifact
from core.html import parse_html
from crawler.language import detect_language, lang_code
from crawler.text import norm, url_lang

CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
CHROME_TOKENS = frozenset({"nav", "navbar", "navigation", "menu", "mainmenu", "header", "footer", "breadcrumb",
                           "breadcrumbs", "sidebar", "topbar", "top-bar", "lang", "languages"})
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "summary", "dt", "caption", "legend"})
PASSAGE_TAGS = frozenset({"p", "li", "td", "th", "dd", "blockquote", "figcaption", "address", "pre"})
LOOSE_TAGS = frozenset({"div", "span", "section", "article", "main", "font", "b", "strong"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
MAX_BLOCKS_PER_PAGE = 400
MAX_TEXT = 2000
RANKS = {"title": 0, "heading": 1, "anchor": 2, "image": 2, "audio": 2, "form": 2, "passage": 3}
_SPLIT = re.compile(r"[\s_]+")


@dataclass
class Block:
    url: str            # the page the block is on
    kind: str           # title | heading | anchor | passage | image | audio | form | page
    text: str           # as shown (trimmed)
    norm: str           # normalised for matching
    href: str | None = None
    element: etree._Element | None = field(default=None, repr=False, compare=False)

    @property
    def rank(self) -> int:
        return RANKS.get(self.kind, 4)


@dataclass
class PageView:
    page: PageArtifact
    lang: str | None
    text: str = ""      # the page's own content text (chrome removed)
    full_text: str = ""  # everything visible, chrome included
    doc: etree._Element | None = None


def page_lang(page: PageArtifact, text: str = "") -> str | None:
    """Language of a page: the URL's language marker, then the crawler's detection, the declared lang, the text."""
    return (url_lang(page.final_url or page.url) or url_lang(page.url)
            or lang_code((page.info or {}).get("lang_detected")) or lang_code(page.lang) or detect_language(text))


def _tokens(el: etree._Element) -> set[str]:
    raw = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
    out = set()
    for tok in _SPLIT.split(raw.lower()):
        out.add(tok)
        out.update(tok.split("-"))
    return out


def chrome_elements(doc: etree._Element) -> set[etree._Element]:
    """Elements inside navigation, header, footer or sidebar (by tag, role or class/id words)."""
    chrome: set[etree._Element] = set()
    for el in doc.iter():
        if not isinstance(el.tag, str) or el in chrome:
            continue
        if el.tag in CHROME_TAGS or el.get("role") in ("navigation", "banner", "contentinfo") or (
                _tokens(el) & CHROME_TOKENS and el.tag not in ("body", "html", "main")):
            chrome.update(x for x in el.iter() if isinstance(x.tag, str))
    return chrome


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\xa0", " ")).strip()


def own_text(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in ("br", "b", "strong", "i", "em", "span", "a", "font", "u"):
            parts.append(child.text_content() or "")
        parts.append(child.tail or "")
    return _clean(" ".join(parts))


def resolve(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("mailto:", "tel:")):
        return href
    if href.startswith(("#", "javascript:", "data:")):  # menu parents and scripts lead nowhere by themselves
        return None
    return urldefrag(urljoin(base, href))[0]


class SiteIndex:
    """Blocks and page views of a set of pages, grouped by language."""

    def __init__(self, pages: dict[str, PageArtifact]) -> None:
        self.pages = pages
        self.by_final = {p.final_url: p for p in pages.values() if p.final_url}
        self.views: dict[str, PageView] = {}
        self.blocks: dict[str, list[Block]] = {}
        self._chrome_links: set[tuple[str, str]] = set()  # menu/footer links repeat on every page: keep one
        for page in pages.values():
            if not (page.ok and page.is_html and page.html):
                continue
            view = self._view(page)
            self.views[page.url] = view
            if view.lang:
                self.blocks.setdefault(view.lang, []).extend(self._blocks(view))

    def lookup(self, url: str | None) -> PageArtifact | None:
        """The stored page for a URL, following stored redirects and trailing-slash variants."""
        if not url:
            return None
        seen = set()
        page = self.pages.get(url) or self.by_final.get(url)
        if page is None:
            alt = url[:-1] if url.endswith("/") else url + "/"
            page = self.pages.get(alt) or self.by_final.get(alt)
        while page is not None and page.is_redirect and page.url not in seen:
            seen.add(page.url)
            nxt = (page.info or {}).get("redirect_to")
            page = self.pages.get(nxt) if nxt else None
        return page

    def pages_in(self, lang: str) -> list[PageView]:
        return [v for v in self.views.values() if v.lang == lang]

    def _view(self, page: PageArtifact) -> PageView:
        doc = parse_html(page.html)  # a private tree: scripts are dropped without touching page.doc
        if doc is None:
            return PageView(page, page_lang(page))
        for bad in list(doc.iter(*SKIP_TAGS)):
            if bad.getparent() is not None:
                bad.drop_tree()
        chrome = chrome_elements(doc)
        body = doc.find(".//body")
        root = body if body is not None else doc
        content_parts = []
        for el in root.iter():
            if not isinstance(el.tag, str) or el in chrome:
                continue
            if el.text and el.text.strip():
                content_parts.append(el.text.strip())
            if el.tail and el.tail.strip() and el.getparent() is not None and el.getparent() not in chrome:
                content_parts.append(el.tail.strip())
        text = _clean(" ".join(content_parts))
        view = PageView(page, None, text=text, full_text=_clean(root.text_content()), doc=doc)
        view.lang = page_lang(page, text)
        view.chrome = chrome  # type: ignore[attr-defined]
        return view

    def _blocks(self, view: PageView) -> list[Block]:
        page, doc = view.page, view.doc
        if doc is None:
            return []
        base = page.final_url or page.url
        chrome: set[etree._Element] = view.chrome  # type: ignore[attr-defined]
        out: list[Block] = []

        def add(kind: str, text: str, el: etree._Element | None = None, href: str | None = None) -> None:
            text = _clean(text)[:MAX_TEXT]
            if text and len(out) < MAX_BLOCKS_PER_PAGE:
                out.append(Block(page.url, kind, text, norm(text), href, el))

        title = doc.find(".//title")
        if title is not None:
            add("title", title.text_content())
        for h1 in doc.iter("h1"):
            if h1 not in chrome:  # an <h1> in the header is usually the site's name, on every page
                add("title", h1.text_content(), h1)
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            tag = el.tag
            if tag == "a":
                href = resolve(base, el.get("href"))
                label = _clean(el.text_content()) or el.get("title") or el.get("aria-label") or " ".join(
                    filter(None, (i.get("alt") for i in el.iter("img"))))
                if href and el in chrome:
                    seen_key = (href, _clean(label))
                    if seen_key in self._chrome_links:
                        continue
                    self._chrome_links.add(seen_key)
                if href:
                    add("anchor", label or "", el, href)
                    if not label:
                        out.append(Block(page.url, "anchor", "", "", href, el))
            elif tag == "img":
                src = el.get("src") or ""
                add("image", " ".join(filter(None, (el.get("alt"), el.get("title"),
                                                    urlsplit(src).path.rsplit("/", 1)[-1]))), el,
                    resolve(base, src))
            elif tag == "audio" or (tag == "source" and el.getparent() is not None and el.getparent().tag == "audio"):
                add("audio", el.get("title") or el.get("src") or "audio", el, resolve(base, el.get("src")))
            elif tag == "form":
                add("form", _form_label(el), el, resolve(base, el.get("action") or ""))
            elif el in chrome:
                continue
            elif tag in HEADING_TAGS:
                add("heading", el.text_content(), el)
            elif tag in PASSAGE_TAGS:
                add("passage", el.text_content(), el)
            elif tag in LOOSE_TAGS:
                add("passage", own_text(el), el)
        return out


def _form_label(form: etree._Element) -> str:
    """"feedback form" when the form asks for a message or several fields; search boxes are not feedback forms."""
    fields = [i for i in form.iter("input") if (i.get("type") or "text").lower() in ("text", "email", "tel")]
    attrs = " ".join(filter(None, (form.get("action"), form.get("role"), form.get("class"), form.get("id")))).lower()
    if "search" in attrs or any((i.get("name") or "").lower() in ("q", "search", "query", "s") for i in fields):
        return "search form"
    if list(form.iter("textarea")) or len(fields) >= 3:
        return "feedback form"
    return "form"
