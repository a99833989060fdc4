"""Facts about an HTML page gathered at crawl time: real language, language counterparts, dates, feeds."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from lxml import etree

from crawler.dates import page_dates
from crawler.language import counterparts, detect_language, main_text, url_language
from crawler.links import Link

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def feeds(doc: etree._Element, url: str) -> list[str]:
    return [urljoin(url, link.get("href")) for link in doc.iter("link")
            if (link.get("type") or "").lower() in FEED_TYPES and link.get("href")]


def describe_html(doc: etree._Element, url: str, links: list[Link]) -> dict[str, Any]:
    text = main_text(doc)
    return {
        "lang_detected": detect_language(text),
        "lang_url": url_language(url),
        "counterparts": counterparts(doc, url, links),
        "dates": page_dates(doc, text),
        "feeds": feeds(doc, url),
        "text_chars": len(text),
    }
