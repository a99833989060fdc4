"""A hostile server: every misbehaviour ends as a recorded finding (collection note or error page), never a crash."""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml

from fixtures.server import FixtureServers, Request, Response

pytestmark = pytest.mark.integration

RU_TEXT = "Министерство сообщает о проведении приёма граждан по вопросам транспорта и связи."


class HostileSite:
    name, host = "hostile", "hostile.example"

    def __init__(self) -> None:
        self.hits_429 = 0

    def handle(self, request: Request) -> Response:  # noqa: C901 - one route per misbehaviour
        path = request.path
        if path == "/":
            links = "".join(f'<li><a href="{href}">{href}</a></li>' for href in (
                "/slow", "/loop-a", "/to-private", "/big", "/wrong-charset", "/cp1251", "/e500", "/r429",
                "/calendar?month=2026-07", "/page;jsessionid=ABC123", "/ok"))
            return Response.text(f"<html lang='ru'><body><nav class='menu'><ul>{links}</ul></nav>"
                                 f"<main><p>{RU_TEXT}</p></main></body></html>")
        if path == "/slow":
            return Response(body=b"<html>late</html>", delay=3.0)
        if path == "/loop-a":
            return Response.redirect("/loop-b")
        if path == "/loop-b":
            return Response.redirect("/loop-a")
        if path == "/to-private":
            return Response.redirect("http://10.255.255.1/admin")
        if path == "/big":
            return Response.text("<html><body>" + "x" * (5 * 1024 * 1024) + "</body></html>")
        if path == "/wrong-charset":
            return Response(body=f"<html><body><p>{RU_TEXT}</p></body></html>".encode("cp1251"),
                            content_type="text/html; charset=utf-8")
        if path == "/cp1251":
            return Response(body=f"<html lang='ru'><body><main><p>{RU_TEXT}</p></main></body></html>".encode("cp1251"),
                            content_type="text/html; charset=windows-1251")
        if path == "/e500":
            return Response.text("boom", status=500)
        if path == "/r429":
            self.hits_429 += 1
            return Response(status=429, body=b"slow down", headers=[("Retry-After", "1")])
        if path == "/calendar":
            month = request.arg("month", "2026-07")
            year, mon = map(int, month.split("-"))
            prev = f"{year - (mon == 1)}-{(mon - 2) % 12 + 1:02d}"
            nxt = f"{year + (mon == 12)}-{mon % 12 + 1:02d}"
            return Response.text(f"<html><body><a href='/calendar?month={prev}'>prev</a>"
                                 f"<a href='/calendar?month={nxt}'>next</a></body></html>")
        if path in ("/ok", "/page"):
            return Response.text(f"<html><body><p>{RU_TEXT}</p></body></html>")
        return Response.not_found()


def test_each_misbehaviour_is_a_finding_and_the_crawl_completes(tmp_path, cli):
    site = HostileSite()
    with FixtureServers([site]) as servers:
        base = servers.urls["hostile"]
        targets = {"audit": {"clock": "2026-07-01T12:00:00+05:00", "max_bytes_per_page": 2_000_000,
                             "scrapy_settings": {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}, "gatherers": []},
                   "bodies": {"hostile": {"names": {"ru": "Враждебный"}, "type": "local", "sites": [base + "/"]}}}
        (tmp_path / "t.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True))
        result = cli("--quiet", "run", "--targets", str(tmp_path / "t.yaml"), "--out", str(tmp_path / "run"),
                     "--no-screenshots", timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    notes = json.loads((tmp_path / "run" / "notes.json").read_text())
    text = "\n".join(f"{n['message']} {n['url']}" for n in notes)
    assert "no answer within the download timeout" in text and "/slow" in text
    assert "redirect loop" in text
    assert "leaves the site to http://10.255.255.1/admin" in text
    assert "byte cap" in text and "/big" in text
    assert "declared charset utf-8 but the bytes are cp1251" in text
    assert "server error HTTP 500" in text
    assert "HTTP 429" in text and site.hits_429 >= 2  # retried politely, then recorded
    assert "crawler trap cut (calendar" in text

    db = sqlite3.connect(tmp_path / "run" / "run.sqlite")
    urls = {u for (u,) in db.execute("SELECT url FROM pages")}
    assert base + "/page" in urls and not any("jsessionid" in u for u in urls)  # session id stripped
    assert not any("10.255.255.1" in u for u in urls)  # the private address was never requested
    calendar = [u for u in urls if "calendar" in u]
    assert 1 < len(calendar) <= 24  # followed a while, then cut
    info = json.loads(db.execute("SELECT info FROM pages WHERE url=?", (base + "/cp1251",)).fetchone()[0])
    assert info["lang_detected"] == "ru" and not info["encoding_check"]["mismatch"]
    findings = json.loads((tmp_path / "run" / "findings.json").read_text())
    assert {f["verdict"] for f in findings if f["indicator"] == "a4.2.2"} <= {"pass", "fail"}
