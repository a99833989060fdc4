"""One politeness budget per host, shared by every stage that fetches (Scrapy crawls, the gov.kz collector, the
portal collectors, the browser gatherers), across threads and processes.

Why one budget: www.gov.kz hosts most bodies, and an overlapped gather runs its collector, several browsers and
crawls side by side; per-component limits would multiply the load on that one host.

The budget (targets file `audit.politeness`, see `Budget.from_settings`) per host (host:port):
- `rate` requests per second and `concurrency` requests in flight;
- Retry-After of a 429/503 pauses the host for everyone (capped by `max_retry_after`); a request that may not
  wait that long (its own deadline, `acquire(max_wait_s=…)`) is not sent and fails at once (WaitTooLong), so a
  host's pause never holds a stage past its time limit;
- AutoThrottle-style backoff (as Scrapy's extensions/throttle.py): the interval between requests follows
  latency / `target_concurrency`, doubles on 429 and 5xx, and never drops below 1/rate nor rises above `max_delay`.

Backends share one interface (`Limiter`): `SqliteLimiter` (a small SQLite file, one IMMEDIATE transaction per
decision: safe for the gather threads and the Scrapy child processes of one machine) and `RedisLimiter` (one Lua
script per decision, with Redis's clock: safe for workers on many machines). A request asks for a slot
(`reserve`): it is granted when the host's interval since the last grant has passed, no Retry-After pause holds
and fewer than `concurrency` leases are out; otherwise the answer says how long to wait before asking again
(nothing is held while waiting, so no waiter starves the others). A lease counts towards the concurrency until it
is released with the request's outcome (`release`) or expires (its holder died).

`install(limiter)` makes a limiter the process's current one; `current()` returns it (None: no budget, as in unit
tests of single components). `spec()`/`from_spec()` pass it to a child process as JSON.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from core.errors import InputError

POLL_S = 0.05  # how often a request waiting for a free concurrency slot asks again
JITTER_S = 0.005  # spread the waiters of one host, so that the same one does not always win the next slot
FILE_NAME = "politeness.sqlite"


@dataclass(frozen=True)
class HostBudget:
    rate: float  # requests per second
    concurrency: int  # requests in flight

    @property
    def interval(self) -> float:
        return 1.0 / self.rate


@dataclass(frozen=True)
class Budget:
    default: HostBudget = HostBudget(rate=8.0, concurrency=4)
    hosts: dict[str, HostBudget] = field(default_factory=dict)  # host or host:port -> its own budget
    target_concurrency: float = 2.0  # AutoThrottle: the interval follows latency / this
    max_delay: float = 10.0  # the backoff never waits longer than this between two requests
    max_retry_after: float = 120.0  # a longer Retry-After is capped to this
    lease_s: float = 60.0  # a request not released within this long (its process died) stops counting

    def for_host(self, host: str) -> HostBudget:
        return self.hosts.get(host) or self.hosts.get(host.rsplit(":", 1)[0]) or self.default

    def describe(self) -> str:
        own = "; ".join(f"{h}: {b.rate:g}/s, {b.concurrency} at once" for h, b in sorted(self.hosts.items()))
        return (f"{self.default.rate:g} requests/s and {self.default.concurrency} in flight per host"
                + (f" ({own})" if own else "") + f"; backoff to at most {self.max_delay:g} s between requests, "
                f"Retry-After honoured up to {self.max_retry_after:g} s")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["default"] = asdict(self.default)
        return out

    @classmethod
    def from_settings(cls, value: Any, where: str = "audit.politeness") -> Budget:
        """From the targets file's mapping; every problem is named with its field."""
        if value is None:
            return cls()
        if not isinstance(value, dict):
            raise InputError(f"{where}: must be a mapping (rate, concurrency, hosts, ...)",
                             "e.g. politeness: {rate: 4, concurrency: 2, hosts: {www.gov.kz: {rate: 2}}}")
        problems: list[str] = []
        known = {"rate", "concurrency", "hosts", "target_concurrency", "max_delay", "max_retry_after", "lease_s"}
        problems += [f"{where}.{k}: unknown field (known: {', '.join(sorted(known))})" for k in value if k not in known]
        default = _host_budget(value, cls.default, where, problems)
        hosts: dict[str, HostBudget] = {}
        raw_hosts = value.get("hosts") or {}
        if not isinstance(raw_hosts, dict):
            problems.append(f"{where}.hosts: must be a mapping of host -> {{rate, concurrency}}")
            raw_hosts = {}
        for host, item in raw_hosts.items():
            if not isinstance(item, dict):
                problems.append(f"{where}.hosts.{host}: must be a mapping with rate and/or concurrency")
                continue
            hosts[str(host).lower()] = _host_budget(item, default, f"{where}.hosts.{host}", problems)
        numbers = {k: _positive(value, k, getattr(cls, k), where, problems)
                   for k in ("target_concurrency", "max_delay", "max_retry_after", "lease_s")}
        if problems:
            raise InputError("invalid politeness budget:\n  - " + "\n  - ".join(problems),
                             "correct the fields named above in the targets file; nothing was run")
        return cls(default=default, hosts=hosts, **numbers)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Budget:
        return cls(default=HostBudget(**data["default"]),
                   hosts={h: HostBudget(**b) for h, b in (data.get("hosts") or {}).items()},
                   **{k: float(data[k]) for k in ("target_concurrency", "max_delay", "max_retry_after", "lease_s")})


def _positive(value: dict[str, Any], key: str, default: float, where: str, problems: list[str]) -> float:
    raw = value.get(key, default)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw) or raw <= 0:
        problems.append(f"{where}.{key}: {raw!r} must be a positive number")
        return float(default)
    return float(raw)


def _host_budget(value: dict[str, Any], default: HostBudget, where: str, problems: list[str]) -> HostBudget:
    rate = _positive(value, "rate", default.rate, where, problems)
    concurrency = _positive(value, "concurrency", default.concurrency, where, problems)
    if concurrency != int(concurrency):
        problems.append(f"{where}.concurrency: {concurrency!r} must be a whole number")
    return HostBudget(rate=rate, concurrency=max(1, int(concurrency)))


def host_of(url: str) -> str:
    """The budget's key: host[:port], lower-case (two loopback fixtures on different ports are two hosts)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def next_delay(delay: float, budget: Budget, host: str, *, status: int | None, latency: float) -> float:
    """AutoThrottle-style: move towards latency / target concurrency; double on 429 and 5xx; within bounds."""
    floor = budget.for_host(host).interval
    if status is None:  # no feedback (a browser navigation, a failed connection): keep the delay
        return max(delay, floor)
    if status == 429 or status >= 500:
        return min(budget.max_delay, max(delay, floor) * 2)
    target = latency / budget.target_concurrency
    new = max(target, (delay + target) / 2)
    if status >= 300 and new < delay:  # as Scrapy: only a good answer may speed us up
        new = delay
    return min(budget.max_delay, max(floor, new))


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After in seconds (delta form; an HTTP date is read too)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Limiter(Protocol):
    budget: Budget

    def reserve(self, host: str) -> tuple[str | None, float]:
        """(lease id, 0) when the request may go now — or (None, seconds to wait before asking again)."""

    def release(self, host: str, lease: str, *, status: int | None, latency: float,
                retry_after: float | None = None) -> None:
        """The request is over: free its lease and adjust the host's delay from its outcome."""

    def spec(self) -> dict[str, Any]:
        """JSON that `from_spec` turns back into an equivalent limiter (for a child process)."""


# -- using a limiter ------------------------------------------------------------------------------------------
class WaitTooLong(Exception):  # noqa: N818 - a refusal to wait, not an error of ours
    """The host's budget (a Retry-After pause, the backoff) would hold a request past the time it may wait."""

    def __init__(self, host: str, wait_s: float, may_wait_s: float) -> None:
        super().__init__(f"{host} asks us to wait {wait_s:.0f} s more (Retry-After or backoff), longer than this "
                         f"request may wait ({may_wait_s:.0f} s): not sent")
        self.host, self.wait_s, self.may_wait_s = host, wait_s, may_wait_s


def acquire(limiter: Limiter, host: str, *, max_wait_s: float | None = None) -> str:
    """Block until the host's budget lets one request go; the lease to release. With `max_wait_s`, a budget that
    would hold the request longer than that raises WaitTooLong at once instead of sleeping it out."""
    give_up = None if max_wait_s is None else time.monotonic() + max_wait_s
    while True:
        lease, wait = limiter.reserve(host)
        if lease is None and give_up is not None and time.monotonic() + wait > give_up:
            raise WaitTooLong(host, wait, max_wait_s or 0.0)
        if wait > 0:
            time.sleep(wait)
        if lease is not None:
            return lease


async def acquire_async(limiter: Limiter, host: str) -> str:
    """As `acquire`, without blocking the crawler's event loop."""
    while True:
        lease, wait = limiter.reserve(host)
        if wait > 0:
            await asyncio.sleep(wait)
        if lease is not None:
            return lease


class Outcome:
    """What a request reports back through `polite()`."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.retry_after: float | None = None


@contextlib.contextmanager
def polite(url: str, limiter: Limiter | None = None, *, max_wait_s: float | None = None) -> Iterator[Outcome]:
    """`with polite(url) as outcome: ...; outcome.status = 200` — waits for the budget (at most `max_wait_s`, else
    WaitTooLong), then reports back. Without a limiter (none installed) it does nothing."""
    limiter = limiter or current()
    outcome = Outcome()
    if limiter is None:
        yield outcome
        return
    host = host_of(url)
    lease = acquire(limiter, host, max_wait_s=max_wait_s)
    started = time.monotonic()
    try:
        yield outcome
    finally:
        limiter.release(host, lease, status=outcome.status, latency=time.monotonic() - started,
                        retry_after=outcome.retry_after)


def pace(url: str, limiter: Limiter | None = None, *, max_wait_s: float | None = None) -> None:
    """Count one request against the rate without tracking it (a browser navigation: we never see its end);
    WaitTooLong when the budget would hold it longer than `max_wait_s`."""
    limiter = limiter or current()
    if limiter is None:
        return
    host = host_of(url)
    limiter.release(host, acquire(limiter, host, max_wait_s=max_wait_s), status=None, latency=0.0)


_current: Limiter | None = None


def install(limiter: Limiter | None) -> None:
    global _current
    _current = limiter


def current() -> Limiter | None:
    return _current


def from_spec(spec: dict[str, Any] | str) -> Limiter:
    data = json.loads(spec) if isinstance(spec, str) else spec
    budget = Budget.from_dict(data["budget"])
    if data["backend"] == "sqlite":
        return SqliteLimiter(Path(data["path"]), budget)
    if data["backend"] == "redis":
        return RedisLimiter(data["url"], budget, namespace=data.get("namespace", "govaudit"))
    raise ValueError(f"unknown politeness backend {data['backend']!r}")


# -- SQLite: one machine ---------------------------------------------------------------------------------------
class SqliteLimiter:
    """The budget's state in a small SQLite file; every decision is one IMMEDIATE transaction (one writer at a
    time), so threads and processes sharing the file see one another's reservations."""

    def __init__(self, path: Path, budget: Budget) -> None:
        self.path, self.budget = Path(path), budget
        self._local = threading.local()  # a sqlite3 connection belongs to its thread
        db = self._db()
        db.executescript("""
            CREATE TABLE IF NOT EXISTS hosts (host TEXT PRIMARY KEY, next_at REAL NOT NULL, delay REAL NOT NULL,
                                              blocked_until REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, host TEXT NOT NULL, expires REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS leases_host ON leases (host);
        """)

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # scratch state: losing it on a power cut costs nothing
            self._local.db = db
        return db

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def clear_leases(self) -> None:
        """Forget every request in flight (those of an interrupted run); the schedule and backoff are kept."""
        with self._transaction() as db:
            db.execute("DELETE FROM leases")

    def _state(self, db: sqlite3.Connection, host: str) -> tuple[float, float, float]:
        row = db.execute("SELECT next_at, delay, blocked_until FROM hosts WHERE host=?", (host,)).fetchone()
        return row if row else (0.0, self.budget.for_host(host).interval, 0.0)

    def reserve(self, host: str) -> tuple[str | None, float]:
        hb = self.budget.for_host(host)
        with self._transaction() as db:
            now = time.time()
            db.execute("DELETE FROM leases WHERE expires < ?", (now,))
            (in_flight,) = db.execute("SELECT count(*) FROM leases WHERE host=?", (host,)).fetchone()
            if in_flight >= hb.concurrency:
                return None, POLL_S
            next_at, delay, blocked_until = self._state(db, host)
            start = max(next_at, blocked_until)
            if start > now:  # not this request's turn yet: nothing is held while it waits
                return None, start - now + random.uniform(0, JITTER_S)
            lease = uuid.uuid4().hex
            db.execute("INSERT OR REPLACE INTO hosts VALUES (?,?,?,?)",
                       (host, now + max(hb.interval, delay), delay, blocked_until))
            db.execute("INSERT INTO leases VALUES (?,?,?)", (lease, host, now + self.budget.lease_s))
        return lease, 0.0

    def release(self, host: str, lease: str, *, status: int | None, latency: float,
                retry_after: float | None = None) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM leases WHERE id=?", (lease,))
            next_at, delay, blocked_until = self._state(db, host)
            if retry_after is not None:
                blocked_until = max(blocked_until, time.time() + min(retry_after, self.budget.max_retry_after))
            delay = next_delay(delay, self.budget, host, status=status, latency=latency)
            db.execute("INSERT OR REPLACE INTO hosts VALUES (?,?,?,?)", (host, next_at, delay, blocked_until))

    def spec(self) -> dict[str, Any]:
        return {"backend": "sqlite", "path": str(self.path), "budget": self.budget.to_dict()}


# -- Redis: many machines --------------------------------------------------------------------------------------
# Both scripts read Redis's own clock, so workers on machines whose clocks differ still share one schedule.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local interval, conc, lease_s = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= conc then return {0, ''} end
local s = redis.call('HMGET', KEYS[1], 'next_at', 'delay', 'blocked_until')
local next_at, delay, blocked = tonumber(s[1]) or 0, tonumber(s[2]) or interval, tonumber(s[3]) or 0
local start = math.max(next_at, blocked)
if start > now then return {0, tostring(start - now)} end
redis.call('HSET', KEYS[1], 'next_at', tostring(now + math.max(interval, delay)), 'delay', tostring(delay),
           'blocked_until', tostring(blocked))
redis.call('ZADD', KEYS[2], now + lease_s, ARGV[4])
redis.call('EXPIRE', KEYS[1], 86400)
redis.call('EXPIRE', KEYS[2], 86400)
return {1, '0'}
"""
_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
redis.call('ZREM', KEYS[2], ARGV[1])
local delay = tonumber(ARGV[2])
local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked_until')) or 0
if ARGV[3] ~= '' then blocked = math.max(blocked, now + tonumber(ARGV[3])) end
redis.call('HSET', KEYS[1], 'delay', tostring(delay), 'blocked_until', tostring(blocked))
redis.call('EXPIRE', KEYS[1], 86400)
return 1
"""


class RedisLimiter:
    """The budget's state in Redis: a hash (next slot, delay, pause) and a sorted set of leases per host."""

    def __init__(self, url: str, budget: Budget, *, namespace: str = "govaudit") -> None:
        import redis

        self.url, self.budget, self.namespace = url, budget, namespace
        self.client = redis.Redis.from_url(url)
        self._reserve = self.client.register_script(_RESERVE)
        self._release = self.client.register_script(_RELEASE)

    def _keys(self, host: str) -> list[str]:
        base = f"{self.namespace}:polite:{host}"
        return [f"{base}:state", f"{base}:leases"]

    def reserve(self, host: str) -> tuple[str | None, float]:
        hb = self.budget.for_host(host)
        lease = uuid.uuid4().hex
        granted, wait = self._reserve(keys=self._keys(host),
                                      args=[hb.interval, hb.concurrency, self.budget.lease_s, lease])
        if int(granted):
            return lease, 0.0
        return None, (float(wait) if wait else POLL_S) + random.uniform(0, JITTER_S)

    def release(self, host: str, lease: str, *, status: int | None, latency: float,
                retry_after: float | None = None) -> None:
        state = self.client.hget(self._keys(host)[0], "delay")
        delay = float(state) if state else self.budget.for_host(host).interval
        # the delay is read and written in two steps: a concurrent update may be lost, which only blurs the backoff
        delay = next_delay(delay, self.budget, host, status=status, latency=latency)
        pause = "" if retry_after is None else str(min(retry_after, self.budget.max_retry_after))
        self._release(keys=self._keys(host), args=[lease, delay, pause])

    def spec(self) -> dict[str, Any]:
        return {"backend": "redis", "url": self.url, "namespace": self.namespace, "budget": self.budget.to_dict()}
