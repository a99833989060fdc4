"""The gather stage as idempotent jobs: one per (body, site, stage), with the dependencies between them.

CONTRACT (shared with the distributed engine, `distributed/`; keep it stable):

- `Job(body, site, stage)` — frozen, hashable, JSON-able (`to_dict` / `Job.from_dict`, `key`).
  Stages and what each covers:
    "crawl"      (body, site)  the Scrapy crawl of one stand-alone site plus its JavaScript-shell render rounds
                               (crawl → render shells → crawl what they revealed, at most gather.MAX_RENDER_ROUNDS)
    "govkz"      (body, None)  the www.gov.kz platform collector for one govkz body (API + rendered pages)
    "gatherers"  (body, site)  the per-site gatherers (browser checks, feeds, HTML checks, announcements)
    "portals"    (RUN, None)   the open-government portal collectors (each portal host on its own thread),
                               then metrics.json
  `RUN` ("*") is the body of run-level jobs; `site` is None for them and for body-level ones.
- `plan_jobs(targets) -> list[Job]` — every job of the run, dependencies before dependants.
- `depends_on(job, targets) -> list[Job]` — the jobs that must be finished before `job` may start:
    crawl(b, s_i)   after crawl(b, s_{i-1})  (a body's crawls resume from all of its stored pages and edges)
    gatherers(b, s) after every crawl(b, *) (stand-alone) or after govkz(b) (govkz platform)
    portals         after every crawl job    (portal pages are stored under the body's key; a crawl starting
                                              later would take them for a previous crawl of its own)
    govkz           after nothing
- `run_job(run_dir, targets, job, settings=None) -> None` — idempotent. Every stage keeps its progress in the
  run store (`progress` table) and skips what is marked done, so re-running a finished job does nothing and
  re-running a half-finished one resumes from what the store holds; pages are keyed (body, url): none is stored
  twice. `settings` is the merged gather settings (`gather_settings(run_dir, targets)`); None computes them.
  A crawl that crashes raises StageFailed (core.errors) after recording an error note per site.
- `job_done(store, targets, job) -> bool` — whether the store already marks the job finished (for schedulers
  that want to skip without opening a worker).

The store is opened with `open_store(run_dir)`: the one place a different backend would plug in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core.errors import GovauditError
from core.targets import Body, Targets
from crawler.store import RunStore

RUN = "*"  # the body of run-level jobs (portals)
STAGES = ("crawl", "govkz", "gatherers", "portals")
# What each stage mostly waits on, for a scheduler's lanes: Scrapy child processes, Chromium, remote APIs.
STAGE_RESOURCE = {"crawl": "crawl", "gatherers": "browser", "govkz": "browser", "portals": "io"}
# Every job that loads www.gov.kz (its collector and the gatherers of its bodies) also holds this one-slot lane:
# overlapping stages must not put two loads on the platform at once (the platform answers a burst with 429s, and a
# rendered page then lacks what its API calls would have filled in).
GOVKZ_LANE = "govkz"


@dataclass(frozen=True)
class Job:
    body: str
    site: str | None
    stage: str

    @property
    def key(self) -> str:
        return f"{self.stage}:{self.body}:{self.site or ''}"

    def to_dict(self) -> dict[str, Any]:
        return {"body": self.body, "site": self.site, "stage": self.stage}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        if data.get("stage") not in STAGES:
            raise GovauditError(f"unknown gather job stage {data.get('stage')!r}", f"use one of {', '.join(STAGES)}")
        return cls(str(data["body"]), data.get("site"), str(data["stage"]))


def lanes_of(job: Job, targets: Targets) -> tuple[str, ...]:
    """The scheduler lanes a job holds while it runs: what it mostly waits on, plus the gov.kz lane."""
    lane = STAGE_RESOURCE[job.stage]
    if job.stage == "govkz" or (job.stage == "gatherers" and _body(targets, job.body).platform == "govkz"):
        return (lane, GOVKZ_LANE)
    return (lane,)


def open_store(run_dir: Path) -> RunStore:
    return RunStore.in_dir(run_dir)


def gather_sites(body: Body) -> list[str]:
    """The sites whose gatherers run: every site of the body."""
    return list(body.sites)


def plan_jobs(targets: Targets) -> list[Job]:
    crawls = [Job(b.key, s, "crawl") for b in targets.bodies if b.platform == "standalone" for s in b.sites]
    govkz = [Job(b.key, None, "govkz") for b in targets.bodies if b.platform == "govkz"]
    gatherers = [Job(b.key, s, "gatherers") for b in targets.bodies for s in gather_sites(b)]
    return crawls + govkz + gatherers + [Job(RUN, None, "portals")]


def depends_on(job: Job, targets: Targets) -> list[Job]:
    if job.stage == "crawl":
        sites = _body(targets, job.body).sites
        index = sites.index(job.site) if job.site in sites else 0
        return [Job(job.body, sites[index - 1], "crawl")] if index > 0 else []
    if job.stage == "gatherers":
        body = _body(targets, job.body)
        if body.platform == "govkz":
            return [Job(body.key, None, "govkz")]
        return [Job(body.key, s, "crawl") for s in body.sites]
    if job.stage == "portals":
        return [j for j in plan_jobs(targets) if j.stage == "crawl"]
    return []


def _body(targets: Targets, key: str) -> Body:
    for body in targets.bodies:
        if body.key == key:
            return body
    raise GovauditError(f"gather job names body {key!r}, which the run's targets do not have",
                        "the job queue belongs to another run: start the workers with this run's store")


def gather_settings(run_dir: Path, targets: Targets) -> dict[str, Any]:
    """The targets file's `audit` section with `settings` = the run's stored readings (see gather.py)."""
    from govaudit.gather import merged_gatherer_settings

    store = open_store(run_dir)
    try:
        return merged_gatherer_settings(targets.audit, store.get_meta("audit_settings"))
    finally:
        store.close()


def job_done(store: RunStore, targets: Targets, job: Job) -> bool:
    from crawler.gatherers import SITE_GATHERERS

    if job.stage == "crawl":
        return store.progress(job.body, f"crawl:{job.site}") == "done"
    if job.stage == "govkz":
        return store.progress(job.body, "govkz") == "done"
    if job.stage == "gatherers":
        only = targets.audit.get("gatherers")
        names = [n for n in SITE_GATHERERS if only is None or n in only]
        return all(store.progress(job.body, f"{n}:{job.site}") == "done" for n in names)
    return False  # run-level collectors skip their finished parts themselves


def run_job(run_dir: Path, targets: Targets, job: Job, settings: dict[str, Any] | None = None) -> None:
    from govaudit import gather

    if job.stage == "crawl":
        crawl_site(run_dir, targets, _body(targets, job.body), str(job.site))
    elif job.stage == "govkz":
        gather.collect_from_govkz(run_dir, replace(targets, bodies=[_body(targets, job.body)]))
    elif job.stage == "gatherers":
        gather.gather_site(run_dir, targets, _body(targets, job.body), str(job.site),
                           settings if settings is not None else gather_settings(run_dir, targets))
    elif job.stage == "portals":
        gather.collect_from_portals(run_dir, targets)
    else:
        raise GovauditError(f"unknown gather job stage {job.stage!r}", f"use one of {', '.join(STAGES)}")


def crawl_site(run_dir: Path, targets: Targets, body: Body, site: str) -> None:
    """One site's crawl and render rounds; crawl_sites skips a site already marked done."""
    from crawler.runner import crawl_sites
    from govaudit.gather import MAX_RENDER_ROUNDS, crawl_options, render_site_shells

    only_site = replace(body, sites=[site])
    for _round in range(MAX_RENDER_ROUNDS):
        crawl_sites(run_dir, [only_site], **crawl_options(run_dir, targets))
        if not render_site_shells(run_dir, targets, body.key, site):
            break
