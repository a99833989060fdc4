"""The overlapped gather: the jobs of govaudit/gather_jobs.py run side by side on one machine, each as soon as
the jobs it depends on are finished, within per-resource lanes:

- "crawl":   Scrapy child processes (one per site; default one per core),
- "browser": the per-site gatherers, at most `browser_workers` browsers at once (crawler/browser/launch.py),
- "io":      the portal collectors (remote hosts: they mostly wait),
- "govkz":   one slot, held besides its other lane by every job that loads www.gov.kz (the gov.kz collector and
             the gatherers of a gov.kz body): side by side, the stages still put one load at a time on the platform.

With `audit.politeness` (or `--politeness`) every fetch of every lane also goes through the run's one politeness
budget per host (crawler/politeness.py). Threads (daemon: an interrupted run exits at
once) share the process; each job opens its own run-store connection (SQLite in WAL mode, with a busy timeout).

Failures: a crawl that fails (StageFailed) skips the gatherers of its body (they would judge an empty site); the
rest goes on, and the stage fails at the end naming every failed crawl. An unexpected error stops scheduling
and is raised once the running jobs are done.
"""

from __future__ import annotations

import os
import queue
import threading
from collections import Counter
from pathlib import Path

from core.errors import StageFailed
from core.log import Progress, log
from core.targets import Targets
from govaudit.gather_jobs import GOVKZ_LANE, Job, depends_on, gather_settings, lanes_of, plan_jobs, run_job

NEEDS_SUCCESS = {"crawl", "gatherers"}  # stages that make no sense after a dependency failed


def lanes(browser_workers: int) -> dict[str, int]:
    cores = max(1, os.cpu_count() or 1)
    return {"crawl": cores, "browser": browser_workers, "io": 2, GOVKZ_LANE: 1}


def run_overlapped(run_dir: Path, targets: Targets, *, browser_workers: int) -> None:
    jobs = plan_jobs(targets)
    deps = {job: set(depends_on(job, targets)) for job in jobs}
    limits = lanes(browser_workers)
    settings = gather_settings(run_dir, targets)
    overall = Progress("gather", len(jobs))
    per_stage = {stage: Progress(stage, n, parent=overall) for stage, n in Counter(j.stage for j in jobs).items()}
    results: queue.Queue[tuple[Job, BaseException | None]] = queue.Queue()
    pending, busy = list(jobs), Counter[str]()
    done: set[Job] = set()
    failed: dict[Job, BaseException] = {}
    unexpected: BaseException | None = None
    running = 0

    def work(job: Job) -> None:
        try:
            run_job(run_dir, targets, job, settings)
        except BaseException as exc:  # noqa: BLE001 - handed to the scheduler thread, which decides
            results.put((job, exc))
        else:
            results.put((job, None))

    while pending or running:
        for job in list(pending) if unexpected is None else []:
            if any(d in failed for d in deps[job]) and job.stage in NEEDS_SUCCESS:
                pending.remove(job)
                failed[job] = StageFailed("gather", f"skipped: {job.key} depends on a job that failed")
                per_stage[job.stage].step(f"{job.body} skipped")
                continue
            held = lanes_of(job, targets)
            if deps[job] <= (done | set(failed)) and all(busy[lane] < limits[lane] for lane in held):
                pending.remove(job)
                busy.update(held)
                running += 1
                threading.Thread(target=work, args=(job,), name=f"gather-{job.key}", daemon=True).start()
        if unexpected is not None:
            pending.clear()
        if not running:
            break
        job, exc = results.get()
        running -= 1
        busy.subtract(lanes_of(job, targets))
        if exc is None:
            done.add(job)
        elif isinstance(exc, StageFailed):
            failed[job] = exc
            log.error("[gather] %s failed: %s", job.key, exc.problem)
        else:
            failed[job] = exc
            unexpected = unexpected or exc
        per_stage[job.stage].step(job.body if job.site is None else f"{job.body} {job.site}")
    if unexpected is not None:
        raise unexpected
    crawl_failures = [exc for job, exc in failed.items() if job.stage == "crawl"]
    if crawl_failures:
        first = crawl_failures[0]
        cause = getattr(first, "problem", str(first))
        raise StageFailed("crawl", f"{len(crawl_failures)} site crawl(s) failed; the first: {cause}",
                          getattr(first, "hint", ""))
