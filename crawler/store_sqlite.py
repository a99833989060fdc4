"""The embedded run-store backend: one SQLite file per run (the default)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

# Tables of schema version 1 (every store written before versioning); later versions add to them.
DDL_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    body TEXT NOT NULL, site TEXT NOT NULL, url TEXT NOT NULL,
    final_url TEXT, status INTEGER, content_type TEXT, size INTEGER,
    lang TEXT, title TEXT, fetched_at TEXT, error TEXT, body_z BLOB, info TEXT,
    PRIMARY KEY (body, url)
);
CREATE TABLE IF NOT EXISTS edges (
    body TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, kind TEXT NOT NULL, text TEXT,
    PRIMARY KEY (body, src, dst, kind)
);
CREATE TABLE IF NOT EXISTS artifacts (
    body TEXT NOT NULL, site TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (body, site, kind, key)
);
CREATE TABLE IF NOT EXISTS metrics (
    body TEXT NOT NULL, portal TEXT NOT NULL, lang TEXT NOT NULL, metric TEXT NOT NULL,
    value TEXT NOT NULL, evidence TEXT NOT NULL,
    PRIMARY KEY (body, portal, lang, metric)
);
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT, stage TEXT NOT NULL, level TEXT NOT NULL,
    message TEXT NOT NULL, url TEXT, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS progress (
    body TEXT NOT NULL, stage TEXT NOT NULL, status TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (body, stage)
);
"""

# Version 2: the gather-job ledger of the distributed engine and the files its workers wrote (screenshots).
DDL_V2 = """
CREATE TABLE IF NOT EXISTS jobs (
    key TEXT PRIMARY KEY, body TEXT NOT NULL, site TEXT, stage TEXT NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL, worker TEXT, error TEXT, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, data BLOB NOT NULL, size INTEGER NOT NULL);
"""

MIGRATIONS = {1: DDL_V1, 2: DDL_V2}  # version -> DDL that brings the previous version up to it


class SqliteConnection:
    """The SQL the run store needs, over one sqlite3 connection; writes commit when their transaction() ends."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=30)

    def ready(self) -> None:
        """After the version check (switching to WAL rewrites the file header: a refused store stays untouched)."""
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")

    def apply(self, ddl: str) -> None:
        self.db.executescript(ddl)

    def migration(self, version: int) -> str:
        return MIGRATIONS[version]

    def tables(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> None:
        self.db.execute(sql, args)  # writes run inside transaction(): the store wraps them

    def executemany(self, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
        self.db.executemany(sql, rows)

    def rows(self, sql: str, args: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        # fetched at once: a read left open while its caller writes would hold a stale snapshot (SQLITE_BUSY)
        return iter(self.db.execute(sql, args).fetchall())

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        return self.db.execute(sql, args).fetchone()

    def transaction(self) -> AbstractContextManager[Any]:
        return self.db

    def close(self) -> None:
        self.db.close()
