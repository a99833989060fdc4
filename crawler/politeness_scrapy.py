"""Scrapy downloader middleware: every download waits for its host's shared politeness budget.

Placed next to the downloader (order 960, after the gate, retries and stats), so only requests that are really
sent take a slot, and a response is reported before any middleware turns it into a retry. Waiting is an
asyncio sleep: the crawler's event loop is never blocked. The limiter comes from the GOVAUDIT_POLITENESS setting
(the JSON of crawler.politeness `spec()`), set by crawler/crawl_process.py.
"""

from __future__ import annotations

import time
from typing import Any

from scrapy.exceptions import NotConfigured

from crawler.politeness import Limiter, acquire_async, from_spec, host_of, retry_after_seconds

ORDER = 960
LEASE = "govaudit_polite_lease"
STARTED = "govaudit_polite_started"


class PolitenessMiddleware:
    def __init__(self, limiter: Limiter) -> None:
        self.limiter = limiter

    @classmethod
    def from_crawler(cls, crawler: Any) -> PolitenessMiddleware:
        spec = crawler.settings.get("GOVAUDIT_POLITENESS")
        if not spec:
            raise NotConfigured("no shared politeness budget")
        return cls(from_spec(spec))

    async def process_request(self, request: Any) -> None:
        request.meta[LEASE] = await acquire_async(self.limiter, host_of(request.url))
        request.meta[STARTED] = time.monotonic()

    def process_response(self, request: Any, response: Any) -> Any:
        retry_after = None
        if response.status in (429, 503):
            raw = response.headers.get(b"Retry-After")
            retry_after = retry_after_seconds(raw.decode("latin-1") if raw else None)
        self._release(request, response.status, retry_after)
        return response

    def process_exception(self, request: Any, exception: BaseException) -> None:
        self._release(request, None, None)

    def _release(self, request: Any, status: int | None, retry_after: float | None) -> None:
        lease = request.meta.pop(LEASE, None)
        if lease is None:
            return
        latency = time.monotonic() - request.meta.pop(STARTED, time.monotonic())
        self.limiter.release(host_of(request.url), lease, status=status, latency=latency, retry_after=retry_after)
