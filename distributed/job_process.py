"""One gather job in its own process group, started by a worker:

    python -m distributed.job_process --location postgresql://…#RUN --work-dir DIR --job JSON --broker redis://…

Why a process of its own: the job's children (the Scrapy crawl, browsers) must die with the worker. The worker
starts this process with PR_SET_PDEATHSIG, so when the worker dies (even by kill -9) the kernel sends it SIGTERM,
and it kills its whole process group; the re-queued job then resumes from the store without a stale crawler still
writing beside it.

Exit codes: 0 done; 3 the job failed (the message says why on stderr); 1 an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import traceback
from pathlib import Path
from types import FrameType

from core.errors import GovauditError
from crawler.store import POINTER_NAME, RunStore

EXIT_FAILED = 3


def _kill_group(signum: int, frame: FrameType | None) -> None:
    os.killpg(os.getpgrp(), signal.SIGKILL)  # ourselves included: nothing of the job outlives the worker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="distributed.job_process")
    parser.add_argument("--location", required=True, help="the run's store: postgresql://…#RUN")
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--job", required=True, help="the job as JSON: {body, site, stage}")
    parser.add_argument("--broker", required=True, help="Redis URL: the shared politeness budget lives there")
    parser.add_argument("--parent", type=int, default=0, help="the worker's pid (it may have died before we ran)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _kill_group)
    if args.parent and os.getppid() != args.parent:
        return EXIT_FAILED  # the worker died before PR_SET_PDEATHSIG took effect: its job is re-queued
    try:
        run_one(args.location, args.work_dir, json.loads(args.job), args.broker)
    except GovauditError as exc:
        print(str(exc), file=sys.stderr, flush=True)
        return EXIT_FAILED
    except Exception as exc:
        traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


def run_one(location: str, work_dir: Path, job_data: dict, broker_url: str) -> None:
    from core.log import configure_logging
    from core.targets import parse_targets
    from crawler import politeness
    from crawler.browser.launch import configure_browser_pool
    from crawler.store_postgres import split_location
    from distributed.files import upload_files
    from govaudit.gather_jobs import Job, run_job

    configure_logging(quiet=False, json_lines=False)
    job = Job.from_dict(job_data)
    work_dir.mkdir(parents=True, exist_ok=True)
    # every component opens the store by the run directory: the pointer sends them all to the shared store
    (work_dir / POINTER_NAME).write_text(location + "\n", encoding="utf-8")
    store = RunStore(location)
    try:
        raw = store.get_meta("targets")
        if raw is None:
            raise GovauditError(f"the run store {location} has no targets recorded",
                                "start the run with `govaudit run --broker … --store …` first")
        targets = parse_targets(raw, source=location)
    finally:
        store.close()
    _, run = split_location(location)
    budget = politeness.Budget.from_settings(targets.audit.get("politeness"))
    # one budget per host for every worker of the run, on every machine
    politeness.install(politeness.RedisLimiter(broker_url, budget, namespace=f"govaudit:{run}"))
    configure_browser_pool(1)  # a worker runs one job at a time: its parallelism is the number of workers
    run_job(work_dir, targets, job)
    store = RunStore(location)
    try:
        upload_files(store, work_dir)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
