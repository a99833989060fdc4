"""The coordinator's copy of a finished gather: the shared store's run → `run.sqlite` in the run directory, the
workers' files beside it, and metrics.json. The run directory is then an ordinary run: `govaudit audit|score|
report DIR` re-run on it offline, without the services."""

from __future__ import annotations

import os
from pathlib import Path

from crawler.store import STORE_NAME, PostgresRunStore, RunStore
from distributed.files import download_files

# Every table but `files` (written out as files instead); the SQLite store of a fresh copy has the same columns.
TABLES = ("meta", "pages", "edges", "artifacts", "metrics", "notes", "progress", "jobs")
BATCH = 500


def export_run(location: str, run_dir: Path) -> Path:
    """Copy the run at `location` into `run_dir/run.sqlite` (replaced atomically) and its files into `run_dir`."""
    from crawler.portals import export_metrics

    source = RunStore(location)
    assert isinstance(source, PostgresRunStore)
    tmp = run_dir / (STORE_NAME + ".export")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    copy = RunStore(tmp)
    try:
        for table in TABLES:
            _copy_table(source, copy, table)
        download_files(source, run_dir)
        export_metrics(copy, run_dir / "metrics.json")
    finally:
        copy.close()
        source.close()
    final = run_dir / STORE_NAME
    for side in (Path(f"{final}-wal"), Path(f"{final}-shm")):
        side.unlink(missing_ok=True)
    os.replace(tmp, final)
    return final


def _copy_table(source: RunStore, copy: RunStore, table: str) -> None:
    """Stream one table with a server-side cursor (a run's pages do not fit in memory at once)."""
    db = source.db
    with db.transaction(), db.cursor(name=f"export_{table}") as cur:
        cur.execute(f"SELECT * FROM {table}")
        width = len(cur.description or ())
        placeholders = ",".join("?" * width)
        insert = f"INSERT OR REPLACE INTO {table} VALUES ({placeholders})"  # meta's store_schema is already there
        while rows := cur.fetchmany(BATCH):
            with copy.conn.transaction():
                copy.conn.executemany(insert, [tuple(row) for row in rows])
