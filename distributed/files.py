"""Files a job writes in its work directory (screenshots, metrics.json) travel through the shared store, so the
coordinator's run directory gets them whichever machine ran the job."""

from __future__ import annotations

from pathlib import Path

from crawler.store import POINTER_NAME, STORE_NAME, RunStore

# Not results: the store pointer, SQLite side files and the per-machine politeness file.
SKIP_NAMES = {POINTER_NAME, STORE_NAME, f"{STORE_NAME}-wal", f"{STORE_NAME}-shm", "politeness.sqlite",
              "politeness.sqlite-wal", "politeness.sqlite-shm"}


def upload_files(store: RunStore, work_dir: Path) -> int:
    """Store every file under `work_dir` that the store lacks or holds with another size; returns how many.
    Everything is compared, not only this job's files: a killed attempt's screenshots go up with the re-run."""
    known = store.file_sizes()
    sent = 0
    for path in sorted(work_dir.rglob("*")):
        rel = path.relative_to(work_dir).as_posix()
        if not path.is_file() or path.is_symlink() or path.name in SKIP_NAMES or path.name.endswith(".tmp"):
            continue
        size = path.stat().st_size
        if known.get(rel) != size:
            store.put_file(rel, path.read_bytes())
            sent += 1
    return sent


def safe_target(run_dir: Path, rel: str) -> Path | None:
    """Where a stored file goes in the run directory; None for a path that would leave it."""
    root = run_dir.resolve()
    target = (root / rel).resolve()
    if not rel or rel.startswith("/") or not target.is_relative_to(root) or target == root:
        return None
    return target


def download_files(store: RunStore, run_dir: Path) -> int:
    """Write the store's files into `run_dir` (skipping any path that would leave it); returns how many."""
    written = 0
    for rel in store.file_sizes():
        target = safe_target(run_dir, rel)
        data = store.file_data(rel)
        if target is None or data is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written += 1
    return written
