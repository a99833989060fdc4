"""Discovery files: robots.txt (its Sitemap: lines), XML sitemaps and sitemap indexes, RSS/Atom feeds."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from lxml import etree

XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def robots_sitemaps(text: str, base: str) -> list[str]:
    out = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            out.append(urljoin(base, value.strip()))
    return out


def _xml(content: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(content, XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def xml_kind(content: bytes) -> str | None:
    """'urlset', 'sitemapindex', 'rss', 'atom' or None."""
    head = content[:2048].lstrip()
    if not head.startswith(b"<"):
        return None
    root = _xml(content)
    if root is None:
        return None
    name = _local(root.tag)
    if name in ("urlset", "sitemapindex", "rss"):
        return name
    if name == "feed":
        return "atom"
    if name == "rdf":
        return "rss"
    return None


def sitemap_urls(content: bytes, base: str) -> list[str]:
    """<loc> values of a urlset or sitemapindex."""
    root = _xml(content)
    if root is None:
        return []
    return [urljoin(base, (el.text or "").strip()) for el in root.iter() if _local(el.tag) == "loc" and el.text]


def feed_items(content: bytes, base: str) -> list[dict[str, Any]]:
    """Items of an RSS or Atom feed: title, link, date, category."""
    root = _xml(content)
    if root is None:
        return []
    items = []
    for el in root.iter():
        if _local(el.tag) not in ("item", "entry"):
            continue
        item: dict[str, Any] = {"categories": []}
        for child in el:
            name = _local(child.tag)
            if name == "title":
                item["title"] = (child.text or "").strip()
            elif name == "link":
                item["link"] = urljoin(base, (child.text or child.get("href") or "").strip())
            elif name in ("pubdate", "published", "updated", "date"):
                item.setdefault("date", (child.text or "").strip())
            elif name == "category":
                item["categories"].append((child.text or child.get("term") or "").strip())
        items.append(item)
    return items
