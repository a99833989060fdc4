"""Downloader middlewares: the scope/robots gate as a last check, and Retry-After as a per-host pause.

Neither blocks the event loop: a host that asks us to wait (429/503 with Retry-After) is paused on its own while
every other host's downloads go on, and the pause never outlasts the site's time budget.
"""

from __future__ import annotations

import asyncio
import time
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.exceptions import IgnoreRequest

from crawler.gate import host_key

MAX_RETRY_AFTER_S = 30.0


class GateMiddleware:
    """Refuses any request the spider's gate refuses, whoever made it (the spider checks first; this is the
    guarantee that nothing reaches the network past the gate, e.g. a request made by another component)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> GateMiddleware:
        return cls(crawler)

    def process_request(self, request: Any) -> None:
        gate = getattr(self.crawler.spider, "gate", None)
        if gate is None or request.url.endswith("/robots.txt"):
            return
        if not gate.robots_known(request.url):
            raise IgnoreRequest(f"gate: robots.txt of {host_key(request.url)} not read yet")
        refusal = gate.refusal(request.url)
        if refusal:
            raise IgnoreRequest(f"gate: {refusal}")


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(text).timestamp() - (now if now is not None else time.time())
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if seconds != seconds or seconds < 0:  # NaN or negative
        return 0.0
    return min(seconds, MAX_RETRY_AFTER_S)


class RetryAfterMiddleware:
    """A 429/503 with Retry-After pauses that host's next requests (the retry included) for that long.

    The pause is awaited per request before it is queued for download, so other hosts are not held up, and it is
    cut to what is left of the site's time budget (the spider's `max_seconds`).
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        return cls(crawler)

    def _budget_left(self) -> float:
        spider = self.crawler.spider
        started, budget = getattr(spider, "started", None), getattr(spider, "max_seconds", None)
        if started is None or budget is None:
            return MAX_RETRY_AFTER_S
        return max(0.0, budget - (time.monotonic() - started))

    async def process_request(self, request: Any) -> None:
        until = self.paused_until.get(host_key(request.url), 0.0)
        wait = min(until - time.monotonic(), self._budget_left())
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Any, response: Any) -> Any:
        if response.status in (429, 503):
            seconds = retry_after_seconds(response.headers.get(b"Retry-After"))
            if seconds:
                key = host_key(request.url)
                self.paused_until[key] = max(self.paused_until.get(key, 0.0), time.monotonic() + seconds)
        return response
