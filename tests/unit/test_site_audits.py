"""The a4.2.2–a4.2.5 audits on hand-built artifacts (no I/O)."""

from audits.furniture import audit_breadcrumbs, audit_furniture, survey
from audits.navigation import audit_navigation
from audits.registry import audit_site
from audits.settings import AuditSettings
from audits.sitemap import audit_sitemap
from core.artifacts import PageArtifact, SiteArtifacts
from crawler.links import extract_links, looks_like_sitemap_page, parse_html

S = "http://s.kz/ru/"
FURNITURE = ('<header><a href="/ru/">Главная</a><form action="/ru/search"><input type="text" name="q"></form>'
             '</header><nav class="menu"><a href="/ru/a">A</a><a href="/ru/b">B</a><a href="/ru/c">C</a></nav>'
             '<footer><a href="/ru/sitemap">Карта сайта</a></footer>')
CRUMBS = '<div class="breadcrumbs"><a href="/ru/">Главная</a> › A</div>'


def html(content: str = "", furniture: bool = True, crumbs: bool = True, title: str = "Page") -> str:
    return (f"<html lang='ru'><head><title>{title}</title></head><body>{FURNITURE if furniture else ''}"
            f"{CRUMBS if crumbs else ''}<main>{content}</main></body></html>")


def site_from(pages: dict[str, tuple[int, str]]) -> SiteArtifacts:
    arts, edges = {}, []
    for url, (status, body) in pages.items():
        ctype = "text/html; charset=utf-8" if body is not None else "application/pdf"
        doc = parse_html(body) if body else None
        is_map = looks_like_sitemap_page(doc, url)
        arts[url] = PageArtifact(url=url, status=status, content_type=ctype, html=body or "",
                                 info={"is_sitemap": is_map})
        if doc is not None and status == 200:
            edges += [(url, link.url, link.kind, link.text) for link in extract_links(doc, url, is_sitemap=is_map)]
    return SiteArtifacts(body="b", site=S, pages=arts, edges=edges)


def good_site() -> SiteArtifacts:
    return site_from({
        S: (200, html('<a href="/ru/a">A</a>', crumbs=False)),
        "http://s.kz/ru/a": (200, html('<a href="/ru/doc.pdf">doc</a>')),
        "http://s.kz/ru/b": (200, html()),
        "http://s.kz/ru/c": (200, html()),
        "http://s.kz/ru/doc.pdf": (200, None),
        "http://s.kz/ru/search": (200, html()),
        "http://s.kz/ru/sitemap": (200, html('<a href="/ru/a">A</a><a href="/ru/b">B</a>', title="Карта сайта")),
    })


def test_good_site_passes_all_four():
    site, st = good_site(), AuditSettings()
    features = survey(site)
    assert audit_navigation(site, st)["verdict"] == "pass"
    assert audit_furniture(site, st, features)["points"] == 0.45
    assert audit_breadcrumbs(site, st, features)["points"] == 1.0
    assert audit_sitemap(site, st)["points"] == 0.4


def test_missing_search_and_menu_each_cost_015():
    site = good_site()
    site.pages["http://s.kz/ru/b"].html = html(furniture=False).replace(
        "<main>", '<a href="/ru/">Главная</a><a href="/ru/sitemap">Карта сайта</a><main>')
    site.pages["http://s.kz/ru/b"].__dict__.pop("doc", None)
    f = audit_furniture(site, AuditSettings(), survey(site))
    assert f["verdict"] == "partial" and abs(f["points"] - 0.15) < 1e-9
    assert {e["measured"].get("missing") for e in f["evidence"][1:]} == {"menu", "search"}
    # the "majority" reading forgives one page out of six
    assert audit_furniture(site, AuditSettings(furniture_rule="majority"), survey(site))["points"] == 0.45


def test_dead_sitemap_links_deduct_with_cap():
    pages = {u: v for u, v in good_site().pages.items()}
    links = "".join(f'<a href="/ru/gone{i}">x{i}</a>' for i in range(3))
    site = site_from({**{u: (p.status, p.html or None) for u, p in pages.items()},
                      "http://s.kz/ru/sitemap": (200, html('<a href="/ru/a">A</a>' + links, title="Карта сайта")),
                      **{f"http://s.kz/ru/gone{i}": (404, html()) for i in range(3)}})
    f = audit_sitemap(site, AuditSettings())
    assert abs(f["points"] - 0.2) < 1e-9  # 3 dead × 0.1 = 0.3, capped at 0.2
    assert len([e for e in f["evidence"] if e["measured"].get("status") == 404]) == 3
    assert abs(audit_sitemap(site, AuditSettings(sitemap_deduction_cap=0.4))["points"] - 0.1) < 1e-9


def test_no_sitemap_fails():
    site = good_site()
    del site.pages["http://s.kz/ru/sitemap"]
    assert audit_sitemap(site, AuditSettings())["verdict"] == "fail"


def test_deep_materials_fail_navigation_and_show_the_click_path():
    chain = {f"http://s.kz/ru/p{i}": (200, html(f'<a href="/ru/p{i + 1}">next</a>', crumbs=False))
             for i in range(1, 8)}
    chain[S] = (200, html('<a href="/ru/p1">p1</a>', crumbs=False))
    site = site_from(chain)
    f = audit_navigation(site, AuditSettings())
    assert f["verdict"] == "fail" and f["points"] == 0
    deepest = f["evidence"][1]
    assert deepest["measured"]["click_path"][0] == S and len(deepest["measured"]["click_path"]) > 4
    assert audit_navigation(site, AuditSettings(nav_depth_limit=10))["verdict"] == "pass"


def test_unreachable_home_gives_error_findings_not_zero():
    site = SiteArtifacts(body="b", site=S, pages={S: PageArtifact(url=S, status=500, content_type="text/html")},
                         edges=[])
    findings = {f["indicator"]: f for f in audit_site(site, AuditSettings())}
    assert findings["a4.2.2"]["verdict"] == "error" and findings["a4.2.2"]["points"] is None
    assert "HTTP 500" in findings["a4.2.2"]["note"]
    assert findings["a4.3.6"]["verdict"] == "not_assessed"
    assert len(findings) == 27
