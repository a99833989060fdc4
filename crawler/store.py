"""The run store: one SQLite file per run holding every gathered artifact.

Gather once, audit many times: audits, scoring and reports read only from here (and the JSON files
written beside it), so a stored run can be re-audited without crawling again. Each write commits at
once, so an interrupted run loses nothing already stored and can resume.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govaudit.errors import StoreError

STORE_NAME = "run.sqlite"

SCHEMA = """
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


class RunStore:
    """Thin wrapper over the run's SQLite file. Not shared between processes concurrently."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from exc

    @classmethod
    def in_dir(cls, run_dir: str | Path) -> RunStore:
        return cls(Path(run_dir) / STORE_NAME)

    def close(self) -> None:
        self.db.close()

    # -- meta -------------------------------------------------------------------------------------
    def set_meta(self, key: str, value: Any) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value, ensure_ascii=False)))

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    # -- pages ------------------------------------------------------------------------------------
    def put_page(self, *, body: str, site: str, url: str, final_url: str | None = None, status: int | None = None,
                 content_type: str | None = None, content: bytes | None = None, lang: str | None = None,
                 title: str | None = None, error: str | None = None, size: int | None = None,
                 info: dict[str, Any] | None = None, edges: list[tuple[str, str, str, str]] | None = None) -> None:
        """Store a page and (optionally) its outgoing edges in one transaction: a resumed crawl rebuilds its
        frontier from stored edges, so a page must never be stored without its links."""
        blob = zlib.compress(content, 3) if content else None
        with self.db:
            if edges:
                self.db.executemany("INSERT OR IGNORE INTO edges VALUES (?,?,?,?,?)",
                                    [(body, s, d, k, t) for s, d, k, t in edges])
            self.db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (body, site, url, final_url, status, content_type,
                 size if size is not None else (len(content) if content else None),
                 lang, title, _now(), error, blob, json.dumps(info or {}, ensure_ascii=False)),
            )

    def has_page(self, body: str, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM pages WHERE body=? AND url=?", (body, url)).fetchone() is not None

    def page_urls(self, body: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT url FROM pages WHERE body=?", (body,))}

    def pages(self, body: str, *, with_content: bool = True) -> Iterator[Page]:
        cols = "body, site, url, final_url, status, content_type, size, lang, title, fetched_at, error, " + (
            "body_z" if with_content else "NULL") + ", info"
        for row in self.db.execute(f"SELECT {cols} FROM pages WHERE body=? ORDER BY url", (body,)):
            blob = row[11]
            yield Page(*row[:11], content=zlib.decompress(blob) if blob else None, info=json.loads(row[12] or "{}"))

    def page_content(self, body: str, url: str) -> bytes | None:
        """The stored body of one page (None when it is not stored or has no body)."""
        row = self.db.execute("SELECT body_z FROM pages WHERE body=? AND url=?", (body, url)).fetchone()
        return zlib.decompress(row[0]) if row and row[0] else None

    # -- link graph -------------------------------------------------------------------------------
    def put_edges(self, body: str, edges: list[tuple[str, str, str, str]]) -> None:
        """edges: (src, dst, kind, anchor text)."""
        with self.db:
            self.db.executemany("INSERT OR IGNORE INTO edges VALUES (?,?,?,?,?)",
                                [(body, s, d, k, t) for s, d, k, t in edges])

    def edges(self, body: str) -> list[tuple[str, str, str, str]]:
        return list(self.db.execute("SELECT src, dst, kind, text FROM edges WHERE body=? ORDER BY src, dst, kind",
                                    (body,)))

    # -- generic artifacts (robots, screenshots, browser results, site facts) ----------------------
    def put_artifact(self, body: str, site: str, kind: str, key: str, data: Any) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO artifacts VALUES (?,?,?,?,?)",
                            (body, site, kind, key, json.dumps(data, ensure_ascii=False)))

    def artifacts(self, body: str, kind: str, site: str | None = None) -> dict[str, Any]:
        q = "SELECT key, data FROM artifacts WHERE body=? AND kind=?"
        args: tuple[Any, ...] = (body, kind)
        if site is not None:
            q += " AND site=?"
            args += (site,)
        return {k: json.loads(d) for k, d in self.db.execute(q + " ORDER BY key", args)}

    def artifact_kinds(self, body: str, site: str) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT kind FROM artifacts WHERE body=? AND site=? ORDER BY kind",
                               (body, site))
        return [kind for (kind,) in rows]

    # -- portal metrics ---------------------------------------------------------------------------
    def put_metric(self, body: str, portal: str, lang: str, metric: str, value: Any,
                   evidence: list[str] | None = None) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO metrics VALUES (?,?,?,?,?,?)",
                            (body, portal, lang, metric, json.dumps(value, ensure_ascii=False),
                             json.dumps(evidence or [], ensure_ascii=False)))

    def metrics(self) -> dict[str, Any]:
        """body -> portal -> lang -> metric -> {value, evidence}."""
        out: dict[str, Any] = {}
        for body, portal, lang, metric, value, ev in self.db.execute(
                "SELECT * FROM metrics ORDER BY body, portal, lang, metric"):
            out.setdefault(body, {}).setdefault(portal, {}).setdefault(lang, {})[metric] = {
                "value": json.loads(value), "evidence": json.loads(ev)}
        return out

    # -- notes and progress -----------------------------------------------------------------------
    def add_note(self, stage: str, message: str, *, body: str | None = None, level: str = "warning",
                 url: str | None = None) -> None:
        with self.db:
            self.db.execute("INSERT INTO notes (body, stage, level, message, url, created_at) VALUES (?,?,?,?,?,?)",
                            (body, stage, level, message, url, _now()))

    def delete_notes(self, body: str, stage: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM notes WHERE body=? AND stage=?", (body, stage))

    def notes(self, body: str | None = None) -> list[dict[str, Any]]:
        q = "SELECT body, stage, level, message, url, created_at FROM notes"
        rows = self.db.execute(q + (" WHERE body=?" if body else "") + " ORDER BY id", (body,) if body else ())
        keys = ("body", "stage", "level", "message", "url", "created_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def set_progress(self, body: str, stage: str, status: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO progress VALUES (?,?,?,?)", (body, stage, status, _now()))

    def progress(self, body: str, stage: str) -> str | None:
        row = self.db.execute("SELECT status FROM progress WHERE body=? AND stage=?", (body, stage)).fetchone()
        return row[0] if row else None
