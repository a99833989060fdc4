"""Every fetch of the monitor goes through the project's scope and robots gate (crawler/gate.py).

A monitored host is in scope by being in the targets file: its gate is built on the sampled URL. The host's
robots.txt is read once per gate (the scheduler makes new gates every `ROBOTS_REFRESH_S`, so a months-long
monitor follows changes), through monitoring/probe.py so that the same TLS context applies, and handed to the gate;
then every hop — the URL and each redirect — is asked of the gate before it is requested. A refused hop is not
requested: the result says why.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

from crawler.gate import Gate, robots_url
from monitoring.probe import TLS_VERIFY, Exchange, exchange

MAX_HOPS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 500_000  # RFC 9309 §2.5
ROBOTS_REFRESH_S = 86_400.0


@dataclass
class Timeouts:
    connect_s: float
    read_s: float
    max_bytes: int


@dataclass
class Gated:
    """The last exchange of a fetch, the hops before it, or the gate's refusal of a hop."""

    url: str
    final: Exchange | None = None
    hops: list[str] = field(default_factory=list)
    refusal: str | None = None
    refused_url: str | None = None
    against_robots: list[str] = field(default_factory=list)  # hops read under audit_override that robots.txt disallows


def ensure_robots(gate: Gate, url: str, context: ssl.SSLContext | None, limits: Timeouts,
                  fallback: ssl.SSLContext | None = None) -> None:
    """Decide the host's robots.txt once. A host whose certificate is rejected is read again over `fallback`
    (unverified) when given: its rules still bind us. Missing or unreadable: nothing is disallowed."""
    if gate.robots_known(url):
        return
    with gate.host_lock(url):
        if gate.robots_known(url):
            return
        gate.set_robots(url, _read_robots(gate, robots_url(url), context, limits, fallback))


def _read_robots(gate: Gate, url: str, context: ssl.SSLContext | None, limits: Timeouts,
                 fallback: ssl.SSLContext | None) -> str | None:
    for _hop in range(MAX_HOPS + 1):
        ex = exchange(url, context=context, connect_s=limits.connect_s, read_s=limits.read_s,
                      max_bytes=ROBOTS_MAX_BYTES)
        if ex.kind == TLS_VERIFY and fallback is not None:
            ex = exchange(url, context=fallback, connect_s=limits.connect_s, read_s=limits.read_s,
                          max_bytes=ROBOTS_MAX_BYTES)
        location = ex.headers.get("location")
        if ex.status in REDIRECTS and location:
            url = urldefrag(urljoin(url, location.strip()))[0]
            if not gate.in_scope(url):  # a robots.txt elsewhere is not this host's: nothing is disallowed
                return None
            continue
        if ex.status == 200 and ex.kind is None and not ex.truncated:
            return ex.body.decode("utf-8", errors="replace")
        return None
    return None


def gated_fetch(url: str, gate: Gate, *, method: str, context: ssl.SSLContext | None, limits: Timeouts,
                fallback: ssl.SSLContext | None = None) -> Gated:
    """`method` on `url`, following in-scope redirects hop by hop, each hop asked of the gate first."""
    out = Gated(url=url)
    current = urldefrag(url)[0]
    for _hop in range(MAX_HOPS + 1):
        ensure_robots(gate, current, context, limits, fallback)
        refusal = gate.refusal(current)
        if refusal:
            out.refusal, out.refused_url = refusal, current
            return out
        if not gate.obeys_robots and not gate.robots_allows(current):
            out.against_robots.append(current)  # an explicit policy: the sample records it
        ex = exchange(current, method=method, context=context, connect_s=limits.connect_s, read_s=limits.read_s,
                      max_bytes=limits.max_bytes)
        out.final = ex
        location = ex.headers.get("location")
        if ex.status in REDIRECTS and location:
            out.hops.append(current)
            current = urldefrag(urljoin(current, location.strip()))[0]
            continue  # HEAD stays HEAD, GET stays GET (the monitor sends no bodies)
        return out
    return out  # more than MAX_HOPS redirects: the last redirect answer is the result
