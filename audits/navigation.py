"""a4.2.2 navigational accessibility: materials within N clicks of the home page (shortest path)."""

from __future__ import annotations

from urllib.parse import urlsplit

from audits.graph import click_path, shortest_depths
from audits.settings import AuditSettings
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import FAIL, PASS, Finding, evidence, finding
from crawler.links import NAVIGATIONAL_KINDS

INDICATOR = "a4.2.2"
MAX_POINTS = 0.3
SEARCH_PATH = ("search", "poisk", "izdeu")


def is_discovery_file(page: PageArtifact) -> bool:
    """robots.txt, XML sitemaps and feeds are for machines, not pages a visitor navigates to."""
    return urlsplit(page.url).path == "/robots.txt" or any(k in page.info for k in ("xml_sitemap", "feed", "sitemaps"))


def is_material(page: PageArtifact, site: SiteArtifacts, homes: set[str]) -> bool:
    """Material = content a visitor comes for: any page or document except home, site map and search results."""
    if not page.ok or page.url in homes or page.info.get("is_sitemap"):
        return False
    if is_discovery_file(page):
        return False
    parts = urlsplit(page.url)
    if any(word in parts.path.lower() for word in SEARCH_PATH) or "q=" in parts.query:
        return False
    return urlsplit(site.site).netloc == parts.netloc


def audit_navigation(site: SiteArtifacts, settings: AuditSettings) -> Finding:
    kinds = None if settings.nav_links == "all" else NAVIGATIONAL_KINDS
    home = site.home
    depths = shortest_depths(site.edges, home, kinds)
    depths_any = depths if kinds is None else shortest_depths(site.edges, home)
    homes = {home, site.site}
    materials = [p for p in site.pages.values() if is_material(p, site, homes)]
    limit = settings.nav_depth_limit
    within = [p for p in materials if depths.get(p.url, 1 << 30) <= limit]
    within5 = [p for p in materials if depths.get(p.url, 1 << 30) <= 5]
    share = len(within) / len(materials) if materials else 0.0
    ok = bool(materials) and share >= settings.nav_material_share
    deep = sorted((p for p in materials if depths.get(p.url, 1 << 30) > limit),
                  key=lambda p: (-depths.get(p.url, 99), p.url))
    histogram: dict[str, int] = {}
    for p in materials:
        d = depths.get(p.url)
        key = str(d) if d is not None else "unreachable"
        histogram[key] = histogram.get(key, 0) + 1
    items = [evidence(home, measured={"materials": len(materials), "within_limit": len(within),
                                      "share": round(share, 4), "within_5": len(within5), "depth_histogram": histogram,
                                      "depth_limit": limit})]
    for p in deep[:10]:
        path = click_path(site.edges, home, p.url, kinds)
        items.append(evidence(p.url, measured={"clicks": depths.get(p.url), "click_path": path,
                                               "clicks_any_link": depths_any.get(p.url)}))
    reading = (f"A-6: shortest click path from the home page over {settings.nav_links} links; full points when "
               f"≥ {settings.nav_material_share:.0%} of material pages are within {limit} clicks")
    note = (f"{len(within)} of {len(materials)} material pages ({share:.0%}) within {limit} clicks; "
            f"{len(within5)} within 5")
    return finding(body=site.body, site=site.site, lang=None, indicator=INDICATOR, verdict=PASS if ok else FAIL,
                   points=MAX_POINTS if ok else 0.0, max_points=MAX_POINTS, reading=reading, evidence_items=items,
                   note=note)


def page_depths(site: SiteArtifacts) -> dict[str, dict[str, int | None]]:
    """Per stored URL: clicks from the home page over all links and over navigational links only."""
    all_links = shortest_depths(site.edges, site.home)
    nav_only = shortest_depths(site.edges, site.home, NAVIGATIONAL_KINDS)
    return {url: {"all": all_links.get(url), "navigational": nav_only.get(url)} for url in sorted(site.pages)}
