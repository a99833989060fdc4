"""a4.2.3 (menu, home link, site-map link, search on every page) and a4.2.4 (breadcrumbs)."""

from __future__ import annotations

from audits.page_features import find_breadcrumbs, find_home_link, find_menu, find_search, find_sitemap_link
from audits.settings import AuditSettings
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import FAIL, PASS, Finding, evidence, finding, verdict_for
from core.site_pages import home_urls

FURNITURE = ("menu", "home_link", "sitemap_link", "search")
A423_MAX, A423_STEP = 0.45, 0.15
A424_MAX = 1.0
EXAMPLES = 5


def page_furniture(page: PageArtifact, site: SiteArtifacts, homes: set[str]) -> dict[str, str | None]:
    """Which furniture a page has (selector evidence) — exemptions: home needs no home link, site map no link."""
    doc = page.doc
    if doc is None:
        return dict.fromkeys((*FURNITURE, "breadcrumbs"))
    is_home = page.url in homes
    return {
        "menu": find_menu(doc),
        "home_link": "(this is the home page)" if is_home else find_home_link(doc, page.url, homes),
        "sitemap_link": "(this is the site map)" if page.info.get("is_sitemap")
        else find_sitemap_link(doc, page.url),
        "search": find_search(doc),
        "breadcrumbs": find_breadcrumbs(doc),
    }


def survey(site: SiteArtifacts) -> dict[str, dict[str, str | None]]:
    homes = home_urls(site.site, site.home)
    return {p.url: page_furniture(p, site, homes) for p in sorted(site.html_pages(), key=lambda p: p.url)}


def audit_furniture(site: SiteArtifacts, settings: AuditSettings,
                    features: dict[str, dict[str, str | None]]) -> Finding:
    pages = list(features)
    missing = {k: [u for u in pages if not features[u][k]] for k in FURNITURE}
    if settings.furniture_rule == "any_page":
        failed = [k for k in FURNITURE if missing[k]]
    else:
        failed = [k for k in FURNITURE if len(missing[k]) > len(pages) / 2]
    points = max(0.0, A423_MAX - A423_STEP * len(failed)) if pages else 0.0
    items = [evidence(site.home, measured={"pages_checked": len(pages),
                                           "missing_counts": {k: len(v) for k, v in missing.items()}})]
    for k in FURNITURE:
        for url in missing[k][:EXAMPLES]:
            items.append(evidence(url, selector=None, snippet=f"no {k.replace('_', ' ')} found on this page",
                                  measured={"missing": k}))
    reading = ("A-7: −0.15 per element type (menu, home link, site map link, search) missing on "
               + ("any checked page" if settings.furniture_rule == "any_page" else "most checked pages")
               + "; floor 0; the home page needs no home link and the site map no link to itself")
    note = ("missing: " + ", ".join(f"{k} on {len(missing[k])} page(s)" for k in failed)) if failed else \
        f"all four elements on all {len(pages)} pages"
    return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.3",
                   verdict=verdict_for(points, A423_MAX) if pages else FAIL, points=points, max_points=A423_MAX,
                   reading=reading, evidence_items=items, note=note)


def audit_breadcrumbs(site: SiteArtifacts, settings: AuditSettings,
                      features: dict[str, dict[str, str | None]]) -> Finding:
    homes = home_urls(site.site, site.home)
    inner = [u for u in features if u not in homes]
    with_crumbs = [u for u in inner if features[u]["breadcrumbs"]]
    share = len(with_crumbs) / len(inner) if inner else 0.0
    ok = bool(inner) and share >= settings.breadcrumbs_min_share
    items = [evidence(site.home, measured={"inner_pages": len(inner), "with_breadcrumbs": len(with_crumbs),
                                           "share": round(share, 4)})]
    items += [evidence(u, selector=features[u]["breadcrumbs"], measured={"breadcrumbs": True})
              for u in with_crumbs[:2]]
    items += [evidence(u, snippet="no breadcrumb trail on this page", measured={"breadcrumbs": False})
              for u in [u for u in inner if not features[u]["breadcrumbs"]][:EXAMPLES]]
    reading = (f"A-8: no rule in the text; all-or-nothing — present when breadcrumbs appear on ≥ "
               f"{settings.breadcrumbs_min_share:.0%} of inner pages")
    return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.4", verdict=PASS if ok else FAIL,
                   points=A424_MAX if ok else 0.0, max_points=A424_MAX, reading=reading, evidence_items=items,
                   note=f"breadcrumbs on {len(with_crumbs)} of {len(inner)} inner pages ({share:.0%})")
