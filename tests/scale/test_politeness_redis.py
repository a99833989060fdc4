"""The Redis implementation of the shared budget: workers with their own Redis connections (as on different
machines) together stay within one host's budget; a real redis-server on loopback, started by the test."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

import pytest

from crawler import politeness
from crawler.gated_fetch import _request_once
from crawler.politeness import Budget, HostBudget, RedisLimiter
from fixtures.server import FixtureServers
from tests.scale.test_politeness import CountingSite, _max_per_window

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed "
                                 "(scripts/bootstrap.sh installs it)")]


@pytest.fixture
def redis_url(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


def _worker(limiter: RedisLimiter, url: str, stop: threading.Event) -> None:
    while not stop.is_set():
        with politeness.polite(url, limiter) as outcome:
            raw = _request_once(url, deadline=time.monotonic() + 10, max_bytes=100_000)
            outcome.status = raw.status


def test_workers_on_separate_connections_share_the_budget(redis_url):
    rate, concurrency = 4.0, 2
    budget = Budget(default=HostBudget(rate=rate, concurrency=concurrency))
    site = CountingSite(delay=0.3)
    stop = threading.Event()
    with FixtureServers([site]) as servers:
        url = servers.urls["polite"] + "/p/0"
        workers = [threading.Thread(target=_worker, args=(RedisLimiter(redis_url, budget), url, stop))
                   for _ in range(4)]
        for w in workers:
            w.start()
        time.sleep(4)
        stop.set()
        for w in workers:
            w.join()
    every = [t for t, _ua, _p in site.arrivals]
    assert len(every) >= 10
    assert _max_per_window(every) <= rate + 1
    assert site.max_in_flight <= concurrency


def test_retry_after_and_expired_leases(redis_url):
    budget = Budget(default=HostBudget(rate=100.0, concurrency=1), lease_s=3.0)
    a, b = RedisLimiter(redis_url, budget, namespace="t"), RedisLimiter(redis_url, budget, namespace="t")
    lease = politeness.acquire(a, "h:1")
    time.sleep(0.02)
    assert b.reserve("h:1")[0] is None  # one in flight, seen from the other connection
    a.release("h:1", lease, status=429, latency=0.01, retry_after=1.0)
    refused, wait = b.reserve("h:1")
    assert refused is None and 0.8 < wait <= 1.05  # the pause holds for every worker
    started = time.monotonic()
    held = politeness.acquire(b, "h:1")
    assert time.monotonic() - started >= 0.8
    assert b.reserve("h:1")[0] is None  # held
    time.sleep(3.1)  # its holder "died": the lease expires and the slot is free again
    assert politeness.acquire(a, "h:1") and held
