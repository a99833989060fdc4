"""One HTTP exchange for a sample, with its own connect and read time-outs and timings.

Not crawler.gated_fetch.request_once, because a sample needs what that one does not give: separate connect and read
time-outs (a host that does not accept connections and one that accepts and then stalls are different outages),
the time of each phase, the TLS context (an extra CA for test certificates; an unverified retry), and the kind of
failure. It connects directly, never through a proxy: the monitor measures the sites from this machine, and a proxy
in between would measure the proxy. Callers ask the gate first (monitoring/gated.py); this module never does.

Time-outs: the TCP connection and the TLS handshake must complete within `connect_s`; then the whole answer (status,
headers and body up to `max_bytes`) within `read_s` — a watchdog shuts the socket down at that instant, so a server
trickling bytes cannot hold a sample open.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

USER_AGENT = "govaudit-monitor (availability monitoring of state-body websites)"
_READ = 65536

# failure kinds (Exchange.kind): what went wrong, for the sample's reason and the tests
REFUSED, CONNECT_TIMEOUT, CONNECT_ERROR, DNS = "refused", "connect_timeout", "connect_error", "dns"
TLS_VERIFY, TLS_ERROR, READ_TIMEOUT, PROTOCOL = "tls_verify", "tls_error", "read_timeout", "protocol"


@dataclass
class Exchange:
    url: str
    method: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    kind: str | None = None  # None = an HTTP answer came; else one of the failure kinds above
    error: str | None = None
    connect_ms: float | None = None  # TCP + TLS handshake
    total_ms: float = 0.0
    tls_version: str | None = None

    @property
    def answered(self) -> bool:
        return self.kind is None and self.status is not None


def exchange(url: str, *, method: str = "GET", context: ssl.SSLContext | None = None, connect_s: float = 10.0,
             read_s: float = 30.0, max_bytes: int = 1_000_000) -> Exchange:
    parts = urlsplit(url)
    out = Exchange(url=url, method=method)
    started = time.monotonic()
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=connect_s, context=context or ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=connect_s)
    try:
        conn.connect()
    except (OSError, ssl.SSLError) as exc:
        out.kind, out.error = _connect_failure(exc, connect_s)
        out.total_ms = _ms(started)
        conn.close()
        return out
    out.connect_ms = _ms(started)
    if isinstance(conn.sock, ssl.SSLSocket):
        out.tls_version = conn.sock.version()
    conn.sock.settimeout(read_s)
    cut = threading.Event()
    timer = threading.Timer(read_s, _shutdown, (conn, cut))
    timer.daemon = True
    timer.start()
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(method, target, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8",
                                              "Accept-Encoding": "identity", "Connection": "close"})
        resp = conn.getresponse()
        out.status = resp.status
        out.headers = {k.lower(): v for k, v in resp.getheaders()}
        chunks, size = [], 0
        while method != "HEAD" and not cut.is_set():
            piece = resp.read1(_READ)
            if not piece:
                break
            chunks.append(piece)
            size += len(piece)
            if size > max_bytes:
                out.truncated = True  # enough to judge the page: the rest is not read
                break
        out.body = b"".join(chunks)[:max_bytes]
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if not cut.is_set():
            out.kind = READ_TIMEOUT if isinstance(exc, TimeoutError | socket.timeout) else PROTOCOL
            out.error = (f"no answer within the read time-out ({read_s:g} s)" if out.kind == READ_TIMEOUT
                         else f"{type(exc).__name__}: {exc}"[:300])
    finally:
        timer.cancel()
        conn.close()
    if cut.is_set() and not out.truncated:
        out.kind = READ_TIMEOUT
        out.error = (f"no answer within the read time-out ({read_s:g} s)" if out.status is None else
                     f"the answer was not complete within the read time-out ({read_s:g} s)")
    out.total_ms = _ms(started)
    return out


def _shutdown(conn: http.client.HTTPConnection, cut: threading.Event) -> None:
    cut.set()
    if conn.sock is not None:
        try:
            conn.sock.shutdown(socket.SHUT_RDWR)  # a blocked recv() returns at once
        except OSError:
            pass


def _connect_failure(exc: BaseException, connect_s: float) -> tuple[str, str]:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return TLS_VERIFY, f"TLS certificate not accepted: {exc.verify_message or exc}"
    if isinstance(exc, ssl.SSLError):
        return TLS_ERROR, f"TLS handshake failed: {exc.reason or exc}"
    if isinstance(exc, TimeoutError | socket.timeout):
        return CONNECT_TIMEOUT, f"no connection within the connect time-out ({connect_s:g} s)"
    if isinstance(exc, ConnectionRefusedError):
        return REFUSED, "connection refused"
    if isinstance(exc, socket.gaierror):
        return DNS, f"host name not resolved: {exc.strerror or exc}"
    return CONNECT_ERROR, f"cannot connect: {type(exc).__name__}: {exc}"[:300]


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def verified_context(ca_file: str | None = None) -> ssl.SSLContext:
    """What a browser would accept: the system roots (plus an extra CA file, for test certificates only)."""
    ctx = ssl.create_default_context()
    if ca_file:
        ctx.load_verify_locations(cafile=ca_file)
    return ctx


def unverified_context() -> ssl.SSLContext:
    """For learning whether a server behind a rejected certificate answers at all (never for trusting it)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx
