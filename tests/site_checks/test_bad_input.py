"""Bad input in the browser gatherers: script errors, dialogs, a page that never finishes, a huge page, an
empty page. Each gets a time limit and a record; the next page is still rendered."""

from __future__ import annotations

import pytest

from crawler.browser.display import render_chromium, render_firefox
from crawler.browser.launch import chromium_args, chromium_path
from crawler.browser.search_check import check_language
from fixtures.server import FixtureServers, Request, Response

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PAGE = ('<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width"><title>t</title></head><body><main>{}</main></body></html>')


class BadSite:
    name = "bad"
    host = "bad.test"

    def handle(self, request: Request) -> Response:
        text = "<h1>Страница</h1><p>" + "Обычный текст страницы. " * 10 + "</p>"
        if request.path == "/error/":
            return Response.text(PAGE.format(text + "<script>notDefinedAnywhere();</script>"))
        if request.path == "/dialog/":
            return Response.text(PAGE.format(text + "<script>alert('Сайт на реконструкции')</script>"))
        if request.path == "/hang/":  # outlasts every time limit below by far
            return Response(body=PAGE.format(text).encode(), delay=60.0)
        if request.path == "/huge/":
            return Response.text(PAGE.format("<p>строка текста</p>" * 40000))
        if request.path == "/empty/":
            return Response.text(PAGE.format(""))
        if request.path == "/hidden-search/":  # the field appears only after a click on the search icon
            return Response.text(PAGE.format(
                text + '<button class="search-toggle" onclick="document.getElementById(\'sf\').style.display='
                '\'block\'">&#128269;</button><form id="sf" style="display:none" action="/results/">'
                '<input type="search" name="q"></form>'))
        if request.path == "/results/":
            q = request.arg("q") or ""
            hit = '<li><a href="/ok/">Страница</a></li>' if "обычный" in q.casefold() else ""
            return Response.text(PAGE.format(f'<form action="/results/"><input type="search" name="q" value="{q}">'
                                             f"</form><ol>{hit}</ol>"))
        if request.path == "/animated/":
            return Response.text(PAGE.format(text + "<script>(function f(){requestAnimationFrame(f)})()</script>"))
        return Response.text(PAGE.format(text))


@pytest.fixture(scope="module")
def served():
    with FixtureServers([BadSite()]) as servers:
        yield servers.urls["bad"]


def test_display_records_every_bad_page_and_goes_on(served, tmp_path):
    from playwright.sync_api import sync_playwright

    urls = [f"{served}/{p}/" for p in ("error", "dialog", "hang", "ok", "huge", "empty", "animated")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=chromium_args(), headless=True)
        try:
            records = {r["url"].rsplit("/", 2)[-2]: r for r in
                       render_chromium(browser, "android", urls, "b", tmp_path, timeout_ms=12000)}
        finally:
            browser.close()
    assert any("script errors" in p for p in records["error"]["problems"])
    assert records["dialog"]["dialogs"] == ["alert: Сайт на реконструкции"]
    assert records["hang"]["error"] and "did not display" in records["hang"]["problems"][0]
    assert records["ok"]["problems"] == [] and (tmp_path / records["ok"]["screenshot"]).exists()
    assert records["huge"]["screenshot"] and records["huge"]["error"] is None
    assert any("missing main content" in p for p in records["empty"]["problems"])
    assert records["animated"]["problems"] == []


def test_firefox_is_killed_at_its_time_limit(served, tmp_path):
    (record,) = render_firefox([f"{served}/hang/"], "b", tmp_path, timeout_s=2.0)
    assert record["screenshot"] is None and "did not finish within 2 s" in record["problems"][0]


def test_search_check_without_a_search_field(served, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=chromium_args(), headless=True)
        try:
            page = browser.new_page()
            rec = check_language(page, "ru", f"{served}/ok/", ("Обычный текст", f"{served}/ok/"),
                                 tmp_path / "s.png", 5000)
        finally:
            browser.close()
    assert rec["form_found"] is False and rec["accepted"] is None


def test_search_check_opens_a_hidden_field_and_reads_the_results(served, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=chromium_args(), headless=True)
        try:
            page = browser.new_page()
            rec = check_language(page, "ru", f"{served}/hidden-search/", ("обычный текст страницы", f"{served}/ok/"),
                                 tmp_path / "s.png", 5000)
        finally:
            browser.close()
    assert rec["form_found"] and rec["accepted"] == 34 and rec["error"] is None
    assert rec["found_source"] and rec["separate_page"] and rec["query_kept"]
    assert (tmp_path / "s.png").exists()


def test_gatherers_survive_a_browser_that_cannot_start(served, tmp_path, monkeypatch):
    """Chromium failing to launch is a note and error records, never a crashed run."""
    from audits.site_checks.display import audit_display
    from audits.site_checks.search import audit_search
    from core.targets import Body
    from crawler.browser import display, search_check
    from crawler.site_loader import load_site
    from crawler.store import RunStore

    monkeypatch.setenv("GOVAUDIT_CHROMIUM", "/bin/false")
    monkeypatch.setenv("GOVAUDIT_FIREFOX", "/nonexistent/firefox")
    store = RunStore.in_dir(tmp_path)
    site = served + "/"
    home = (b'<html lang="ru"><body><main><p>text</p></main><form role="search"><input type="search" name="q">'
            b"</form></body></html>")
    store.put_page(body="b", site=site, url=site, final_url=site, status=200,
                   content_type="text/html; charset=utf-8", content=home)
    body = Body(key="b", names={"ru": "b"}, type="central", sites=[site])
    display.gather(store, body, site, run_dir=tmp_path, settings={})
    search_check.gather(store, body, site, run_dir=tmp_path, settings={})
    notes = " ".join(n["message"] if isinstance(n, dict) else str(n) for n in store.notes())
    assert "could not render" in notes and "could not run the site search" in notes
    artifacts = load_site(store, body, site)
    assert audit_display(artifacts, {})["verdict"] == "not_assessed"
    assert audit_search(artifacts, {})["verdict"] == "not_assessed"
    store.close()
