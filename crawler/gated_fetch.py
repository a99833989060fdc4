"""HTTP fetches outside Scrapy (feeds, collectors, robots.txt for browsers), through the site's `Gate`.

`fetch(url, gate, deadline_s=…, max_bytes=…)`:
- reads the host's robots.txt first, once per host (per-host lock in the gate, so concurrent first fetches wait
  for one decision), through the same single-request function, and records it in the gate;
- refuses what the gate refuses (another scheme, off scope, robots.txt) without any request;
- follows redirects itself, hop by hop, asking the gate about every hop, at most `max_hops`;
- has one TOTAL deadline for the whole fetch (connect, headers, body, every hop): a watchdog shuts the socket
  down when it passes, so a server trickling its headers or body a byte at a time is cut, not waited for;
- caps the body (also after gzip/deflate decoding: a small bomb never grows past the cap).

`request_once` is the single-request building block (no gate); the gov.kz and portal clients use it for its
deadline and cap and keep their own robots, scope and redirect handling.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from email.message import Message
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from crawler.gate import OFF_SCOPE, Gate, robots_url

if TYPE_CHECKING:
    from crawler.store import RunStore

USER_AGENT = "govaudit (accessibility audit; +https://github.com/govaudit)"
DEFAULT_DEADLINE_S = 15.0
DEFAULT_MAX_BYTES = 2_000_000
MAX_HOPS = 5
ROBOTS_DEADLINE_S = 10.0
ROBOTS_MAX_BYTES = 500_000  # RFC 9309 §2.5 asks crawlers to read at least 500 KiB
ROBOTS_MAX_HOPS = 5  # RFC 9309 §2.3.1.2
REDIRECTS = frozenset({301, 302, 303, 307, 308})
NOT_HTTP = "not an http(s) URL"
_READ = 65536


@dataclass
class Raw:
    """One HTTP exchange: what came back, or why nothing usable did."""

    url: str
    status: int | None = None
    headers: Message = field(default_factory=Message)
    body: bytes = b""
    error: str | None = None
    truncated: bool = False

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def info(self) -> Message:  # what http.cookiejar reads from a response
        return self.headers


@dataclass
class FetchResult:
    url: str  # as asked for
    final_url: str  # the last hop fetched, or the hop that was refused
    status: int | None = None
    content_type: str | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)  # the hops before final_url
    error: str | None = None  # network error, deadline, byte cap, redirect cap
    refusal: str | None = None  # why final_url was not requested (off scope, robots.txt, scheme)
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.refusal is None and self.error is None and self.status is not None and self.status < 400

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _Watchdog:
    """Shuts a connection's socket down at the deadline, whatever phase the exchange is in."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float) -> None:
        self.conn, self.fired = conn, threading.Event()
        self.timer = threading.Timer(max(0.0, seconds), self._cut)
        self.timer.daemon = True
        self.timer.start()

    def _cut(self) -> None:
        self.fired.set()
        sock = self.conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # a blocked recv() returns at once
            except OSError:
                pass

    def cancel(self) -> None:
        self.timer.cancel()


def _connection(parts: object, timeout: float, context: ssl.SSLContext | None) -> tuple[http.client.HTTPConnection,
                                                                                          bool]:
    """A connection for the URL (through the environment's proxy, as urllib would), and whether the request
    line must carry the absolute URL (plain-HTTP proxy)."""
    scheme, host, port = parts.scheme, parts.hostname, parts.port  # type: ignore[attr-defined]
    proxy = urllib.request.getproxies().get(scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        p = urlsplit(proxy if "://" in proxy else "http://" + proxy)
        if scheme == "https":
            conn = http.client.HTTPSConnection(p.hostname, p.port or 8080, timeout=timeout, context=context)
            conn.set_tunnel(host, port or 443)
            return conn, False
        return http.client.HTTPConnection(p.hostname, p.port or 8080, timeout=timeout), True
    if scheme == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=context), False
    return http.client.HTTPConnection(host, port, timeout=timeout), False


def _decode(body: bytes, encoding: str | None, max_bytes: int) -> tuple[bytes, bool, str | None]:
    """Undo gzip/deflate (never sent for, but hostile servers send it anyway), never past max_bytes."""
    encoding = (encoding or "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return body, False, None
    try:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, told apart by zlib
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        return b"", False, f"{encoding} body does not decode: {exc}"
    return out[:max_bytes], len(out) > max_bytes or bool(inflater.unconsumed_tail), None


def request_once(url: str, *, deadline: float, **kwargs: Any) -> Raw:
    """`_request_once` within the host's politeness budget (crawler/politeness.py), shared by every stage.

    The request waits for the budget at most as long as its own deadline allows it to take; that wait does not
    count against the deadline. A host pause longer than that (a Retry-After of minutes) is not slept out: the
    request fails at once, saying so, and the caller goes on (a collection note), as for any failed fetch."""
    from crawler import politeness

    limiter = politeness.current()
    if limiter is None:
        return _request_once(url, deadline=deadline, **kwargs)
    asked = time.monotonic()
    try:
        with politeness.polite(url, limiter, max_wait_s=max(0.0, deadline - asked)) as outcome:
            raw = _request_once(url, deadline=deadline + (time.monotonic() - asked), **kwargs)
            outcome.status = raw.status
            if raw.status in (429, 503):
                outcome.retry_after = politeness.retry_after_seconds(raw.header("Retry-After"))
    except politeness.WaitTooLong as exc:  # from the wait for the budget: nothing was sent
        return Raw(url, error=str(exc))
    return raw


SOCKET_GRACE_S = 0.5


def _request_once(url: str, *, deadline: float, max_bytes: int, method: str = "GET",
                  headers: dict[str, str] | None = None, data: bytes | None = None, op_timeout: float | None = None,
                  context: ssl.SSLContext | None = None) -> Raw:
    """One request, no redirects followed. `deadline` is a time.monotonic() instant for the whole exchange;
    `op_timeout` (optional) also bounds each connect/read. Errors are returned, never raised."""
    parts = urlsplit(url)
    try:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Raw(url, error=NOT_HTTP)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        return Raw(url, error=f"bad URL: {exc}")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return Raw(url, error="deadline reached before the request")
    # the watchdog ends the exchange at the deadline; the socket's own timeout is only op_timeout, or a little past
    # the deadline, so that a loaded machine's timer race never reports a bare "timed out" for the deadline
    per_op = op_timeout if op_timeout is not None and op_timeout < remaining else remaining + SOCKET_GRACE_S
    conn, absolute = _connection(parts, per_op, context)
    watchdog = _Watchdog(conn, remaining)
    target = url if absolute else (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    out = Raw(url)
    try:
        conn.request(method, target, body=data, headers={"User-Agent": USER_AGENT, **(headers or {})})
        resp = conn.getresponse()
        out.status, out.headers = resp.status, resp.msg
        chunks: list[bytes] = []
        size = 0
        while method != "HEAD":
            piece = resp.read1(_READ)
            if not piece or watchdog.fired.is_set():
                break
            chunks.append(piece)
            size += len(piece)
            if size > max_bytes:
                out.truncated = True
                break
        body = b"".join(chunks)[:max_bytes]
        out.body, inflated_cut, problem = _decode(body, resp.getheader("Content-Encoding"), max_bytes)
        out.truncated = out.truncated or inflated_cut
        if problem:
            out.error = problem
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if not watchdog.fired.is_set():
            out.error = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        watchdog.cancel()
        conn.close()
    if watchdog.fired.is_set():
        out.error = f"no complete answer within the deadline ({remaining:.3g} s left for this request)"
    elif out.truncated and out.error is None:
        out.error = f"byte cap: larger than {max_bytes} bytes"
    return out


# -- through the gate ---------------------------------------------------------------------------------------------
def ensure_robots(gate: Gate, url: str, *, deadline_s: float = ROBOTS_DEADLINE_S) -> None:
    """Decide the robots.txt of `url`'s host once: whoever comes first fetches it, the others wait for that."""
    if gate.robots_known(url):
        return
    with gate.host_lock(url):
        if gate.robots_known(url):
            return
        gate.set_robots(url, _read_robots(gate, robots_url(url), time.monotonic() + deadline_s))


def _read_robots(gate: Gate, url: str, deadline: float) -> str | None:
    for _hop in range(ROBOTS_MAX_HOPS + 1):
        raw = request_once(url, deadline=deadline, max_bytes=ROBOTS_MAX_BYTES,
                           headers={"Accept": "text/plain, */*"})
        location = raw.header("Location")
        if raw.status in REDIRECTS and location:
            url = urldefrag(urljoin(url, location))[0]
            if not gate.in_scope(url):  # a robots.txt elsewhere is not this site's: nothing is disallowed
                return None
            continue
        if raw.status == 200 and raw.error is None:
            return raw.body.decode("utf-8", errors="replace")
        return None  # missing or unreadable: restricts nothing (the crawler reads it so too)
    return None


def check(gate: Gate, url: str, *, robots_deadline_s: float = ROBOTS_DEADLINE_S) -> str | None:
    """The gate's answer for `url`, after reading its host's robots.txt if that is still unknown."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return NOT_HTTP
    if not gate.in_scope(url):
        return OFF_SCOPE
    ensure_robots(gate, url, deadline_s=robots_deadline_s)
    return gate.refusal(url)


def fetch(url: str, gate: Gate, *, deadline_s: float = DEFAULT_DEADLINE_S, max_bytes: int = DEFAULT_MAX_BYTES,
          max_hops: int = MAX_HOPS, method: str = "GET", headers: dict[str, str] | None = None,
          data: bytes | None = None) -> FetchResult:
    started = time.monotonic()
    deadline = started + deadline_s
    result = FetchResult(url=url, final_url=url)
    current = urldefrag(url)[0]
    for _hop in range(max_hops + 1):
        result.final_url = current
        refusal = check(gate, current, robots_deadline_s=max(0.5, min(ROBOTS_DEADLINE_S, deadline - time.monotonic())))
        if refusal:
            result.refusal = refusal
            break
        raw = request_once(current, deadline=deadline, max_bytes=max_bytes, method=method, headers=headers,
                           data=data)
        result.status, result.error = raw.status, raw.error
        result.content_type = raw.header("Content-Type")
        result.headers = {k.lower(): v for k, v in raw.headers.items()}
        location = raw.header("Location")
        if raw.status in REDIRECTS and location and raw.error is None:
            result.redirects.append(current)
            current = urldefrag(urljoin(current, location.strip()))[0]
            if raw.status == 303 or (raw.status in (301, 302) and method == "POST"):
                method, data = "GET", None
            continue
        result.body = raw.body
        break
    else:
        result.error = f"more than {max_hops} redirects; not followed further"
    result.elapsed_s = round(time.monotonic() - started, 3)
    return result


# -- gates primed from the run store ------------------------------------------------------------------------------
def gate_from_store(store: RunStore, body: str, site_url: str, *, robots_policy: str = "obey") -> Gate:
    """The site's gate with the robots.txt files the crawl already read (stored as pages), so that nothing
    after the crawl asks a host for its robots.txt a second time."""
    gate = Gate(site_url, robots_policy=robots_policy)
    pages = {p.url: p for p in store.pages(body, with_content=False)}
    for url, page in pages.items():
        if url != robots_url(url):
            continue
        for _hop in range(ROBOTS_MAX_HOPS + 1):  # the file may sit behind redirects, each stored as a hop
            target = page.info.get("redirect_to")
            if not target or target not in pages:
                break
            page = pages[target]
        if page.status is None or page.info.get("redirect_to"):
            continue  # not read to the end: unknown, read again when needed
        content = store.page_content(body, page.url) if page.status == 200 else None
        gate.set_robots(url, content.decode("utf-8", errors="replace") if content else None)
    return gate


def site_gate(store: RunStore, body: str, site_url: str, settings: dict | None) -> Gate:
    """The gate of a body's site for a gatherer: the run's robots policy, robots.txt from the crawl."""
    return gate_from_store(store, body, site_url, robots_policy=str((settings or {}).get("robots_policy", "obey")))
