"""a4.4.3 an RSS channel carrying announcements, news and public-procurement notices (A-11: -0.15 per missing type).

Feeds are discovered in the stored HTML (<link rel=alternate> and links named RSS: crawler/feeds.py); their bodies
come from the `feeds` gatherer artifact (crawler/browser/search_feeds.py), which fetches them after the crawl.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from audits.site_checks.common import score_facts
from core.artifacts import SiteArtifacts
from core.findings import Finding, evidence, finding
from crawler.feeds import discover_feeds
from crawler.page_types import stored_or_classified

CONTENT_TYPES = {
    "announcements": re.compile(r"анонс|хабарландыру|объявлени|announce", re.I),
    "news": re.compile(r"новост|жаңалық|news|пресс[-\s]?релиз|press", re.I),
    "procurement": re.compile(r"закуп|сатып\s+алу|тендер|конкурс|procure|tender", re.I),
}
REQUIRED = tuple(CONTENT_TYPES)
# a feed item that links to a page of the site carries what that page is (the crawl's page type): a WordPress or
# Bitrix feed mixes news and announcements under neutral titles and no <category>
PAGE_TYPE_CONTENT = {"news_item": "news", "announcement": "announcements"}
# "Конкурс на должность ..." / "лауазымға конкурс" is a competition for a post (a vacancy), not a purchase
POST_COMPETITION = re.compile(r"должност|ваканс|лауазым|кадров|персонал|vacanc|\bposition", re.I)
PURCHASE = re.compile(r"закуп|сатып\s+алу|тендер|procure|tender", re.I)


def parse_feed(body: str) -> tuple[list[dict[str, str]], str | None]:
    """Items of an RSS 2.0 / RSS 1.0 / Atom feed, or an error saying why it is not a valid feed."""
    try:
        root = etree.fromstring(body.encode("utf-8") if isinstance(body, str) else body,
                                parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=False))
    except etree.XMLSyntaxError as exc:
        return [], f"not well-formed XML: {exc}"
    tag = etree.QName(root).localname.lower()
    if tag not in ("rss", "feed", "rdf"):
        return [], f"root element <{tag}> is not rss/feed/RDF"
    items = []
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname not in ("item", "entry"):
            continue
        fields: dict[str, str] = {"title": "", "category": "", "link": ""}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "title":
                fields["title"] = " ".join((child.text or "").split())
            elif name in ("category", "subject"):
                fields["category"] += " " + (child.text or child.get("term") or "")
            elif name == "link":
                fields["link"] = (child.text or child.get("href") or "").strip()
        items.append(fields)
    if tag == "rss" and root.find("channel") is None:
        return items, "<rss> without <channel>"
    return items, None


def feed_home(body: str) -> str | None:
    """The site the feed says it is of (RSS <channel><link>, Atom <link rel=alternate>), or None."""
    try:
        root = etree.fromstring(body.encode("utf-8") if isinstance(body, str) else body,
                                parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname == "link":
            parent = el.getparent()
            if parent is not None and etree.QName(parent).localname in ("channel", "feed"):
                href = (el.text or "").strip() or (el.get("href") if el.get("rel", "alternate") == "alternate"
                                                   else "")
                if href:
                    return href
    return None


def classify(item: dict[str, str], page_type: str | None = None) -> set[str]:
    """The required content types an item carries: its <category> if that names one; else its linked page's type
    and its title/link words (a competition for a post is not procurement)."""
    by_category = {k for k, rx in CONTENT_TYPES.items() if rx.search(item.get("category", ""))}
    if by_category:
        return by_category
    text = item.get("title", "") + " " + item.get("link", "")
    kinds = {k for k, rx in CONTENT_TYPES.items() if rx.search(text)}
    if "procurement" in kinds and not PURCHASE.search(text) \
            and (page_type == "vacancy" or POST_COMPETITION.search(text)):
        kinds.discard("procurement")
    if page_type in PAGE_TYPE_CONTENT:
        kinds.add(PAGE_TYPE_CONTENT[page_type])
    return kinds


def _linked_page(site: SiteArtifacts, link: str, own_hosts: set[str]) -> str | None:
    """The crawled page a feed item links to: the same URL, or the same path and query when the item's host is
    the one the feed names as its site (a CMS writes its configured domain into the feed)."""
    if not link:
        return None
    url = urljoin(site.site, link)
    if url in site.pages:
        return url
    parts = urlsplit(url)
    if parts.netloc.lower() not in own_hosts:
        return None
    crawl = urlsplit(site.site)
    moved = urlunsplit((crawl.scheme, crawl.netloc, parts.path or "/", parts.query, ""))
    return moved if moved in site.pages else None


def _type_of(page_types: dict[str, Any] | None, url: str | None) -> str | None:
    found = (page_types or {}).get(url) if url else None
    return found.type if found is not None else None


def audit_rss(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    reading = ("A-11: -0.15 for each required content type (announcements, news, procurement notices) the RSS "
               "feeds do not carry, floor 0; no valid feed -> 0")
    feeds = discover_feeds(site)
    gathered: dict[str, Any] = site.extra.get("feeds", {})
    if not feeds and not gathered:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.4.3", verdict="fail", points=0.0,
                       max_points=0.3, reading=reading, note="no RSS feed advertised or linked on the site",
                       evidence_items=[evidence(site.home, snippet="no <link rel=alternate type=rss> and no RSS link")])
    if not gathered:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.4.3", verdict="not_assessed",
                       points=None, max_points=0.3, reading=reading,
                       note="feeds were found but not fetched (the `feeds` gatherer did not run)",
                       evidence_items=[evidence(u, snippet="feed link") for u in feeds])
    carried: set[str] = set()
    page_types: dict[str, Any] | None = None
    items_ev = []
    valid = 0
    refused = 0
    for url, data in sorted(gathered.items()):
        if data.get("refused"):  # not requested by policy: another host, robots.txt, not http(s)
            refused += 1
            items_ev.append(evidence(url, snippet=data.get("error") or f"not fetched: {data['refused']}",
                                     measured={"refused": data["refused"]}))
            continue
        if data.get("error") or not data.get("body"):
            items_ev.append(evidence(url, snippet=f"feed not fetched: {data.get('error') or 'empty'}",
                                     measured={"status": data.get("status")}))
            continue
        items, problem = parse_feed(data["body"])
        if problem:
            items_ev.append(evidence(url, snippet=f"invalid feed: {problem}", measured={"status": data.get("status")}))
            continue
        valid += 1
        own_hosts = {urlsplit(site.site).netloc.lower()}
        if home := feed_home(data["body"]):
            own_hosts.add(urlsplit(urljoin(url, home)).netloc.lower())
        linked = {i.get("link", ""): _linked_page(site, i.get("link", ""), own_hosts) for i in items}
        if page_types is None and any(linked.values()):
            page_types = stored_or_classified({p.url: p for p in site.html_pages()}, site.site, site.home)
        types = set().union(*(classify(i, _type_of(page_types, linked.get(i.get("link", "")))) for i in items)) \
            if items else set()
        carried |= types
        items_ev.append(evidence(url, snippet=f"{len(items)} items", measured={"items": len(items),
                                                                             "types": sorted(types)}))
    if not valid and refused:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.4.3", verdict="not_assessed",
                       points=None, max_points=0.3, reading=reading, evidence_items=items_ev,
                       note=f"no valid RSS feed among those fetched; {refused} feed(s) not fetched (another host "
                            "or robots.txt): an evaluator must look at them")
    if not valid:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.4.3", verdict="fail", points=0.0,
                       max_points=0.3, reading=reading, evidence_items=items_ev, note="no valid RSS feed")
    facts = {t: t in carried for t in REQUIRED}
    return score_facts(site=site, indicator="a4.4.3", max_points=0.3, unit=0.15, facts=facts, reading=reading,
                       evidence_items=items_ev)
