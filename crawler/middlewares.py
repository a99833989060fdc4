"""Downloader middlewares: honour Retry-After on 429/503 before Scrapy's retry re-sends the request."""

from __future__ import annotations

import time
from typing import Any

MAX_RETRY_AFTER_S = 30.0


class RetryAfterMiddleware:
    """Sleeps for Retry-After (bounded) so the retry that follows is polite.

    Blocking the reactor briefly is acceptable here: the whole host is asking us to wait.
    """

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.status in (429, 503):
            value = response.headers.get(b"Retry-After")
            if value:
                try:
                    time.sleep(min(float(value.decode()), MAX_RETRY_AFTER_S))
                except ValueError:
                    pass
        return response
