"""The scope and robots gate (crawler/gate.py) and the gated fetch for everything outside Scrapy
(crawler/gated_fetch.py), over real loopback HTTP: robots first and once, refusals without a request, every
redirect hop gated, a total deadline that cuts trickling answers, a byte cap that holds after decompression."""

from __future__ import annotations

import gzip
import threading
import time

import pytest

from crawler.gate import OFF_SCOPE, ROBOTS_DISALLOWED, Gate, disallow_paths, host_key, robots_url
from crawler.gated_fetch import NOT_HTTP, ensure_robots, fetch, gate_from_store, request_once
from crawler.store import RunStore
from fixtures.server import FixtureServers, Request, Response

ROBOTS = "User-agent: *\nDisallow: /private/\nDisallow: /search$\n\nUser-agent: other\nDisallow: /\n"


class Site:
    name, host = "site", "site.test"
    other = ""

    def handle(self, request: Request) -> Response:
        path = request.path
        if path == "/robots.txt":
            time.sleep(0.2)  # slow enough that concurrent first fetches overlap
            return Response.text(ROBOTS, content_type="text/plain")
        if path == "/to-other":
            return Response.redirect(f"{self.other}/x")
        if path == "/to-private":
            return Response.redirect("/private/x")
        if path == "/hop":
            n = int(request.arg("n", "0") or 0)
            return Response.redirect(f"/hop?n={n + 1}") if n < 50 else Response.text("end")
        if path == "/to-ok":
            return Response.redirect("/ok")
        if path == "/trickle":
            return Response(chunks=(b"x" for _ in range(300)), chunk_delay=0.1, content_type="application/rss+xml")
        if path == "/slow-headers":
            return Response(body=b"late", content_type="text/plain", delay=5.0)
        if path == "/big":
            return Response(chunks=(b"y" * 10_000 for _ in range(100)), content_type="text/plain")
        if path == "/bomb":
            return Response(body=gzip.compress(b"\0" * 20_000_000), content_type="text/plain",
                            headers=[("Content-Encoding", "gzip")])
        return Response.text(f"page {path}", content_type="text/plain")


class Other:
    name, host, address = "other", "other.test", "127.0.0.2"

    def handle(self, request: Request) -> Response:
        return Response.text("other host", content_type="text/plain")


@pytest.fixture
def served():
    site = Site()
    with FixtureServers([site, Other()]) as servers:
        site.other = servers.urls["other"]
        yield servers


def gate_for(servers: FixtureServers) -> Gate:
    return Gate(servers.urls["site"] + "/")


# -- the gate alone -------------------------------------------------------------------------------------------
def test_gate_scope_robots_and_first_decision():
    gate = Gate("https://www.ministry.gov.kz/")
    assert gate.in_scope("https://www.ministry.gov.kz/a") and gate.in_scope("http://committee.ministry.gov.kz/")
    assert gate.refusal("https://evil.example/") == OFF_SCOPE
    assert gate.refusal("javascript:alert(1)") == OFF_SCOPE
    assert not gate.robots_known("https://www.ministry.gov.kz/a")
    gate.set_robots("https://www.ministry.gov.kz/robots.txt", ROBOTS)
    gate.set_robots("https://www.ministry.gov.kz/", "User-agent: *\nDisallow:\n")  # a second word changes nothing
    assert gate.robots_known("https://www.ministry.gov.kz/x")
    assert gate.refusal("https://www.ministry.gov.kz/private/a") == ROBOTS_DISALLOWED
    assert gate.refusal("https://www.ministry.gov.kz/search") == ROBOTS_DISALLOWED
    assert gate.refusal("https://www.ministry.gov.kz/search/results") is None
    assert gate.refusal("https://www.ministry.gov.kz/robots.txt") is None
    assert not gate.robots_known("http://www.ministry.gov.kz/")  # per scheme + host + port
    override = Gate("https://www.ministry.gov.kz/", robots_policy="audit_override")
    override.set_robots("https://www.ministry.gov.kz/", ROBOTS)
    assert override.refusal("https://www.ministry.gov.kz/private/a") is None  # the explicit audit policy
    assert gate.host_lock("https://www.ministry.gov.kz/a") is gate.host_lock("https://www.ministry.gov.kz/b")
    assert disallow_paths(ROBOTS) == ["/private/", "/search$", "/"]
    assert robots_url("https://h.kz:8443/a/b?c") == "https://h.kz:8443/robots.txt" == host_key("https://h.kz:8443/") \
        + "/robots.txt"


def test_unreadable_robots_restricts_nothing():
    gate = Gate("https://site.kz/")
    gate.set_robots("https://site.kz/", None)
    assert gate.robots_known("https://site.kz/") and gate.refusal("https://site.kz/private/") is None


# -- fetch through the gate -----------------------------------------------------------------------------------
def test_robots_is_read_once_before_anything_else_even_under_concurrency(served):
    gate = gate_for(served)
    base = served.urls["site"]
    results: list = []
    threads = [threading.Thread(target=lambda i=i: results.append(fetch(f"{base}/page{i}", gate, deadline_s=5)))
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    hits = served.hits["site"]
    assert hits["/robots.txt"] == 1
    assert all(r.ok for r in results) and len(results) == 8
    assert sum(hits.values()) == 9


def test_refused_urls_are_never_requested(served):
    gate = gate_for(served)
    base, other = served.urls["site"], served.urls["other"]
    assert fetch(f"{other}/feed.xml", gate).refusal == OFF_SCOPE
    assert fetch(f"{base}/private/feed.xml", gate).refusal == ROBOTS_DISALLOWED
    assert fetch("javascript:alert(1)", gate).refusal == NOT_HTTP
    assert fetch("ftp://127.0.0.1/x", gate).refusal == NOT_HTTP
    assert served.hits["other"] == {} and "/private/feed.xml" not in served.hits["site"]


def test_every_redirect_hop_is_gated(served):
    gate = gate_for(served)
    base, other = served.urls["site"], served.urls["other"]
    off = fetch(f"{base}/to-other", gate)
    assert off.refusal == OFF_SCOPE and off.final_url == f"{other}/x" and off.redirects == [f"{base}/to-other"]
    private = fetch(f"{base}/to-private", gate)
    assert private.refusal == ROBOTS_DISALLOWED and private.final_url == f"{base}/private/x"
    assert served.hits["other"] == {} and "/private/x" not in served.hits["site"]
    ok = fetch(f"{base}/to-ok", gate)
    assert ok.ok and ok.final_url == f"{base}/ok" and ok.text() == "page /ok"


def test_redirect_chains_are_capped(served):
    gate = gate_for(served)
    result = fetch(served.urls["site"] + "/hop", gate, max_hops=5)
    assert result.error and "more than 5 redirects" in result.error
    assert sum(n for p, n in served.hits["site"].items() if p.startswith("/hop")) == 6


def test_a_trickling_body_is_cut_at_the_total_deadline(served):
    gate = gate_for(served)
    ensure_robots(gate, served.urls["site"])
    started = time.monotonic()
    result = fetch(served.urls["site"] + "/trickle", gate, deadline_s=1.0)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, elapsed  # 300 bytes at 10 bytes/s would take 30 s
    assert result.error and "deadline" in result.error and not result.ok


def test_a_server_that_never_sends_headers_is_cut_at_the_deadline(served):
    started = time.monotonic()
    raw = request_once(served.urls["site"] + "/slow-headers", deadline=time.monotonic() + 1.0, max_bytes=1000)
    assert time.monotonic() - started < 2.0
    assert raw.status is None and "deadline" in (raw.error or "")


def test_byte_cap_holds_for_chunked_and_compressed_bodies(served):
    gate = gate_for(served)
    big = fetch(served.urls["site"] + "/big", gate, max_bytes=50_000)
    assert big.error and big.error.startswith("byte cap") and len(big.body) == 50_000
    bomb = fetch(served.urls["site"] + "/bomb", gate, max_bytes=100_000)
    assert bomb.error and bomb.error.startswith("byte cap") and len(bomb.body) == 100_000


def test_gate_from_store_uses_the_crawled_robots_and_asks_nobody(served, tmp_path):
    base = served.urls["site"]
    store = RunStore.in_dir(tmp_path)
    store.put_page(body="b", site=base + "/", url=base + "/robots.txt", final_url=base + "/robots.txt",
                   status=200, content_type="text/plain", content=ROBOTS.encode())
    gate = gate_from_store(store, "b", base + "/")
    store.close()
    assert gate.robots_known(base + "/x")
    assert fetch(base + "/private/a", gate).refusal == ROBOTS_DISALLOWED
    assert fetch(base + "/ok", gate).ok
    assert served.hits["site"]["/robots.txt"] == 0 and served.hits["site"]["/ok"] == 1
