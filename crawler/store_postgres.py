"""The shared run-store backend: PostgreSQL, one schema per run, for workers on many machines.

A location is `postgresql://user@host:port/dbname#RUN`: the database URL (libpq syntax) and, after `#`, the run's
name; the run's tables live in the schema `run_<RUN>`, so one database holds many runs side by side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from core.errors import InputError, StoreError
from crawler.store_sqlite import MIGRATIONS as SQLITE_MIGRATIONS

RUN_NAME = re.compile(r"^[a-z0-9_]{1,48}$")
SCHEMES = ("postgresql://", "postgres://")


def postgres_ddl(sqlite_ddl: str) -> str:
    """The SQLite schema (crawler/store_sqlite.py, the one definition) in PostgreSQL's types; text columns sort
    byte-wise ("C"), as SQLite's do, so pages come out in the same order and the findings match."""
    ddl = sqlite_ddl.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
    ddl = re.sub(r"\bINTEGER\b", "BIGINT", ddl)
    ddl = re.sub(r"\bBLOB\b", "BYTEA", ddl)
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', ddl)


MIGRATIONS = {version: postgres_ddl(ddl) for version, ddl in SQLITE_MIGRATIONS.items()}


def is_postgres(location: object) -> bool:
    return str(location).startswith(SCHEMES)


def split_location(location: str) -> tuple[str, str]:
    """`postgresql://…/db#RUN` → (database URL, run name); a missing or malformed run name is an input error."""
    url, _, run = location.partition("#")
    if not RUN_NAME.match(run):
        raise InputError(f"store location {url}#{run}: the run name after '#' must be 1-48 of a-z, 0-9, _",
                         "write the store as postgresql://USER@HOST:PORT/DBNAME#RUN (govaudit run picks RUN)")
    return url, run


def with_run(url: str, run: str) -> str:
    """The location of run `run` in the database at `url` (whatever run `url` itself names is replaced)."""
    return f"{url.partition('#')[0]}#{run}"


class PostgresConnection:
    """The SQL the run store needs, over one psycopg connection in autocommit mode (blocks via transaction())."""

    dialect = "postgres"

    def __init__(self, location: str) -> None:
        import psycopg

        url, run = split_location(location)
        self.schema = f"run_{run}"
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            raise StoreError(f"the run store database {url} cannot be reached ({_first_line(exc)})",
                             "check the --store URL (postgresql://USER@HOST:PORT/DBNAME) and that PostgreSQL is "
                             "running (scripts/services.sh start DIR starts one on loopback)") from exc
        # the schema per run: CREATE SCHEMA IF NOT EXISTS is not race-free, so concurrent first opens are serialised
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema,))
            self.db.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
        self.db.execute(f'SET search_path TO "{self.schema}"')

    def ready(self) -> None:
        pass

    def apply(self, ddl: str) -> None:
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema + ":ddl",))
            self.db.execute(ddl)

    def migration(self, version: int) -> str:
        return MIGRATIONS[version]

    def tables(self) -> set[str]:
        rows = self.db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                               (self.schema,))
        return {row[0] for row in rows}

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> None:
        self.db.execute(_params(sql), args)

    def executemany(self, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
        with self.db.cursor() as cur:
            cur.executemany(_params(sql), list(rows))

    def rows(self, sql: str, args: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        # fetched at once: a caller may write to the store while it iterates, which one connection cannot
        # do with a result still streaming
        return iter(self.db.execute(_params(sql), args).fetchall())

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        return self.db.execute(_params(sql), args).fetchone()

    def transaction(self) -> AbstractContextManager[Any]:
        return self.db.transaction()

    def close(self) -> None:
        self.db.close()


def _params(sql: str) -> str:
    """The store's SQL uses sqlite's `?` placeholders; psycopg's are `%s` (no literal `?` or `%` appear in it)."""
    return sql.replace("?", "%s")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
