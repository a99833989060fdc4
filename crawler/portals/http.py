"""A polite HTTP client for one portal host: per-host lock (concurrency 1), delay with jitter, robots.txt
policy, 429 + Retry-After, back-off on 5xx / timeouts / non-JSON, manual redirects, per-session cookies.

Scope: only the portal's own host is requested — a URL or redirect hop elsewhere raises PortalError, unrequested;
robots.txt is read before anything else and applies to every hop; each request has a total deadline
(`deadline`, default twice `timeout`: connect, headers and body together, crawler.gated_fetch.request_once) and
a byte cap (`max_bytes`).
Every fetched response is stored in the run store (nothing collected is lost); every fault becomes a note.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from protego import Protego

from crawler.gated_fetch import request_once
from crawler.store import RunStore

STAGE = "portals"
DEADLINE_FACTOR = 2.0  # a request's total deadline, in per-read timeouts (unless `deadline` is set)
MAX_BYTES = 20_000_000
MAX_REDIRECTS = 5


class PortalError(Exception):
    """A page could not be obtained; `url` names it, the message says why."""

    def __init__(self, message: str, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class NotFound(PortalError):
    pass


class Disallowed(PortalError):
    pass


class NotJSON(PortalError):
    pass


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        match = re.search(r"charset=([\w-]+)", self.content_type or "")
        try:
            return self.content.decode(match.group(1) if match else "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.text)


def endpoint_group(path: str) -> str:
    """Paths throttled together after a 429: deep paths share their parent (/cms/ru/…/for_citizen/*)."""
    parts = path.rstrip("/").split("/")
    return "/".join(parts[:-1]) + "/*" if len(parts) > 3 else path


def _retry_after_seconds(value: str | None, default: float) -> float:
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:  # an HTTP date
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return default


class PortalClient:
    """One per portal host and run. `base_url` is where the real host is served (host map or https://host)."""

    def __init__(self, portal: str, real_host: str, base_url: str, store: RunStore, settings: dict[str, Any]) -> None:
        self.portal = portal
        self.real_host = real_host
        self.base_url = base_url.rstrip("/")
        self.store = store
        self.settings = settings
        self.cookies: dict[str, dict[str, str]] = {}  # session -> cookie name -> value
        self.cache: dict[str, Any] = {}  # run-level data shared between bodies (catalogues, agency lists)
        self._lock = threading.Lock()
        self._last = 0.0
        self._path_interval: dict[str, float] = {}  # path -> min seconds between requests after a 429
        self._path_last: dict[str, float] = {}
        self._robots: Protego | None = None
        self._robots_loaded = False
        self.requests_made = 0

    # -- urls and robots -----------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def own_path(self, url_or_path: str) -> str | None:
        """The path (with query) on this portal's host, or None for a URL on another host (never requested)."""
        if not url_or_path.startswith(("http://", "https://")):
            return url_or_path
        parts, base = urlsplit(url_or_path), urlsplit(self.base_url)
        if (parts.scheme, parts.netloc.lower()) != (base.scheme, base.netloc.lower()):
            return None
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def _robots_parser(self, body: str | None) -> Protego | None:
        if not self._robots_loaded:
            self._robots_loaded = True
            try:
                fetched = self._fetch_once("/robots.txt", session="robots", body=body, data=None, headers={})
                if fetched.status == 200:
                    self._robots = Protego.parse(fetched.text)
                    self.store.put_artifact(body or "_portals", self.portal, "robots", self.real_host,
                                            {"url": fetched.url, "text": fetched.text})
            except (OSError, PortalError) as exc:
                self.note(f"robots.txt of {self.real_host} unreadable ({exc}); treating every path as allowed",
                          body=body, url=self.url("/robots.txt"))
        return self._robots

    def allowed(self, path: str, body: str | None = None) -> bool:
        """True if robots.txt allows the path (or the audit policy overrides it for this path)."""
        robots = self._robots_parser(body)
        real = f"https://{self.real_host}{path}"
        if robots is None or robots.can_fetch(real, self.settings["user_agent"]):
            return True
        return self._overridden(path)

    def disallowed_by_robots(self, path: str, body: str | None = None) -> bool:
        robots = self._robots_parser(body)
        return robots is not None and not robots.can_fetch(f"https://{self.real_host}{path}",
                                                           self.settings["user_agent"])

    def _overridden(self, path: str) -> bool:
        if self.settings.get("robots_policy") != "audit_override":
            return False
        return any(path.startswith(prefix) for prefix in self.settings.get("robots_allow") or [])

    def note(self, message: str, *, body: str | None, url: str | None = None, level: str = "warning") -> None:
        self.store.add_note(STAGE, f"[{self.portal}] {message}", body=body, level=level, url=url)

    # -- fetching ------------------------------------------------------------------------------------
    def get(self, path: str, *, body: str | None, session: str = "default", expect: str = "html",
            data: bytes | None = None, headers: dict[str, str] | None = None) -> Fetched:
        """Fetch with retries; raise NotFound / Disallowed / NotJSON / PortalError. The answer is stored."""
        own = self.own_path(path)
        if own is None:
            raise PortalError(f"{path} is not on {self.real_host}; not requested (off scope)", path)
        path = own
        self._check_robots(path, body)
        retries = int(self.settings["retries"])
        attempt = 0
        while True:
            attempt += 1
            try:
                fetched = self._fetch_redirects(path, session=session, body=body, data=data, headers=headers or {})
            except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as exc:
                if attempt > retries:
                    raise PortalError(f"no answer after {attempt} attempts ({exc})", self.url(path)) from exc
                self.note(f"attempt {attempt}: {type(exc).__name__} {exc}; retrying", body=body, url=self.url(path),
                          level="info")
                self._sleep(self._backoff(attempt))
                continue
            status = fetched.status
            if status == 429:
                wait = min(_retry_after_seconds(fetched.headers.get("retry-after"), self._backoff(attempt)),
                           float(self.settings["max_retry_after"]))
                group = endpoint_group(urlsplit(fetched.url).path)
                self._path_interval[group] = float(self.settings["throttle_after_429"])
                if attempt > retries:
                    raise PortalError(f"HTTP 429 after {attempt} attempts", fetched.url, 429)
                self.note(f"HTTP 429 (Retry-After {fetched.headers.get('retry-after')!r}); waiting {wait:.1f}s, "
                          f"then throttling {group}", body=body, url=fetched.url, level="info")
                self._sleep(wait)
                continue
            if status in (404, 410):
                raise NotFound(f"HTTP {status}", fetched.url, status)
            if status >= 500:
                if attempt > retries:
                    raise PortalError(f"HTTP {status} after {attempt} attempts", fetched.url, status)
                wait = min(_retry_after_seconds(fetched.headers.get("retry-after"), self._backoff(attempt)),
                           float(self.settings["max_retry_after"]))  # a 503 may carry Retry-After too
                self.note(f"attempt {attempt}: HTTP {status}; retrying in {wait:.1f}s", body=body, url=fetched.url,
                          level="info")
                self._sleep(wait)
                continue
            if status >= 400:
                raise PortalError(f"HTTP {status}", fetched.url, status)
            if expect == "json":
                try:
                    fetched.json()
                except ValueError:
                    if attempt > retries:
                        raise NotJSON(f"not JSON after {attempt} attempts ({fetched.content_type}: "
                                      f"{fetched.text[:60]!r})", fetched.url, status) from None
                    self.note(f"attempt {attempt}: expected JSON, got {fetched.content_type}; retrying",
                              body=body, url=fetched.url, level="info")
                    self._sleep(self._backoff(attempt))
                    continue
            return fetched

    def get_json(self, path: str, **kwargs: Any) -> Any:
        return self.get(path, expect="json", **kwargs).json()

    def _backoff(self, attempt: int) -> float:
        return float(self.settings["backoff"]) * (2 ** (attempt - 1))

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def _check_robots(self, path: str, body: str | None) -> None:
        """Raise Disallowed unless robots.txt (or the audit_override policy, logged) lets `path` be read."""
        if self.disallowed_by_robots(path, body):
            if not self._overridden(path):
                raise Disallowed(f"disallowed by robots.txt (policy {self.settings.get('robots_policy')})",
                                 self.url(path))
            self.note(f"robots.txt disallows {path}; read under the audit_override policy", body=body,
                      url=self.url(path), level="info")

    def _fetch_redirects(self, path: str, *, session: str, body: str | None, data: bytes | None,
                         headers: dict[str, str]) -> Fetched:
        current = path
        for _ in range(MAX_REDIRECTS + 1):
            fetched = self._fetch_once(current, session=session, body=body, data=data, headers=headers)
            if fetched.status in (301, 302, 303, 307, 308) and fetched.headers.get("location"):
                target = urldefrag(urljoin(fetched.url, fetched.headers["location"].strip()))[0]
                own = self.own_path(target)
                if own is None:  # never requested: the portal's redirect leaves its host
                    raise PortalError(f"redirect to {target} leaves {self.real_host}; not followed (off scope)",
                                      fetched.url, fetched.status)
                self._check_robots(own, body)  # every hop obeys robots.txt, not only the first
                current = own
                data = None if fetched.status in (301, 302, 303) else data
                continue
            return fetched
        raise PortalError("too many redirects", self.url(path))

    def _fetch_once(self, path: str, *, session: str, body: str | None, data: bytes | None,
                    headers: dict[str, str]) -> Fetched:
        url = self.url(path)
        request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
        request.add_header("User-Agent", self.settings["user_agent"])
        for key, value in headers.items():
            request.add_header(key, value)
        jar = self.cookies.get(session) or {}
        if jar:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in jar.items()))
        timeout = float(self.settings["timeout"])
        deadline_s = float(self.settings.get("deadline") or DEADLINE_FACTOR * timeout)
        with self._lock:  # per-host concurrency 1 and the polite delay
            self._wait_turn(endpoint_group(urlsplit(url).path))
            try:
                raw = request_once(url, deadline=time.monotonic() + deadline_s, op_timeout=timeout,
                                   max_bytes=int(self.settings.get("max_bytes") or MAX_BYTES),
                                   method=request.get_method(), headers=dict(request.header_items()), data=data)
            finally:
                self._last = time.monotonic()
                self._path_last[endpoint_group(urlsplit(url).path)] = self._last
                self.requests_made += 1
        if raw.status is None or (raw.error and not raw.truncated):  # no (complete) answer: retried by get()
            error = raw.error or "no answer"
            raise TimeoutError(error) if "TimeoutError" in error or "deadline" in error else OSError(error)
        fetched = Fetched(url, raw.status, raw.header("Content-Type") or "", raw.body,
                          {k.lower(): v for k, v in raw.headers.items()})
        raw_cookies = raw.headers.get_all("Set-Cookie") or []
        for raw in raw_cookies:
            parsed = SimpleCookie()
            try:
                parsed.load(raw)
            except Exception:  # a malformed cookie must not lose the page
                continue
            self.cookies.setdefault(session, {}).update({k: m.value for k, m in parsed.items()})
        # the same URL read in the kk and ru sessions is two different pages: keep both
        key = fetched.url + (f"#session={session}" if session in ("kk", "ru") else "")
        self.store.put_page(body=body or "_portals", site=self.portal, url=key, final_url=fetched.url,
                            status=fetched.status, content_type=fetched.content_type, content=fetched.content,
                            lang=session if session in ("kk", "ru") else None,
                            info={"portal": self.portal, "real_host": self.real_host})
        return fetched

    def _wait_turn(self, path: str) -> None:
        delay = float(self.settings["delay"]) + random.uniform(0, float(self.settings["jitter"]))
        wait = self._last + delay - time.monotonic()
        interval = self._path_interval.get(path)
        if interval:
            wait = max(wait, self._path_last.get(path, 0.0) + interval - time.monotonic())
        if wait > 0:
            time.sleep(wait)
