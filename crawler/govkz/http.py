"""A polite JSON/bytes HTTP client for www.gov.kz (stdlib urllib, one cookie jar per session).

Politeness (govkz-targets.md §7): one request at a time, a fixed delay between requests, exponential
back-off on 5xx/429 (honouring Retry-After) with a bounded number of retries, so a failing filter such
as `created_date=gte:` (HTTP 500, DEF-03) can never loop forever.
"""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

USER_AGENT = "govaudit/0.1 (+https://github.com/govaudit; audit crawler)"
RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass
class HttpResult:
    url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def json(self) -> Any:
        """The parsed JSON, or raises ValueError when the answer is not JSON (e.g. an HTML page)."""
        text = self.body.decode("utf-8", errors="replace").lstrip()
        if not text or text[0] not in "[{":
            raise ValueError(f"non-JSON answer ({self.content_type or 'no content type'}): {text[:60]!r}")
        return json.loads(text)


class HttpClient:
    def __init__(self, base: str, *, delay: float = 0.5, retries: int = 4, backoff: float = 3.0,
                 timeout: float = 30.0, user_agent: str = USER_AGENT, max_bytes: int = 20_000_000,
                 allow: Callable[[str], bool] | None = None,
                 on_retry: Callable[[HttpResult, float], None] | None = None,
                 on_response: Callable[[str, HttpResult, bytes | None], None] | None = None) -> None:
        self.base = base.rstrip("/")
        self.allow = allow or (lambda url: True)  # robots.txt policy; a refused URL is never requested
        self.on_retry = on_retry or (lambda result, wait: None)
        self.on_response = on_response  # (method, result, request body): keeps every answer (run store)
        self.delay, self.retries, self.backoff, self.timeout = delay, retries, backoff, timeout
        self.user_agent, self.max_bytes = user_agent, max_bytes
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self._last = 0.0
        self.requests = 0

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        query = urlencode(params, safe=":,") if params else ""
        return f"{self.base}{path}" + (f"?{query}" if query else "")

    def request(self, method: str, url: str, *, headers: dict[str, str] | None = None, data: bytes | None = None,
                retry: bool = True, record: bool = True) -> HttpResult:
        if not self.allow(url):
            return HttpResult(url, 0, b"", {}, error="robots.txt disallows this URL (obey_robots)")
        attempt = 0
        while True:
            result = self._once(method, url, headers or {}, data)
            if record and self.on_response is not None:
                self.on_response(method, result, data)
            if not retry or result.status not in RETRY_STATUSES or attempt >= self.retries:
                return result
            attempt += 1
            wait = self.backoff * attempt
            if result.status == 429 and result.headers.get("retry-after", "").isdigit():
                wait = max(wait, float(result.headers["retry-after"]))
            self.on_retry(result, wait)
            time.sleep(wait)

    def _once(self, method: str, url: str, headers: dict[str, str], data: bytes | None) -> HttpResult:
        pause = self.delay - (time.monotonic() - self._last)
        if pause > 0:
            time.sleep(pause)
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"User-Agent": self.user_agent, **headers})
        self.requests += 1
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                body = resp.read(self.max_bytes)
                return HttpResult(url, resp.status, body, {k.lower(): v for k, v in resp.headers.items()})
        except urllib.error.HTTPError as exc:
            body = exc.read() if exc.fp else b""
            return HttpResult(url, exc.code, body, {k.lower(): v for k, v in (exc.headers or {}).items()})
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return HttpResult(url, 0, b"", {}, error=f"{type(exc).__name__}: {exc}")
        finally:
            self._last = time.monotonic()

    def get(self, path_or_url: str, params: dict[str, Any] | None = None, *, lang: str | None = None,
            retry: bool = True, record: bool = True) -> HttpResult:
        url = path_or_url if "://" in path_or_url else self.url(path_or_url, params)
        headers = {"Accept": "application/json, text/plain, */*"}
        if lang:
            headers["Accept-Language"] = lang
        return self.request("GET", url, headers=headers, retry=retry, record=record)

    def post_json(self, path: str, payload: Any, *, lang: str | None = None, referer: str | None = None) -> HttpResult:
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/plain, */*",
                   "Origin": self.base}
        if lang:
            headers["Accept-Language"] = lang
        if referer:
            headers["Referer"] = referer
        return self.request("POST", self.url(path), headers=headers,
                            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"))
