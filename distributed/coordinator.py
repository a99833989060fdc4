"""`govaudit run --broker … --store …`: start the run in the shared store, enqueue its gather jobs in dependency
order as their dependencies finish, wait for the workers, then copy the run into the run directory and audit,
score and report there (as a single-process run does after its gather)."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import Any

from core.errors import GovauditError, InputError, StageFailed
from core.log import log
from core.targets import Targets, parse_targets
from crawler.store import POINTER_NAME, STORE_NAME, RunStore
from crawler.store_postgres import is_postgres, split_location, with_run
from distributed import broker as queue

FINISHED = ("done", "failed")
POLL_S = 1.0
REPORT_EVERY_S = 15.0


def new_run_name(run_dir: Path) -> str:
    stem = re.sub(r"[^a-z0-9_]+", "_", run_dir.resolve().name.lower()).strip("_")[:30] or "run"
    return f"{stem}_{uuid.uuid4().hex[:8]}"


def distributed_run(targets_path: Path | None, run_dir: Path, *, resume: bool, settings: dict[str, Any],
                    broker_url: str, store_url: str, inputs_dir: Path | None = None,
                    screenshots: bool = True) -> Path:
    from govaudit.pipeline import check_gather_settings, prepare_run_dir, start_run

    if not is_postgres(store_url):
        raise InputError(f"--store {store_url}: not a PostgreSQL URL",
                         "pass postgresql://USER@HOST:PORT/DBNAME (scripts/services.sh start DIR prints one)")
    broker = queue.make_broker(broker_url)
    queue.ping(broker, broker_url)
    if resume:
        location = _resumed_location(run_dir, store_url)
    else:
        if targets_path is None:
            raise GovauditError("no --targets file given", "pass --targets FILE, or --resume DIR to continue a run")
        if (run_dir / STORE_NAME).exists() or (run_dir / POINTER_NAME).exists():
            raise GovauditError(f"{run_dir} already holds a run", "use `govaudit run --resume DIR --broker … "
                                "--store …` to continue it, or choose a new --out directory")
        prepare_run_dir(run_dir)
        location = with_run(store_url, new_run_name(run_dir))
        RunStore(location).close()  # the database answers, before the run directory points at it
        (run_dir / POINTER_NAME).write_text(location + "\n", encoding="utf-8")
        start_run(targets_path, run_dir, settings)  # through the pointer: the run's meta goes to the shared store
    targets = _targets(location)
    if resume:
        check_gather_settings(targets, location)
    log.info("[distributed] run %s in %s; jobs on %s", split_location(location)[1], store_url, broker_url)
    failed = schedule(broker, location, targets)
    return finish(location, run_dir, failed, inputs_dir=inputs_dir, screenshots=screenshots)


def _resumed_location(run_dir: Path, store_url: str) -> str:
    pointer = run_dir / POINTER_NAME
    if not pointer.is_file():
        raise GovauditError(f"{run_dir} is not a distributed run (no {POINTER_NAME})",
                            "resume it without --broker/--store: `govaudit run --resume DIR`")
    _, run = split_location(pointer.read_text(encoding="utf-8").strip())
    return with_run(store_url, run)  # this machine's address of the database, the run's name


def _targets(location: str) -> Targets:
    store = RunStore(location)
    try:
        raw = store.get_meta("targets")
    finally:
        store.close()
    if raw is None:
        raise GovauditError(f"the run store {location} has no targets recorded", "start a new run with --out NEW_DIR")
    return parse_targets(raw, source=location)


def schedule(broker: Any, location: str, targets: Targets) -> list[str]:
    """Enqueue each job once its dependencies are finished; wait until every job is. Returns the failed jobs'
    descriptions. A failed dependency counts as finished: its dependants gather what they can, as in a
    single-process run, and the failure is reported after the report."""
    from govaudit.gather_jobs import depends_on, plan_jobs

    jobs = plan_jobs(targets)
    deps = {job.key: [d.key for d in depends_on(job, targets)] for job in jobs}
    run = split_location(location)[1]
    store = RunStore(location)
    try:
        for key, row in store.jobs().items():  # a resumed run tries its failed jobs again, from the start
            if row["status"] == "failed":
                store.delete_job(key)
        sent: set[str] = set()
        last_report = 0.0
        while True:
            ledger = store.jobs()
            status = {job.key: (ledger.get(job.key) or {}).get("status") for job in jobs}
            for job in jobs:
                if job.key in sent or status[job.key] == "done":
                    continue
                if all(status.get(d) in FINISHED for d in deps[job.key]):
                    store.set_job(job.key, body=job.body, site=job.site, stage=job.stage, status="queued")
                    queue.enqueue(broker, run, job.to_dict())
                    sent.add(job.key)
            if all(s in FINISHED for s in status.values()):
                break
            if time.monotonic() - last_report > REPORT_EVERY_S:
                last_report = time.monotonic()
                counts = {s: sum(1 for v in status.values() if (v or "waiting") == s)
                          for s in ("done", "running", "queued", "failed", "waiting")}
                log.info("[distributed] jobs: %s", ", ".join(f"{n} {s}" for s, n in counts.items() if n))
            time.sleep(POLL_S)
        return [f"{key}: {row.get('error') or 'failed'}" for key, row in store.jobs().items()
                if row["status"] == "failed"]
    finally:
        store.close()


def finish(location: str, run_dir: Path, failed: list[str], *, inputs_dir: Path | None, screenshots: bool) -> Path:
    """Copy the run into the run directory, then audit, take evidence screenshots, score and report there."""
    from distributed.export import export_run
    from govaudit.pipeline import audit_score_report

    export_run(location, run_dir)
    log.info("[distributed] gathering done; run copied to %s", run_dir / STORE_NAME)
    report = audit_score_report(run_dir, inputs_dir=inputs_dir, screenshots=screenshots)
    if failed:
        raise StageFailed("gather", f"{len(failed)} gather job(s) failed: " + "; ".join(failed[:3])
                          + (f" (and {len(failed) - 3} more)" if len(failed) > 3 else ""),
                          "fix the cause named above, then `govaudit run --resume DIR --broker … --store …`; "
                          f"findings and the report for what was gathered: {report.parent}")
    return report
