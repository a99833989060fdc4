"""Pagers of news and document lists: "Келесі", "Следующая", "»", page numbers, rel=next, `?page=2`, `/page/2/`.

Pager links are clicks like any other (they count for click depth over all links), but they are not the site's
navigation menu, so they get their own kind. `<link rel="next">` in the head names the next page of a list whose
visible pager may be built by a script; it is a discovery hint, not a click.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

PAGER_TEXT = re.compile(r"^(келесі( бет)?|алдыңғы( бет)?|следующая( страница)?|предыдущая( страница)?|далее|вперед|"
                        r"вперёд|назад|next( page)?|previous( page)?|prev|older|newer|последняя|первая|соңғы|бірінші|"
                        r"first|last|[»«›‹→←]{1,2}|>>?|<<?|\d{1,4}|\.\.\.|…)$", re.I)
PAGER_BLOCK = re.compile(r"pager|paginat|page-numbers|pagenavi|nav-links|page-nav|modern-page-navigation|"
                         r"bx-pagination|pages-list", re.I)
PAGER_URL = re.compile(r"([?&](page|paged|pagen_\d+|pg|start|offset|from|pagenum|pageindex|p_page)=\d+)|"
                       r"(/page/\d+/?$)|(/p\d+/?$)", re.I)


STOP_TAGS = ("body", "main", "article")  # a pager block is looked for up to the content area only


def names_pager(el: etree._Element) -> bool:
    """Its class, id or aria-label names a pager."""
    return bool(PAGER_BLOCK.search(" ".join(filter(None, (el.get("class"), el.get("id"), el.get("aria-label"))))))


def _in_pager_block(a: etree._Element) -> bool:
    for anc in a.iterancestors():
        if not isinstance(anc.tag, str):
            continue
        if names_pager(anc):
            return True
        if anc.tag in STOP_TAGS:
            return False
    return False


PAGER_WORDS = re.compile(r"следующ|предыдущ|ранние|более новые|келесі|алдыңғы|бұрынғы|кейінгі|older|newer|next|"
                         r"previous", re.I)


def is_pager_link(a: etree._Element, url: str, label: str, in_block: bool | None = None) -> bool:
    """A link to another page of the same list: rel=next/prev, inside a pager block, or a page-numbered URL with
    a pager label (a number, an arrow, "Келесі", "Следующая", "Older posts"). `in_block`: whether it sits in a
    pager block, when the caller knows already."""
    rel = (a.get("rel") or "").lower().split()
    if "next" in rel or "prev" in rel or (_in_pager_block(a) if in_block is None else in_block):
        return True
    text = " ".join(label.split())
    parts = urlsplit(url)
    return bool(PAGER_URL.search(parts.path + ("?" + parts.query if parts.query else ""))) and bool(
        PAGER_TEXT.match(text) or PAGER_WORDS.search(text))


def head_pager_urls(doc: etree._Element, base: str) -> list[str]:
    """<link rel="next"/"prev"> of a paginated list."""
    out = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if ("next" in rel or "prev" in rel) and link.get("href"):
            out.append(urljoin(base, link.get("href", "").strip()))
    return out
