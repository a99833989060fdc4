"""The display, search and accessibility checks read a script-built page (as the www.gov.kz app is) once its data
calls are done, not at its load event: here the header with the search field, the page's text and an image
without a text alternative come from an API answer that arrives 1.2 s after the load, as they do from a busy
platform. Read at load (the old behaviour), the page has no search field, no main text and no image: the display
and search checks fail it, and axe passes the empty shell."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from fixtures.server import FixtureServers, Request, Response

pytestmark = [pytest.mark.browser, pytest.mark.integration]

API_DELAY_S = 1.2
SHELL = """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Министерство</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><div id="root"></div>
<script>
  fetch('/api/page').then((r) => r.json()).then((page) => {
    document.getElementById('root').innerHTML = page.html;
  });
</script></body></html>"""
PAGE = ('<header><img src="/logo.png" width="40" height="40"><form role="search" action="/ru/search">'
        '<input type="search" name="q" placeholder="Поиск по сайту"></form></header><main><h1>Новости министерства</h1>'
        + "<p>Министерство сообщает о ходе работ по программе развития региона. </p>" * 12 + "</main>")
SEARCH_RESULTS = '<!doctype html><html lang="ru"><body><main><a href="/ru/news/1">Результат</a></main></body></html>'


class ScriptBuiltSite:
    """A one-page app: the shell at /ru/, its content from /api/page, answered API_DELAY_S late."""

    name, host = "script_built", "app.test"

    def handle(self, request: Request) -> Response:
        if request.path == "/api/page":
            return Response(body=json.dumps({"html": PAGE}).encode(), content_type="application/json",
                            delay=API_DELAY_S)
        if request.path == "/ru/search":
            return Response.text(SEARCH_RESULTS)
        if request.path in ("/", "/ru/"):
            return Response.text(SHELL)
        return Response.not_found()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with FixtureServers([ScriptBuiltSite()]) as servers:
        yield servers.urls[ScriptBuiltSite.name] + "/ru/"


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[tuple]:
    from playwright.sync_api import sync_playwright

    from crawler.browser.guard import launch_guarded
    from crawler.browser.launch import chromium_args, chromium_path
    from crawler.gate import Gate

    with sync_playwright() as pw:
        browser, guard = launch_guarded(pw, Gate(site, robots_policy="ignore"), executable_path=chromium_path(),
                                        args=chromium_args(), headless=True)
        try:
            yield browser, guard
        finally:
            browser.close()


def test_display_reads_the_page_once_its_data_has_come(site, browser, tmp_path):
    from crawler.browser.display import render_chromium

    chromium, guard = browser
    records = render_chromium(chromium, "ios", [site], "body", tmp_path, 15_000, guard)
    assert records[0]["error"] is None
    assert records[0]["measured"]["main_text_chars"] > 500, records[0]["measured"]
    assert records[0]["problems"] == []


def test_search_check_finds_the_field_the_app_draws(site, browser, tmp_path):
    from crawler.browser.search_check import check_language

    chromium, guard = browser
    context = chromium.new_context()
    try:
        page = context.new_page()
        rec = check_language(page, "ru", site, ("ход работ по программе", site), tmp_path / "search.png", 15_000,
                             guard=guard)
    finally:
        context.close()
    assert rec["form_found"] is True and rec["field"] == "input[type=search]"
    assert rec["accepted"] == rec["typed"]
    assert rec["separate_page"] is True and rec["results_url"].startswith(site + "search")


def test_accessibility_checks_run_on_the_drawn_page(site, tmp_path):
    from crawler.browser.a11y import check_pages
    from crawler.gate import Gate

    art = check_pages([site], out_dir=tmp_path, workers=1, gate=Gate(site, robots_policy="ignore"))[site]
    assert not art.get("error"), art.get("error")
    assert [(f["rule"], f["target"]) for f in art["alt_text"]["failures"]] == [("image-alt", "#root > header > img")]
    assert art["keyboard"]["focusable"] == 1  # the search field the app drew
