"""Facts about an HTML page gathered at crawl time: real language, language counterparts, dates, feeds."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from lxml import etree

from crawler.dates import page_dates
from crawler.lang_switch import counterparts, url_lang
from crawler.language import identify_language, main_text
from crawler.links import Link

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def feeds(doc: etree._Element, url: str) -> list[str]:
    return [urljoin(url, link.get("href")) for link in doc.iter("link")
            if (link.get("type") or "").lower() in FEED_TYPES and link.get("href")]


SHELL_MOUNTS = ("root", "app", "__next", "__nuxt", "main-app")
SHELL_MAX_TEXT = 200


def looks_like_js_shell(doc: etree._Element, text_chars: int, links: list[Link]) -> bool:
    """An empty single-page-app shell: scripts and an empty mount point, next to no text and links."""
    if text_chars > SHELL_MAX_TEXT or len(links) > 2:
        return False
    has_script = any(s.get("src") or (s.text or "").strip() for s in doc.iter("script"))
    mount = any((el.get("id") or "") in SHELL_MOUNTS and not (el.text_content() or "").strip()
                for el in doc.iter("div", "main", "app-root"))
    return has_script and (mount or text_chars < 20)


def describe_html(doc: etree._Element, url: str, links: list[Link]) -> dict[str, Any]:
    text = main_text(doc)
    found = identify_language(text)
    return {
        "js_shell": looks_like_js_shell(doc, len(text), links),
        "lang_detected": found.lang,
        # The script too: a Latin-Kazakh page is a Kazakh version (Appendix 5, a4.2.10), not an English one (a4.4.5),
        # and how sure the detector was and which rule decided, for the evaluator reading the evidence.
        "lang_script": found.script,
        "lang_confidence": round(found.confidence, 3),
        "lang_method": found.method,
        "lang_url": url_lang(url),  # a ?culture=ru-RU query names the language too
        "counterparts": counterparts(doc, url, links),
        "dates": page_dates(doc, text),
        "feeds": feeds(doc, url),
        "text_chars": len(text),
    }
