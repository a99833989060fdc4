"""The store's schema version: a store from before versioning opens and is migrated; a newer one is refused with
a message naming its version and what to do, and the file is left as it was."""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

from core.errors import StoreError
from crawler.store import SCHEMA_VERSION, RunStore
from tests.conftest import run_cli

# The run store's tables as govaudit wrote them before the schema carried a version (version 1), written out
# here from that release rather than imported: the test must keep an old file even when the code changes.
V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE pages (
    body TEXT NOT NULL, site TEXT NOT NULL, url TEXT NOT NULL,
    final_url TEXT, status INTEGER, content_type TEXT, size INTEGER,
    lang TEXT, title TEXT, fetched_at TEXT, error TEXT, body_z BLOB, info TEXT,
    PRIMARY KEY (body, url));
CREATE TABLE edges (body TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, kind TEXT NOT NULL, text TEXT,
    PRIMARY KEY (body, src, dst, kind));
CREATE TABLE artifacts (body TEXT NOT NULL, site TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (body, site, kind, key));
CREATE TABLE metrics (body TEXT NOT NULL, portal TEXT NOT NULL, lang TEXT NOT NULL, metric TEXT NOT NULL,
    value TEXT NOT NULL, evidence TEXT NOT NULL, PRIMARY KEY (body, portal, lang, metric));
CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT, stage TEXT NOT NULL, level TEXT NOT NULL,
    message TEXT NOT NULL, url TEXT, created_at TEXT NOT NULL);
CREATE TABLE progress (body TEXT NOT NULL, stage TEXT NOT NULL, status TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (body, stage));
"""
SITE = "http://127.0.0.1:1/"


def _old_store(path, version: int | None = None) -> None:
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    db.execute("INSERT INTO meta VALUES ('targets', ?)", (json.dumps({"bodies": {}}),))
    if version is not None:
        db.execute("INSERT INTO meta VALUES ('store_schema', ?)", (json.dumps(version),))
    db.execute("INSERT INTO pages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
               ("b", SITE, SITE, None, 200, "text/html", 5, "ru", "T", "2026-01-01T00:00:00+00:00", None,
                zlib.compress(b"hello"), "{}"))
    db.execute("INSERT INTO progress VALUES ('b', 'crawl:" + SITE + "', 'done', '2026-01-01T00:00:00+00:00')")
    db.commit()
    db.close()


def test_a_store_from_before_versioning_is_migrated(tmp_path):
    path = tmp_path / "run.sqlite"
    _old_store(path)
    store = RunStore(path)
    assert store.schema_version() == SCHEMA_VERSION == 2
    assert [p.text for p in store.pages("b")] == ["hello"]  # nothing lost
    assert store.progress("b", f"crawl:{SITE}") == "done"
    store.set_job("crawl:b:x", body="b", site="x", stage="crawl", status="queued")  # the version-2 tables
    store.put_file("screenshots/b/1.png", b"png")
    store.close()
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"jobs", "files"} <= tables


def test_a_newer_store_is_refused_and_left_as_it_is(tmp_path):
    path = tmp_path / "run.sqlite"
    _old_store(path, version=7)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"(?s)schema version 7; this govaudit reads versions 1 to 2.*upgrade "
                                         r"govaudit"):
        RunStore(path)
    assert path.read_bytes() == before
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "jobs" not in tables


def test_the_command_line_names_the_version_and_exits_2(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    _old_store(run_dir / "run.sqlite", version=7)
    result = run_cli("audit", str(run_dir))
    assert result.returncode == 2, result.stderr
    assert "schema version 7" in result.stderr and "what to do: upgrade govaudit" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_recorded_version_is_a_clear_error(tmp_path):
    path = tmp_path / "run.sqlite"
    _old_store(path, version=0)
    with pytest.raises(StoreError, match="invalid schema version"):
        RunStore(path)
