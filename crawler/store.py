"""The run store: every gathered artifact of a run, behind one interface with two backends.

Gather once, audit many times: audits, scoring and reports read only from here (and the JSON files
written beside it), so a stored run can be re-audited without crawling again. Each write commits at
once, so an interrupted run loses nothing already stored and can resume.

Backends: SQLite, one file per run (`run.sqlite`, the embedded default), and PostgreSQL (crawler/store_postgres.py)
shared by the workers of the distributed engine. `RunStore(location)` picks the backend: a `postgresql://…#RUN`
location, or a run directory holding a `store.url` pointer and no `run.sqlite`, opens PostgreSQL, so every
component that opens the store by path (the Scrapy child process included) works unchanged on either. The schema
carries a version (meta `store_schema`): an older store is migrated on opening, a newer one is refused clearly.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from core.errors import StoreError

STORE_NAME = "run.sqlite"

POINTER_NAME = "store.url"  # in a run or work directory: the location of a shared store (PostgreSQL) to use
PAGE_BATCH = 200  # pages read per query by RunStore.pages
SCHEMA_VERSION = 2  # 1: the tables of every store before versioning; 2: + jobs, files (distributed engine)


@dataclass
class Page:
    body: str
    site: str
    url: str
    final_url: str | None
    status: int | None
    content_type: str | None
    size: int | None
    lang: str | None
    title: str | None
    fetched_at: str | None
    error: str | None
    content: bytes | None
    info: dict[str, Any]

    @property
    def text(self) -> str:
        if not self.content:
            return ""
        encoding = self.info.get("encoding") or "utf-8"
        try:
            return self.content.decode(encoding, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    @property
    def is_html(self) -> bool:
        return bool(self.content_type and "html" in self.content_type.lower())


def store_error(path: Path, exc: sqlite3.Error | str) -> StoreError:
    """The message for a run store that cannot be used; it says the file was left as it is."""
    reason = exc if isinstance(exc, str) else str(exc)
    damaged = isinstance(exc, str) or getattr(exc, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
    what = "is damaged or truncated" if damaged else "cannot be opened"
    return StoreError(f"the run store {path} {what} (sqlite: {reason}); it was left as it is, nothing was deleted",
                      "restore run.sqlite from a backup, or salvage it with `sqlite3 run.sqlite .recover | "
                      "sqlite3 recovered.sqlite`; otherwise start a new run with --out NEW_DIR" if damaged else
                      "check that the file is readable and not held by another process, then try again")


def check_store(path: str | Path) -> None:
    """Raise StoreError unless `path` is a readable, intact run store. Opens it read-only: nothing is written."""
    path = Path(path)
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            result = [row[0] for row in db.execute("PRAGMA quick_check")]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise store_error(path, exc) from exc
    if result != ["ok"]:
        raise store_error(path, "; ".join(result[:3]))
    if "meta" not in tables:
        raise store_error(path, "no govaudit tables in it (empty, or not a run store)")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Connection(Protocol):
    """What a backend gives the store: SQL in sqlite's dialect (`?` placeholders, ON CONFLICT upserts)."""

    dialect: str

    def ready(self) -> None: ...
    def apply(self, ddl: str) -> None: ...
    def migration(self, version: int) -> str: ...
    def tables(self) -> set[str]: ...
    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> None: ...
    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None: ...
    def rows(self, sql: str, args: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]: ...
    def one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...] | None: ...
    def transaction(self) -> AbstractContextManager[Any]: ...
    def close(self) -> None: ...


def resolve_location(location: str | Path) -> str | Path:
    """A PostgreSQL location as given; a path to `run.sqlite` that does not exist, in a directory with a
    `store.url` pointer, → the location the pointer names; any other path as it is."""
    from crawler.store_postgres import is_postgres

    if is_postgres(location):
        return str(location)
    path = Path(location)
    pointer = path.parent / POINTER_NAME
    if path.name == STORE_NAME and not path.exists() and pointer.is_file():
        target = pointer.read_text(encoding="utf-8").strip()
        if not is_postgres(target):
            raise StoreError(f"{pointer} does not name a PostgreSQL store ({target[:80]!r})",
                             "write postgresql://USER@HOST:PORT/DBNAME#RUN in it, or delete it to use run.sqlite")
        return target
    return path


PAGE_UPSERT = ("INSERT INTO pages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (body, url) DO UPDATE SET "
               + ", ".join(f"{c} = excluded.{c}" for c in ("site", "final_url", "status", "content_type", "size",
                                                            "lang", "title", "fetched_at", "error", "body_z",
                                                            "info")))
EDGE_INSERT = "INSERT INTO edges VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING"


class RunStore:
    """The run's store. Not shared between threads; each process (or thread) opens its own."""

    conn: Connection
    path: Any  # a Path (SQLite) or the PostgreSQL location: RunStore(store.path) opens the same store again

    def __new__(cls, location: str | Path) -> RunStore:
        from crawler.store_postgres import is_postgres

        if cls is RunStore and is_postgres(resolve_location(location)):
            return super().__new__(PostgresRunStore)
        return super().__new__(cls)

    def __init__(self, location: str | Path) -> None:
        from crawler.store_sqlite import SqliteConnection

        self.path = Path(location)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = SqliteConnection(self.path)
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from exc
        self._open_or_close()

    def _open_or_close(self) -> None:
        try:
            self._open_schema()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise store_error(self.path, exc) from exc
        except BaseException:
            self.conn.close()
            raise

    @property
    def db(self) -> Any:
        """The backend's raw connection (sqlite3 or psycopg), for tools that need SQL the store does not offer."""
        return self.conn.db  # type: ignore[attr-defined]

    def _open_schema(self) -> None:
        """Create the tables of a new store, migrate an older one, refuse one newer than this code."""
        if "meta" not in self.conn.tables():
            self.conn.ready()
            for version in range(1, SCHEMA_VERSION + 1):
                self.conn.apply(self.conn.migration(version))
            self.set_meta("store_schema", SCHEMA_VERSION)
            return
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"the run store {self.path} has schema version {version}; this govaudit reads "
                             f"versions 1 to {SCHEMA_VERSION} (it was written by a newer govaudit); it was left as "
                             "it is", "upgrade govaudit (git pull, then scripts/bootstrap.sh) to open this run, or "
                             "re-run the audit with --out NEW_DIR")
        self.conn.ready()
        for step in range(version + 1, SCHEMA_VERSION + 1):
            self.conn.apply(self.conn.migration(step))
            self.set_meta("store_schema", step)

    def schema_version(self) -> int:
        """The store's schema version; a store from before versioning has none recorded and is version 1."""
        version = self.get_meta("store_schema", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise StoreError(f"the run store {self.path} records an invalid schema version ({version!r})",
                             "restore the store from a backup, or start a new run with --out NEW_DIR")
        return version

    @classmethod
    def in_dir(cls, run_dir: str | Path) -> RunStore:
        return cls(Path(run_dir) / STORE_NAME)

    def close(self) -> None:
        self.conn.close()

    def _write(self, sql: str, args: tuple[Any, ...]) -> None:
        with self.conn.transaction():
            self.conn.execute(sql, args)

    # -- meta -------------------------------------------------------------------------------------
    def set_meta(self, key: str, value: Any) -> None:
        self._write("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value, ensure_ascii=False)))

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.conn.one("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(row[0]) if row else default

    # -- pages ------------------------------------------------------------------------------------
    def put_page(self, *, body: str, site: str, url: str, final_url: str | None = None, status: int | None = None,
                 content_type: str | None = None, content: bytes | None = None, lang: str | None = None,
                 title: str | None = None, error: str | None = None, size: int | None = None,
                 info: dict[str, Any] | None = None, edges: list[tuple[str, str, str, str]] | None = None) -> None:
        """Store a page and (optionally) its outgoing edges in one transaction: a resumed crawl rebuilds its
        frontier from stored edges, so a page must never be stored without its links. (body, url) is the key:
        storing a page again replaces it, never duplicates it."""
        blob = zlib.compress(content, 3) if content else None
        with self.conn.transaction():
            if edges:
                self.conn.executemany(EDGE_INSERT, [(body, s, d, k, t) for s, d, k, t in edges])
            self.conn.execute(PAGE_UPSERT, (
                body, site, url, final_url, status, content_type,
                size if size is not None else (len(content) if content else None),
                lang, title, _now(), error, blob, json.dumps(info or {}, ensure_ascii=False)))

    def has_page(self, body: str, url: str) -> bool:
        return self.conn.one("SELECT 1 FROM pages WHERE body=? AND url=?", (body, url)) is not None

    def page_urls(self, body: str) -> set[str]:
        return {r[0] for r in self.conn.rows("SELECT url FROM pages WHERE body=?", (body,))}

    def pages(self, body: str, *, with_content: bool = True) -> Iterator[Page]:
        """The body's pages in URL order, read in batches: memory stays bounded, and no read stays open while the
        caller writes (in SQLite an open read whose snapshot another writer has moved past cannot write: "database
        is locked" at once, whatever the busy timeout)."""
        cols = "body, site, url, final_url, status, content_type, size, lang, title, fetched_at, error, " + (
            "body_z" if with_content else "NULL") + ", info"
        after: str | None = None
        while True:
            where, args = ("body=?", (body,)) if after is None else ("body=? AND url > ?", (body, after))
            batch = list(self.conn.rows(f"SELECT {cols} FROM pages WHERE {where} ORDER BY url LIMIT {PAGE_BATCH}",
                                        args))
            for row in batch:
                blob = row[11]
                yield Page(*row[:11], content=zlib.decompress(blob) if blob else None,
                           info=json.loads(row[12] or "{}"))
            if len(batch) < PAGE_BATCH:
                return
            after = batch[-1][2]

    def page_content(self, body: str, url: str) -> bytes | None:
        """The stored body of one page (None when it is not stored or has no body)."""
        row = self.conn.one("SELECT body_z FROM pages WHERE body=? AND url=?", (body, url))
        return zlib.decompress(row[0]) if row and row[0] else None

    # -- link graph -------------------------------------------------------------------------------
    def put_edges(self, body: str, edges: list[tuple[str, str, str, str]]) -> None:
        """edges: (src, dst, kind, anchor text)."""
        with self.conn.transaction():
            self.conn.executemany(EDGE_INSERT, [(body, s, d, k, t) for s, d, k, t in edges])

    def edges(self, body: str) -> list[tuple[str, str, str, str]]:
        return [tuple(r) for r in self.conn.rows(  # type: ignore[misc]
            "SELECT src, dst, kind, text FROM edges WHERE body=? ORDER BY src, dst, kind", (body,))]

    # -- generic artifacts (robots, screenshots, browser results, site facts) ----------------------
    def put_artifact(self, body: str, site: str, kind: str, key: str, data: Any) -> None:
        self._write("INSERT INTO artifacts VALUES (?,?,?,?,?) ON CONFLICT (body, site, kind, key) "
                    "DO UPDATE SET data = excluded.data", (body, site, kind, key, json.dumps(data, ensure_ascii=False)))

    def artifacts(self, body: str, kind: str, site: str | None = None) -> dict[str, Any]:
        q = "SELECT key, data FROM artifacts WHERE body=? AND kind=?"
        args: tuple[Any, ...] = (body, kind)
        if site is not None:
            q += " AND site=?"
            args += (site,)
        return {k: json.loads(d) for k, d in self.conn.rows(q + " ORDER BY key", args)}

    def artifact_sites(self, body: str, kind: str) -> list[str]:
        rows = self.conn.rows("SELECT DISTINCT site FROM artifacts WHERE body=? AND kind=? ORDER BY site", (body, kind))
        return [site for (site,) in rows]

    def artifact_kinds(self, body: str, site: str) -> list[str]:
        rows = self.conn.rows("SELECT DISTINCT kind FROM artifacts WHERE body=? AND site=? ORDER BY kind",
                              (body, site))
        return [kind for (kind,) in rows]

    # -- portal metrics ---------------------------------------------------------------------------
    def put_metric(self, body: str, portal: str, lang: str, metric: str, value: Any,
                   evidence: list[str] | None = None) -> None:
        self._write("INSERT INTO metrics VALUES (?,?,?,?,?,?) ON CONFLICT (body, portal, lang, metric) "
                    "DO UPDATE SET value = excluded.value, evidence = excluded.evidence",
                    (body, portal, lang, metric, json.dumps(value, ensure_ascii=False),
                     json.dumps(evidence or [], ensure_ascii=False)))

    def metrics(self) -> dict[str, Any]:
        """body -> portal -> lang -> metric -> {value, evidence}."""
        out: dict[str, Any] = {}
        for body, portal, lang, metric, value, ev in self.conn.rows(
                "SELECT body, portal, lang, metric, value, evidence FROM metrics ORDER BY body, portal, lang, metric"):
            out.setdefault(body, {}).setdefault(portal, {}).setdefault(lang, {})[metric] = {
                "value": json.loads(value), "evidence": json.loads(ev)}
        return out

    # -- notes and progress -----------------------------------------------------------------------
    def add_note(self, stage: str, message: str, *, body: str | None = None, level: str = "warning",
                 url: str | None = None) -> None:
        self._write("INSERT INTO notes (body, stage, level, message, url, created_at) VALUES (?,?,?,?,?,?)",
                    (body, stage, level, message, url, _now()))

    def delete_notes(self, body: str, stage: str) -> None:
        self._write("DELETE FROM notes WHERE body=? AND stage=?", (body, stage))

    def notes(self, body: str | None = None) -> list[dict[str, Any]]:
        q = "SELECT body, stage, level, message, url, created_at FROM notes"
        rows = self.conn.rows(q + (" WHERE body=?" if body else "") + " ORDER BY id", (body,) if body else ())
        keys = ("body", "stage", "level", "message", "url", "created_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def set_progress(self, body: str, stage: str, status: str) -> None:
        self._write("INSERT INTO progress VALUES (?,?,?,?) ON CONFLICT (body, stage) "
                    "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                    (body, stage, status, _now()))

    def progress(self, body: str, stage: str) -> str | None:
        row = self.conn.one("SELECT status FROM progress WHERE body=? AND stage=?", (body, stage))
        return row[0] if row else None

    # -- the distributed engine: job ledger and files written by workers (schema version 2) ---------
    def set_job(self, key: str, *, body: str, site: str | None, stage: str, status: str,
                worker: str | None = None, error: str | None = None, attempt: bool = False) -> int:
        """Record a gather job's state; `attempt` counts one more start. Returns the attempts so far."""
        with self.conn.transaction():
            self.conn.execute(
                "INSERT INTO jobs VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET "
                "status = excluded.status, attempts = jobs.attempts + ?, worker = excluded.worker, "
                "error = excluded.error, updated_at = excluded.updated_at",
                (key, body, site, stage, status, int(attempt), worker, error, _now(), int(attempt)))
            row = self.conn.one("SELECT attempts FROM jobs WHERE key=?", (key,))
        return int(row[0]) if row else 0

    def jobs(self) -> dict[str, dict[str, Any]]:
        keys = ("body", "site", "stage", "status", "attempts", "worker", "error", "updated_at")
        return {r[0]: dict(zip(keys, r[1:], strict=True)) for r in self.conn.rows(
            "SELECT key, body, site, stage, status, attempts, worker, error, updated_at FROM jobs ORDER BY key")}

    def delete_job(self, key: str) -> None:
        self._write("DELETE FROM jobs WHERE key=?", (key,))

    def put_file(self, path: str, data: bytes) -> None:
        self._write("INSERT INTO files VALUES (?,?,?) ON CONFLICT (path) DO UPDATE SET data = excluded.data, "
                    "size = excluded.size", (path, data, len(data)))

    def file_sizes(self) -> dict[str, int]:
        return {p: int(n) for p, n in self.conn.rows("SELECT path, size FROM files ORDER BY path")}

    def file_data(self, path: str) -> bytes | None:
        row = self.conn.one("SELECT data FROM files WHERE path=?", (path,))
        return bytes(row[0]) if row else None


class PostgresRunStore(RunStore):
    """The same store on PostgreSQL (crawler/store_postgres.py), shared by workers on many machines."""

    def __init__(self, location: str | Path) -> None:
        from crawler.store_postgres import PostgresConnection

        self.path = str(resolve_location(location))
        self.conn = PostgresConnection(self.path)
        self._open_or_close()
