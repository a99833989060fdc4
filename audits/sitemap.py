"""a4.2.5 site map: an HTML site-map page exists; −0.1 per dead link on it, capped (A-9)."""

from __future__ import annotations

from audits.settings import AuditSettings
from core.artifacts import SiteArtifacts
from core.findings import FAIL, Finding, evidence, finding, verdict_for

INDICATOR = "a4.2.5"
MAX_POINTS, STEP = 0.4, 0.1


def sitemap_pages(site: SiteArtifacts) -> list[str]:
    return sorted(p.url for p in site.html_pages() if p.info.get("is_sitemap"))


def audit_sitemap(site: SiteArtifacts, settings: AuditSettings) -> Finding:
    maps = sitemap_pages(site)
    reading = (f"A-9: −0.1 per non-working link on the HTML site map, total deduction capped at "
               f"{settings.sitemap_deduction_cap}")
    if not maps:
        return finding(body=site.body, site=site.site, lang=None, indicator=INDICATOR, verdict=FAIL, points=0.0,
                       max_points=MAX_POINTS, reading=reading, note="no HTML site map page found",
                       evidence_items=[evidence(site.home, snippet="no site map page among the crawled pages")])
    map_set = set(maps)
    dead: list[tuple[str, str, str]] = []
    unchecked = 0
    for src, dst, kind, text in site.edges:
        if src not in map_set or kind in ("lang", "redirect"):
            continue
        page = site.pages.get(dst)
        if page is None:
            unchecked += 1
        elif page.dead:
            dead.append((src, dst, text))
    dead = sorted(set(dead))
    deduction = min(STEP * len(dead), settings.sitemap_deduction_cap)
    points = MAX_POINTS - deduction
    items = [evidence(m, measured={"sitemap_page": True}) for m in maps]
    for src, dst, text in dead:
        page = site.pages[dst]
        items.append(evidence(dst, snippet=f"link «{text}» on {src}",
                              measured={"status": page.status, "error": page.error, "on_sitemap": src}))
    note = f"{len(maps)} site map page(s); {len(dead)} dead link(s)" + (
        f"; {unchecked} link(s) outside the site not checked" if unchecked else "")
    return finding(body=site.body, site=site.site, lang=None, indicator=INDICATOR,
                   verdict=verdict_for(points, MAX_POINTS), points=points, max_points=MAX_POINTS,
                   reading=reading, evidence_items=items, note=note)
