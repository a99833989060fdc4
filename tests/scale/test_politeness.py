"""One politeness budget per host shared by every stage: a Scrapy crawl (child process) and a collector
(request_once, as the gov.kz and portal clients use it) hit the same loopback host at once; the server counts
what arrives per second and how much at once."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from core.errors import InputError
from core.targets import Body
from crawler import politeness
from crawler.gated_fetch import request_once
from crawler.politeness import Budget, HostBudget, SqliteLimiter, next_delay
from crawler.runner import crawl_sites
from fixtures.server import FixtureServers, Request, Response

RATE, CONCURRENCY = 5.0, 2
CRAWLER_UA = "govaudit/"  # crawler/settings.py USER_AGENT; request_once sends "govaudit (…"


class CountingSite:
    """A small linked site answering slowly, recording each request's arrival and the most in flight at once."""

    name, host = "polite", "polite.example.kz"

    def __init__(self, pages: int = 60, delay: float = 0.15, throttle_once: bool = False) -> None:
        self.pages, self.delay = pages, delay
        self.arrivals: list[tuple[float, str, str]] = []  # (time, user agent, path)
        self.in_flight = self.max_in_flight = 0
        self.lock = threading.Lock()
        self.throttle_once = throttle_once
        self.throttled_at: float | None = None

    def handle(self, request: Request) -> Response:
        with self.lock:
            self.arrivals.append((time.monotonic(), request.headers.get("user-agent", ""), request.path))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            throttle = self.throttle_once and self.throttled_at is None and len(self.arrivals) >= 8
            if throttle:
                self.throttled_at = time.monotonic()
        try:
            time.sleep(self.delay)  # the handler thread itself is slow, so concurrency is real
            if throttle:
                return Response(status=429, body=b"slow down", headers=[("Retry-After", "2")])
            if request.path == "/robots.txt":
                return Response.not_found()
            n = int(request.path.strip("/").split("/")[-1] or 0) if request.path.startswith("/p/") else 0
            links = "".join(f'<a href="/p/{k}">page {k}</a>' for k in range(n + 1, min(n + 6, self.pages)))
            return Response.text(f"<!doctype html><html lang=ru><head><title>p{n}</title></head>"
                                 f"<body><nav>{links}</nav><p>page {n}</p></body></html>")
        finally:
            with self.lock:
                self.in_flight -= 1


def _max_per_window(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def _collector(url: str, stop: threading.Event, answers: list[int]) -> None:
    """A stand-alone collector stage: one GET after another, as fast as the budget lets it."""
    while not stop.is_set():
        raw = request_once(url, deadline=time.monotonic() + 10, max_bytes=100_000)
        answers.append(raw.status or 0)


def _run_two_stages(tmp_path: Path, site: CountingSite, limiter: SqliteLimiter | None) -> list[int]:
    politeness.install(limiter)
    stop = threading.Event()
    answers: list[int] = []
    try:
        with FixtureServers([site]) as servers:
            base = servers.urls["polite"]
            collectors = [threading.Thread(target=_collector, args=(f"{base}/p/0?c={i}", stop, answers))
                          for i in range(2)]
            for t in collectors:
                t.start()
            body = Body(key="polite", names={"ru": "Тест"}, type="central", sites=[base + "/"])
            crawl_sites(tmp_path / "run", [body], max_pages=40, max_seconds=60,
                        scrapy_settings={"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8},
                        politeness=limiter.spec() if limiter else None)
            stop.set()
            for t in collectors:
                t.join()
    finally:
        politeness.install(None)
        stop.set()
    return answers


@pytest.mark.integration
def test_crawler_and_collector_share_one_budget(tmp_path):
    site = CountingSite()
    budget = Budget(default=HostBudget(rate=RATE, concurrency=CONCURRENCY))
    answers = _run_two_stages(tmp_path, site, SqliteLimiter(tmp_path / "polite.sqlite", budget))
    crawler = [t for t, ua, _p in site.arrivals if ua.startswith(CRAWLER_UA)]
    collector = [t for t, ua, _p in site.arrivals if not ua.startswith(CRAWLER_UA)]
    assert len(crawler) >= 20 and len(collector) >= 5 and answers, "both stages must have fetched"
    every = [t for t, _ua, _p in site.arrivals]
    # a 1-second window can hold the slots at both of its edges: at most rate + 1 arrivals
    assert _max_per_window(every) <= RATE + 1, _max_per_window(every)
    assert site.max_in_flight <= CONCURRENCY
    span = max(every) - min(every)
    assert len(every) <= RATE * span + 2  # the average stays within the rate too


@pytest.mark.integration
def test_without_the_budget_the_same_load_is_over_it(tmp_path):
    """The control: the same two stages with no shared budget go well past it (so the test above measures)."""
    site = CountingSite()
    _run_two_stages(tmp_path, site, None)
    every = [t for t, _ua, _p in site.arrivals]
    assert _max_per_window(every) > RATE + 1 or site.max_in_flight > CONCURRENCY


@pytest.mark.integration
def test_retry_after_pauses_the_host_for_every_stage(tmp_path):
    site = CountingSite(throttle_once=True)
    budget = Budget(default=HostBudget(rate=RATE, concurrency=CONCURRENCY))
    _run_two_stages(tmp_path, site, SqliteLimiter(tmp_path / "polite.sqlite", budget))
    assert site.throttled_at is not None
    # The pause (Retry-After: 2) starts when the stage that got the 429 tells the budget: read back from the
    # budget's file (wall clock) and put on the server's clock. On a busy machine that can be a while after the
    # answer left the server, and whatever the budget granted before it knew may still arrive: at most
    # CONCURRENCY - 1 requests (one slot is the 429's own). Without the pause, 1.8 s at 5/s would bring ~9.
    answered = site.throttled_at + site.delay  # the 429 leaves the server `delay` s after it arrived
    with sqlite3.connect(tmp_path / "polite.sqlite") as db:
        blocked_until = db.execute("SELECT MAX(blocked_until) FROM hosts").fetchone()[0]
    pause_to = blocked_until - (time.time() - time.monotonic())
    pause_from = pause_to - 2
    assert pause_from >= answered - 0.05, "the pause began once the 429 was answered"
    during = [(round(t - pause_from, 2), ua[:12], p) for t, ua, p in site.arrivals
              if pause_from + 0.1 < t < pause_to - 0.1]
    assert len(during) <= CONCURRENCY - 1, during
    assert any(t > pause_to for t, _ua, _p in site.arrivals), "the stages go on after the pause"


def test_sqlite_budget_spaces_grants_across_connections(tmp_path):
    budget = Budget(default=HostBudget(rate=10.0, concurrency=100))
    a, b = SqliteLimiter(tmp_path / "p.sqlite", budget), SqliteLimiter(tmp_path / "p.sqlite", budget)
    lease, wait = a.reserve("h:1")
    assert lease is not None and wait == 0
    refused, wait = b.reserve("h:1")  # the other connection sees the grant: not its turn for ~0.1 s
    assert refused is None and 0.05 < wait <= 0.11
    granted = []
    for limiter in (a, b, a, b, a, b):
        politeness.acquire(limiter, "h:1")
        granted.append(time.monotonic())
    gaps = [y - x for x, y in zip(granted, granted[1:], strict=False)]
    assert all(g >= 0.095 for g in gaps), gaps
    assert a.reserve("other:2")[0] is not None  # another host has its own budget


def test_concurrency_is_counted_until_release_or_expiry(tmp_path):
    budget = Budget(default=HostBudget(rate=1000.0, concurrency=2), lease_s=2.0)  # long enough on a busy machine
    limiter = SqliteLimiter(tmp_path / "p.sqlite", budget)
    first = politeness.acquire(limiter, "h")
    second = politeness.acquire(limiter, "h")
    assert first and second
    time.sleep(0.01)
    assert limiter.reserve("h")[0] is None  # two in flight
    limiter.release("h", first, status=200, latency=0.01)
    assert politeness.acquire(limiter, "h")
    time.sleep(2.1)  # holders that died: their leases expire
    assert limiter.reserve("h")[0] is not None


def test_backoff_doubles_on_errors_and_follows_latency():
    budget = Budget(default=HostBudget(rate=4.0, concurrency=2), target_concurrency=2.0, max_delay=5.0)
    assert next_delay(0.25, budget, "h", status=503, latency=0.1) == 0.5
    assert next_delay(4.0, budget, "h", status=429, latency=0.1) == 5.0  # capped
    assert next_delay(0.25, budget, "h", status=200, latency=3.0) == 1.5  # slow answers slow us down
    assert next_delay(2.0, budget, "h", status=200, latency=0.01) == 1.0025  # fast ones: halfway to latency / 2
    assert next_delay(0.3, budget, "h", status=200, latency=0.0) == 0.25  # never faster than the rate
    assert next_delay(1.0, budget, "h", status=404, latency=0.0) == 1.0  # only good answers speed up


def test_budget_setting_errors_name_the_field():
    with pytest.raises(InputError) as err:
        Budget.from_settings({"rate": 0, "concurrency": 1.5, "hosts": {"www.gov.kz": {"rate": "fast"}},
                              "burst": 3})
    text = str(err.value)
    for field in ("audit.politeness.rate", "audit.politeness.concurrency", "audit.politeness.hosts.www.gov.kz.rate",
                  "audit.politeness.burst"):
        assert field in text
    budget = Budget.from_settings({"rate": 3, "hosts": {"www.gov.kz": {"rate": 1, "concurrency": 1}}})
    assert budget.for_host("www.gov.kz").rate == 1 and budget.for_host("other:8080").rate == 3
    assert "www.gov.kz: 1/s" in budget.describe()


class PausingSite:
    """Answers its first request with 429 and Retry-After: 300, as an overloaded portal does; counts requests."""

    name, host = "pausing", "pausing.example.kz"

    def __init__(self) -> None:
        self.paths: list[str] = []

    def handle(self, request: Request) -> Response:
        self.paths.append(request.path)
        if request.path == "/robots.txt":
            return Response.not_found()
        if len(self.paths) == 1:
            return Response(status=429, body=b"busy", headers=[("Retry-After", "300")])
        return Response.text("<!doctype html><html lang=ru><head><title>ok</title></head><body>ok</body></html>")


def test_a_pause_longer_than_the_request_may_wait_is_not_slept_out(tmp_path):
    """Retry-After: 300 against a request that may take 3 s: the next request is not sent and fails at once,
    naming the pause, instead of holding its stage for five minutes; the host's pause still holds."""
    site = PausingSite()
    limiter = SqliteLimiter(tmp_path / "p.sqlite", Budget(default=HostBudget(rate=50.0, concurrency=2)))
    politeness.install(limiter)
    try:
        with FixtureServers([site]) as servers:
            url = servers.urls["pausing"] + "/news"
            assert request_once(url, deadline=time.monotonic() + 3, max_bytes=10_000).status == 429
            asked = time.monotonic()
            second = request_once(url, deadline=time.monotonic() + 3, max_bytes=10_000)
            waited = time.monotonic() - asked
    finally:
        politeness.install(None)
    assert second.status is None and "asks us to wait" in (second.error or ""), second.error
    assert "longer than this request may wait (3 s)" in second.error
    assert waited < 3, waited  # within the request's own limit, not the host's five minutes
    assert site.paths == ["/news"]  # nothing was sent during the pause
    assert limiter.reserve(politeness.host_of(url))[0] is None  # the pause still holds for every stage


def test_acquire_waits_when_the_pause_fits(tmp_path):
    limiter = SqliteLimiter(tmp_path / "p.sqlite", Budget(default=HostBudget(rate=50.0, concurrency=2)))
    lease = politeness.acquire(limiter, "h:1")
    limiter.release("h:1", lease, status=429, latency=0.01, retry_after=0.3)
    asked = time.monotonic()
    assert politeness.acquire(limiter, "h:1", max_wait_s=2.0)  # 0.3 s fits in 2 s: it waits, then goes
    assert time.monotonic() - asked >= 0.25
    limiter.release("h:1", politeness.acquire(limiter, "h:1"), status=429, latency=0.01, retry_after=30)
    with pytest.raises(politeness.WaitTooLong) as err:
        politeness.acquire(limiter, "h:1", max_wait_s=1.0)
    assert err.value.host == "h:1" and 25 < err.value.wait_s <= 30.1  # (+ the few ms of jitter)
