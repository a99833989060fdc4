"""PortalClient against a tiny loopback site: retries on 5xx, redirects with cookies, robots policy, storage."""

from __future__ import annotations

import pytest

from crawler.portals import DEFAULT_SETTINGS
from crawler.portals.http import Disallowed, NotFound, PortalClient, PortalError
from crawler.store import RunStore
from fixtures.server import FixtureServers, Request, Response

pytestmark = pytest.mark.integration


class Flaky:
    name = "flaky"
    host = "flaky.example"

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    def handle(self, request: Request) -> Response:
        n = self.calls[request.path] = self.calls.get(request.path, 0) + 1
        if request.path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /private\n", content_type="text/plain")
        if request.path == "/flaky":
            if n == 1:
                return Response.text("boom", status=500)
            if n == 2:
                return Response(status=503, body=b"busy", headers=[("Retry-After", "0")])
            return Response.text('{"ok": true}', content_type="application/json")
        if request.path == "/always500":
            return Response.text("down", status=500)
        if request.path == "/login":
            resp = Response.redirect("/whoami")
            resp.headers.append(("Set-Cookie", "egovLang=ru; Path=/"))
            return resp
        if request.path == "/whoami":
            return Response.text(request.cookies.get("egovLang", "none"), content_type="text/plain")
        if request.path == "/private/page":
            return Response.text("secret")
        return Response.not_found()


@pytest.fixture()
def client(tmp_path):
    site = Flaky()
    with FixtureServers([site]) as servers:
        settings = {**DEFAULT_SETTINGS, "delay": 0.0, "jitter": 0.0, "backoff": 0.01, "retries": 2, "timeout": 5}
        store = RunStore.in_dir(tmp_path)
        yield PortalClient("flaky", site.host, servers.urls["flaky"], store, settings), store, site


def test_5xx_then_ok_is_retried_and_stored(client):
    c, store, site = client
    assert c.get_json("/flaky", body="b") == {"ok": True}
    assert site.calls["/flaky"] == 3
    assert any("HTTP 503" in n["message"] for n in store.notes("b"))
    assert any(u.endswith("/flaky") for u in store.page_urls("b"))


def test_persistent_5xx_and_404_raise_clear_errors(client):
    c, _, site = client
    with pytest.raises(PortalError, match="HTTP 500 after 3 attempts"):
        c.get("/always500", body="b")
    assert site.calls["/always500"] == 3
    with pytest.raises(NotFound):
        c.get("/nothing", body="b")


def test_redirect_keeps_the_session_cookie(client):
    c, _, _ = client
    assert c.get("/login", body="b", session="s1").text == "ru"
    assert c.get("/whoami", body="b", session="s1").text == "ru"
    assert c.get("/whoami", body="b", session="s2").text == "none"


def test_robots_obey_and_audit_override(client):
    c, store, site = client
    with pytest.raises(Disallowed):
        c.get("/private/page", body="b")
    assert "/private/page" not in site.calls
    c.settings = {**c.settings, "robots_policy": "audit_override", "robots_allow": ["/private"]}
    assert c.get("/private/page", body="b").text == "secret"
    assert [n for n in store.notes("b") if "read under the audit_override policy" in n["message"]]
