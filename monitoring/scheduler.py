"""Rounds at a fixed cadence: round i starts at start + i × interval (a slow round is not made up for; the next
starts at once). In a round every host is sampled side by side (a thread each, at most `workers`); samples are
written by this thread as they come in, each committed at once, so Ctrl-C keeps everything taken so far.

TLS certificates are checked in the first round of an invocation and then every `tls_interval_s` per host.
Gates (and so robots.txt) are made anew every ROBOTS_REFRESH_S, so a monitor that runs for months follows changes.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.log import log
from crawler.gate import Gate
from monitoring import store
from monitoring.availability import parse_time
from monitoring.config import MonitorConfig
from monitoring.gated import ROBOTS_REFRESH_S
from monitoring.hosts import MonitoredHost
from monitoring.sampler import Contexts, sample_host
from monitoring.tls import check_tls, plain_http_state


@dataclass
class RunSummary:
    rounds: int = 0
    samples: int = 0
    tls_checks: int = 0
    states: dict[str, int] = field(default_factory=dict)


def _tls_due(db: sqlite3.Connection, host: MonitoredHost, cfg: MonitorConfig, first_round: bool) -> bool:
    if first_round:
        return True
    last = store.last_tls_time(db, host.host)
    return last is None or (datetime.now(UTC) - parse_time(last)).total_seconds() >= cfg.tls_interval_s


def _tls_state(host: MonitoredHost, cfg: MonitorConfig) -> dict:
    if not host.is_https:
        return plain_http_state()
    return check_tls(host.hostname, host.port, ca_file=cfg.ca_file, timeout_s=cfg.connect_timeout_s,
                     warn_days=cfg.tls_warn_days)


def run_rounds(db: sqlite3.Connection, hosts: list[MonitoredHost], cfg: MonitorConfig, *, rounds: int | None,
               duration_s: float | None, sleep: Callable[[float], None] = time.sleep) -> RunSummary:
    """Sample until `rounds` rounds are done or `duration_s` has passed (neither: until interrupted)."""
    store.ensure_tables(db)
    contexts = Contexts.for_config(cfg)
    summary = RunSummary()
    started = time.monotonic()
    gates: dict[str, Gate] = {}
    gates_made = started
    with ThreadPoolExecutor(max_workers=max(1, min(cfg.workers, len(hosts)))) as pool:
        try:
            while rounds is None or summary.rounds < rounds:
                if duration_s is not None and time.monotonic() - started >= duration_s:
                    break
                if time.monotonic() - gates_made >= ROBOTS_REFRESH_S:
                    gates, gates_made = {}, time.monotonic()
                for h in hosts:
                    gates.setdefault(h.host, Gate(h.url, robots_policy=cfg.robots_policy))
                _one_round(db, pool, hosts, gates, cfg, contexts, summary)
                summary.rounds += 1
                if rounds is not None and summary.rounds >= rounds:
                    break
                next_start = started + summary.rounds * cfg.interval_s
                if duration_s is not None and next_start - started >= duration_s:
                    break
                sleep(max(0.0, next_start - time.monotonic()))
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)  # samples already stored are kept; none half-written
            raise
    return summary


def _one_round(db: sqlite3.Connection, pool: ThreadPoolExecutor, hosts: list[MonitoredHost], gates: dict[str, Gate],
               cfg: MonitorConfig, contexts: Contexts, summary: RunSummary) -> None:
    jobs: dict[Future, tuple[str, MonitoredHost]] = {}
    for h in hosts:
        jobs[pool.submit(sample_host, h, gates[h.host], cfg, contexts)] = ("sample", h)
        if _tls_due(db, h, cfg, summary.rounds == 0):
            jobs[pool.submit(_tls_state, h, cfg)] = ("tls", h)
    pending = set(jobs)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            kind, h = jobs[fut]
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - one host's failure must not stop the monitor
                log.warning("monitor: %s of %s failed: %s: %s", kind, h.host, type(exc).__name__, exc)
                continue
            if kind == "sample":
                store.add_sample(db, result)
                summary.samples += 1
                summary.states[result.state] = summary.states.get(result.state, 0) + 1
                log.info("monitor: %s %s (%s)", h.host, result.state, result.reason)
            else:
                store.add_tls(db, h.host, datetime.now(UTC).isoformat(timespec="microseconds"), result)
                summary.tls_checks += 1
