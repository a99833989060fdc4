"""A polite JSON/bytes HTTP client for www.gov.kz (one cookie jar per session).

Politeness (govkz-targets.md §7): one request at a time, a fixed delay between requests, exponential
back-off on 5xx/429 (honouring Retry-After, capped) with a bounded number of retries, so a failing filter such
as `created_date=gte:` (HTTP 500, DEF-03) can never loop forever.

Scope: only the platform's own host is requested, each URL and each redirect hop (followed here, not by the HTTP
library) must pass `allow` (robots.txt); every request has a total deadline (crawler.gated_fetch.request_once:
connect, headers and body together, not only a per-read timeout) and a byte cap.
"""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from crawler.gated_fetch import REDIRECTS, request_once

USER_AGENT = "govaudit/0.1 (+https://github.com/govaudit; audit crawler)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
DEADLINE_FACTOR = 2.0  # a request's total deadline, in per-read timeouts: a trickling answer is cut there
MAX_RETRY_AFTER_S = 60.0


@dataclass
class HttpResult:
    url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    final_url: str | None = None  # where redirects (all on the platform's host) ended

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
                 on_response: Callable[[str, HttpResult, bytes | None], None] | None = None,
                 deadline: float | None = None, max_retry_after: float = MAX_RETRY_AFTER_S) -> None:
        self.base = base.rstrip("/")
        self.deadline = deadline if deadline is not None else DEADLINE_FACTOR * timeout
        self.max_retry_after = max_retry_after
        self.allow = allow or (lambda url: True)  # robots.txt policy; a refused URL is never requested
        self.on_retry = on_retry or (lambda result, wait: None)
        self.on_response = on_response  # (method, result, request body): keeps every answer (run store)
        self.delay, self.retries, self.backoff, self.timeout = delay, retries, backoff, timeout
        self.user_agent, self.max_bytes = user_agent, max_bytes
        self.jar = http.cookiejar.CookieJar()
        self._last = 0.0
        self.requests = 0

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        query = urlencode(params, safe=":,") if params else ""
        return f"{self.base}{path}" + (f"?{query}" if query else "")

    def request(self, method: str, url: str, *, headers: dict[str, str] | None = None, data: bytes | None = None,
                retry: bool = True, record: bool = True) -> HttpResult:
        refusal = self.refusal(url)
        if refusal:
            return HttpResult(url, 0, b"", {}, error=refusal)
        attempt = 0
        while True:
            result = self._follow(method, url, headers or {}, data)
            if record and self.on_response is not None:
                self.on_response(method, result, data)
            if not retry or result.status not in RETRY_STATUSES or attempt >= self.retries:
                return result
            attempt += 1
            wait = self.backoff * attempt
            if result.status == 429 and result.headers.get("retry-after", "").isdigit():
                wait = max(wait, min(float(result.headers["retry-after"]), self.max_retry_after))
            self.on_retry(result, wait)
            time.sleep(wait)

    def refusal(self, url: str) -> str | None:
        """Why `url` is not requested: another host than the platform's, or robots.txt."""
        if urlsplit(url).netloc.lower() != urlsplit(self.base).netloc.lower():
            return f"off scope: {urlsplit(url).netloc or url} is not the platform's host; not requested"
        if not self.allow(url):
            return "robots.txt disallows this URL (obey_robots)"
        return None

    def _follow(self, method: str, url: str, headers: dict[str, str], data: bytes | None) -> HttpResult:
        """One request and its redirects, each hop on the platform's host and allowed, at most MAX_REDIRECTS."""
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            result = self._once(method, current, headers, data)
            location = result.headers.get("location")
            if result.status not in REDIRECTS or not location:
                result.url, result.final_url = url, current
                return result
            target = urldefrag(urljoin(current, location.strip()))[0]
            refusal = self.refusal(target)
            if refusal:
                return HttpResult(url, 0, b"", {}, error=f"redirect to {target} not followed: {refusal}",
                                  final_url=target)
            if result.status == 303 or (result.status in (301, 302) and method == "POST"):
                method, data = "GET", None
            current = target
        return HttpResult(url, 0, b"", {}, error=f"more than {MAX_REDIRECTS} redirects; not followed further",
                          final_url=current)

    def _once(self, method: str, url: str, headers: dict[str, str], data: bytes | None) -> HttpResult:
        pause = self.delay - (time.monotonic() - self._last)
        if pause > 0:
            time.sleep(pause)
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"User-Agent": self.user_agent, **headers})
        self.jar.add_cookie_header(req)
        self.requests += 1
        try:
            raw = request_once(url, deadline=time.monotonic() + self.deadline, max_bytes=self.max_bytes,
                               method=method, headers=dict(req.header_items()), data=data, op_timeout=self.timeout)
        finally:
            self._last = time.monotonic()
        if raw.status is None or (raw.error and not raw.truncated):  # no answer, or cut off: nothing usable
            return HttpResult(url, 0, b"", {}, error=raw.error)
        self.jar.extract_cookies(raw, req)  # type: ignore[arg-type] - Raw has the info() cookiejar reads
        return HttpResult(url, raw.status, raw.body, {k.lower(): v for k, v in raw.headers.items()})

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
