"""The monitor's two tables in the run store (run.sqlite): samples and TLS checks, append-only.

Kept here, behind small functions, and not in crawler/store.py: the run store's own schema is created by RunStore
(`connect` opens it once for that), these tables sit beside it in the same SQLite file, on a connection of their
own (CREATE TABLE IF NOT EXISTS on every open). Each write commits at once, so an interrupted monitor keeps every
sample it took and the next invocation appends to them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS monitor_samples (
    id INTEGER PRIMARY KEY AUTOINCREMENT, host TEXT NOT NULL, url TEXT NOT NULL, t TEXT NOT NULL,
    interval_s REAL NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS monitor_samples_host_t ON monitor_samples (host, t);
CREATE TABLE IF NOT EXISTS monitor_tls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, host TEXT NOT NULL, t TEXT NOT NULL, state TEXT NOT NULL,
    data TEXT NOT NULL
);
"""


@dataclass
class Sample:
    host: str
    url: str
    t: str  # UTC ISO time the sample started (microseconds): the state holds from here (see availability.py)
    interval_s: float  # the monitor's interval when it was taken (the interval rule needs it)
    state: str
    reason: str
    data: dict[str, Any] = field(default_factory=dict)  # status, method, timings, final URL, TLS version …


def connect(run_dir: Path) -> sqlite3.Connection:
    """The run store file of `run_dir` (created, with the run store's own schema, if new) with the monitor's tables."""
    from crawler.store import STORE_NAME, RunStore

    RunStore.in_dir(run_dir).close()  # a new file gets the run store's schema, so every command can open it
    try:
        db = sqlite3.connect(Path(run_dir) / STORE_NAME, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        ensure_tables(db)
    except sqlite3.DatabaseError as exc:
        from crawler.store import store_error

        raise store_error(Path(run_dir) / STORE_NAME, exc) from exc
    return db


def ensure_tables(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def add_sample(db: sqlite3.Connection, s: Sample) -> None:
    with db:
        db.execute("INSERT INTO monitor_samples (host, url, t, interval_s, state, reason, data) VALUES (?,?,?,?,?,?,?)",
                   (s.host, s.url, s.t, s.interval_s, s.state, s.reason, json.dumps(s.data, ensure_ascii=False)))


def samples(db: sqlite3.Connection, host: str | None = None) -> list[Sample]:
    """Samples in time order (per host when `host` is given)."""
    where, args = ("WHERE host = ?", (host,)) if host else ("", ())
    rows = db.execute(f"SELECT host, url, t, interval_s, state, reason, data FROM monitor_samples {where} "
                      "ORDER BY host, t, id", args)
    return [Sample(*row[:6], data=json.loads(row[6] or "{}")) for row in rows]


def add_tls(db: sqlite3.Connection, host: str, t: str, state: dict[str, Any]) -> None:
    with db:
        db.execute("INSERT INTO monitor_tls (host, t, state, data) VALUES (?,?,?,?)",
                   (host, t, str(state.get("state")), json.dumps(state, ensure_ascii=False)))


def tls_checks(db: sqlite3.Connection, host: str | None = None) -> list[dict[str, Any]]:
    where, args = ("WHERE host = ?", (host,)) if host else ("", ())
    rows = db.execute(f"SELECT host, t, data FROM monitor_tls {where} ORDER BY host, t, id", args)
    return [{"host": h, "t": t, **json.loads(d)} for h, t, d in rows]


def last_tls_time(db: sqlite3.Connection, host: str) -> str | None:
    row = db.execute("SELECT MAX(t) FROM monitor_tls WHERE host = ?", (host,)).fetchone()
    return row[0] if row else None


def sample_dict(s: Sample) -> dict[str, Any]:
    return asdict(s)
