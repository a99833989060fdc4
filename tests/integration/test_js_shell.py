"""A stand-alone site whose pages are empty JavaScript shells is rendered in Chromium and crawled through."""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml

from fixtures.server import FixtureServers, Request, Response

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SHELL = ("<!doctype html><html lang='ru'><head><title>Загрузка…</title></head><body><div id='root'></div>"
         "<script src='/static/app.js'></script></body></html>")
APP_JS = """
const sections = {"/": ["/news", "/docs"], "/news": ["/news/1"], "/docs": []};
const path = location.pathname;
const root = document.getElementById("root");
root.innerHTML = "<nav class='main-menu'><ul>" +
  ["/", "/news", "/docs", "/contacts.html"].map(h => `<li><a href="${h}">${h}</a></li>`).join("") + "</ul></nav>" +
  "<main><h1>Раздел " + path + "</h1><p>Министерство публикует новости и документы о своей деятельности.</p>" +
  (sections[path] || []).map(h => `<a href="${h}">${h}</a>`).join(" ") + "</main>";
document.title = "Раздел " + path;
"""


class ShellSite:
    name, host = "spa", "spa.example"

    def handle(self, request: Request) -> Response:
        if request.path == "/static/app.js":
            return Response.text(APP_JS, content_type="application/javascript")
        if request.path in ("/", "/news", "/docs", "/news/1"):
            return Response.text(SHELL)
        if request.path == "/contacts.html":
            return Response.text("<html lang='ru'><body><main><p>Адрес: Астана, улица Бейбітшілік, дом 1. "
                                 "Телефон приёмной указан ниже.</p></main></body></html>")
        return Response.not_found()


def test_shell_pages_are_rendered_and_their_links_crawled(tmp_path, cli):
    with FixtureServers([ShellSite()]) as servers:
        base = servers.urls["spa"]
        targets = {"audit": {"gatherers": []},
                   "bodies": {"spa": {"names": {"ru": "СПА"}, "type": "central", "sites": [base + "/"]}}}
        (tmp_path / "t.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True))
        result = cli("--quiet", "run", "--targets", str(tmp_path / "t.yaml"), "--out", str(tmp_path / "run"),
                     "--no-screenshots", timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    db = sqlite3.connect(tmp_path / "run" / "run.sqlite")
    pages = {url[len(base):]: json.loads(info) for url, info in db.execute("SELECT url, info FROM pages")}
    # /news/1 is linked only from the rendered /news page: reaching it proves two render rounds
    assert {"/", "/news", "/docs", "/news/1", "/contacts.html"} <= set(pages)
    assert pages["/"]["js_shell"] and pages["/"]["rendered"] and pages["/"]["lang_detected"] == "ru"
    assert not pages["/contacts.html"].get("js_shell")
    depths = json.loads((tmp_path / "run" / "depths.json").read_text())["spa"]
    assert depths[base + "/news/1"]["all"] == 2
