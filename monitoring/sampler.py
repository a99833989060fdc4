"""One sample of one host: HEAD, then GET (the body is needed to see an error page served with 200), each through
the gate, classified by monitoring/classify.py.

Probes (`monitor.probe`): `head_get` (default) HEAD then GET, the state from the GET; `head` HEAD only, GET only as
the fallback when HEAD gets no 2xx/3xx answer (servers that refuse HEAD answer 405/501) — lighter, no body check;
`get` GET only.

A certificate a browser would reject (expired, wrong name, untrusted chain): the request is repeated without
verification, to learn whether the server itself works. Under `tls_error_counts_as: degraded` (default) a working
server behind a rejected certificate is `degraded` — the system runs, but a citizen gets a security warning
(seed 001 §20439-20449: the mystery shopper gave up there), and the TLS section shows the problem; under `down` it
is an outage.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from datetime import UTC, datetime

from crawler.gate import Gate
from monitoring.classify import DEGRADED, DOWN, UNKNOWN, UP, classify, known_error_strings
from monitoring.config import MonitorConfig
from monitoring.gated import Gated, Timeouts, gated_fetch
from monitoring.hosts import MonitoredHost
from monitoring.probe import TLS_VERIFY, unverified_context, verified_context
from monitoring.store import Sample
from monitoring.text import clean


@dataclass
class Contexts:
    verified: ssl.SSLContext
    unverified: ssl.SSLContext

    @classmethod
    def for_config(cls, cfg: MonitorConfig) -> Contexts:
        return cls(verified_context(cfg.ca_file), unverified_context())


def _answered_ok(g: Gated) -> bool:
    return g.final is not None and g.final.answered and (g.final.status or 0) < 400


def _fetch(host: MonitoredHost, gate: Gate, method: str, ctx: ssl.SSLContext, limits: Timeouts,
           fallback: ssl.SSLContext) -> Gated:
    return gated_fetch(host.url, gate, method=method, context=ctx, limits=limits, fallback=fallback)


def _probe(host: MonitoredHost, gate: Gate, cfg: MonitorConfig, ctx: ssl.SSLContext, fallback: ssl.SSLContext
           ) -> tuple[Gated | None, Gated | None]:
    limits = Timeouts(cfg.connect_timeout_s, cfg.read_timeout_s, cfg.max_bytes)
    head = get = None
    if cfg.probe in ("head_get", "head"):
        head = _fetch(host, gate, "HEAD", ctx, limits, fallback)
        if head.refusal and head.final is None:
            return head, None
    if cfg.probe in ("head_get", "get") or (head is not None and not _answered_ok(head)):
        get = _fetch(host, gate, "GET", ctx, limits, fallback)
    return head, get


def _judge(head: Gated | None, get: Gated | None, cfg: MonitorConfig, strings: list[str]) -> tuple[str, str]:
    decisive = get if get is not None else head
    assert decisive is not None
    if decisive.final is None:  # the gate refused the sampled URL itself
        return UNKNOWN, f"not sampled: {decisive.refusal} ({decisive.refused_url})"
    return classify(decisive.final, refusal=decisive.refusal, refused_url=decisive.refused_url, slow_s=cfg.slow_s,
                    strings=strings, error_page_max_chars=cfg.error_page_max_chars, body_read=decisive is get)


def _tls_rejected(head: Gated | None, get: Gated | None) -> str | None:
    for g in (get, head):
        if g is not None and g.final is not None and g.final.kind == TLS_VERIFY:
            return g.final.error
    return None


def sample_host(host: MonitoredHost, gate: Gate, cfg: MonitorConfig, contexts: Contexts) -> Sample:
    started = datetime.now(UTC)
    strings = list(known_error_strings()) + cfg.error_strings
    head, get = _probe(host, gate, cfg, contexts.verified, contexts.unverified)
    state, reason = _judge(head, get, cfg, strings)
    tls_problem = _tls_rejected(head, get)
    if tls_problem:
        if cfg.tls_error_counts_as == DOWN:
            state, reason = DOWN, tls_problem
        else:  # does the server itself work? (never trusted: only its state is used)
            head, get = _probe(host, gate, cfg, contexts.unverified, contexts.unverified)
            state, reason = _judge(head, get, cfg, strings)
            if state == UP:
                state, reason = DEGRADED, f"{tls_problem}; the server answers ({reason}) but browsers warn"
            else:
                reason = f"{reason}; {tls_problem}"
    data = _details(head, get)
    if tls_problem:
        data["tls_rejected"] = clean(tls_problem)  # under "degraded", the details are the unverified retry's
    return Sample(host=host.host, url=host.url, t=started.isoformat(timespec="microseconds"),
                  interval_s=cfg.interval_s, state=state, reason=clean(reason), data=data)


def _details(head: Gated | None, get: Gated | None) -> dict:
    out: dict = {}
    for name, g in (("head", head), ("get", get)):
        if g is None:
            continue
        ex = g.final
        entry = {"hops": g.hops, "refusal": g.refusal}
        if g.against_robots:
            entry["read_against_robots"] = g.against_robots
        if ex is not None:
            entry.update(url=ex.url, status=ex.status, kind=ex.kind, error=clean(ex.error), connect_ms=ex.connect_ms,
                         total_ms=ex.total_ms, tls_version=ex.tls_version, bytes=len(ex.body),
                         truncated=ex.truncated)
        out[name] = entry
    return out
