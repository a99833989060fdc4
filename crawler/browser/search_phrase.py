"""Picks the full-text probe for the search check: a run of words from a page body that is not in its title."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from core.artifacts import SiteArtifacts
from core.site_pages import is_home, main_element, page_lang, text_of

WORD = re.compile(r"[^\W\d_]{3,}", re.U)
SKIP_PATH = re.compile(r"search|poisk|izdeu|sitemap|karta|login|print", re.I)


def pick_phrase(site: SiteArtifacts, lang: str | None, words: int = 4) -> tuple[str, str] | None:
    """(phrase, source URL): `words` consecutive words from the middle of the longest paragraph of the deepest
    page in `lang`, avoiding words of any page title (so only a full-text search can find it)."""
    titles = " ".join((p.title or "") for p in site.html_pages()).casefold()
    candidates = [p for p in site.html_pages() if p.doc is not None and (lang is None or page_lang(p) == lang)
                  and not is_home(site, p.url) and not SKIP_PATH.search(urlsplit(p.url).path)
                  and not p.info.get("is_sitemap")]
    candidates.sort(key=lambda p: (-len([s for s in urlsplit(p.url).path.split("/") if s]), p.url))
    for page in candidates[:40]:
        paragraphs = sorted((text_of(el) for el in main_element(page.doc).iter("p")), key=len, reverse=True)
        for para in paragraphs[:3]:
            tokens = WORD.findall(para)
            fresh = [t for t in tokens if t.casefold() not in titles]
            if len(fresh) < words + 2:
                continue
            start = max(0, len(tokens) // 3)
            for i in range(start, len(tokens) - words + 1):
                run = tokens[i:i + words]
                if all(t.casefold() not in titles for t in run):
                    return " ".join(run), page.url
    return None
