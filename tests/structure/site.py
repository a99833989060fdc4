"""A small handmade committee site (pages/site/*.html) where each page is reached through one structure only: a menu
a script builds from JSON, flag links, a hamburger panel, a language select box with URL values, one with language
codes, a pager ("Келесі »", `?page=2`, `/page/3/`), a GET filter form over a document library and an archive form
with more combinations than the crawler's cap. Served by fixtures.server on loopback.

The library lists a document only for one type-and-year combination, as a Drupal view with exposed filters does;
robots.txt disallows the `type=order` listings, so the gate must stop those form submissions too.
"""

from __future__ import annotations

from pathlib import Path

from fixtures.server import Request, Response

PAGES = Path(__file__).parent / "pages" / "site"
ROBOTS = "User-agent: *\nDisallow: /kk/library/?type=order\n"
ROUTES = {"/kk/": "home", "/kk/about/": "about", "/ru/": "ru_home", "/ru/about/": "ru_about",
          "/ru/only-from-ru-about/": "ru_regulation", "/kk/news/page/3/": "news_page3", "/kk/contacts/": "contacts"}
NEWS_ITEMS = ("/kk/news/item-1/", "/kk/news/item-2/", "/kk/news/item-3/")
MONTHS, YEARS = range(1, 13), (2024, 2025, 2026)  # 36 archive combinations


def _file(name: str) -> str:
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


class StructureSite:
    name = "structure_site"
    host = "www.structure-fixture.gov.kz"

    def handle(self, request: Request) -> Response:
        path = request.path or "/"
        if path == "/robots.txt":
            return Response.text(ROBOTS, content_type="text/plain; charset=utf-8")
        if path == "/":
            return Response.redirect("/kk/")
        if path in ROUTES:
            return Response.text(_file(ROUTES[path]))
        if path == "/kk/news/":
            return Response.text(_file("news_page2" if request.arg("page") == "2" else "news"))
        if path in NEWS_ITEMS or path.startswith("/kk/library/doc-"):
            return Response.text(_file("news_item" if path in NEWS_ITEMS else "doc"))
        if path == "/kk/library/":
            kind, year = request.arg("type", "All"), request.arg("year", "All")
            rows = "" if "All" in (kind, year) else \
                f'<div class="views-row"><a href="/kk/library/doc-{kind}-{year}/">{kind} {year}</a></div>'
            return Response.text(_file("library").replace("{rows}", rows))
        if path == "/kk/archive/":
            months = "".join(f'<option value="{m:02d}">{m}</option>' for m in MONTHS)
            years = "".join(f'<option value="{y}">{y}</option>' for y in YEARS)
            return Response.text(_file("archive").replace("{months}", months).replace("{years}", years))
        return Response.not_found()
