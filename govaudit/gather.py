"""The gather stage: site crawls (with JavaScript-shell rendering), the gov.kz platform, browser gatherers and
the open-government portals — everything into the run store.

With `audit.politeness` set, every stage works within one politeness budget per host (crawler/politeness.py).
By default the stage is a scheduler over the jobs of govaudit/gather_jobs.py (govaudit/gather_scheduler.py):
independent work overlaps (site B is crawled while site A's browser checks run; the gov.kz and portal collectors
run beside them), with the same findings as the old order (tests/scale/test_overlap_equals_sequential.py).
`audit.gather_mode: sequential` (or --sequential, GOVAUDIT_GATHER=sequential) keeps that order: every crawl, then
gov.kz, then the gatherers body by body, then the portals.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.errors import GovauditError, InputError
from core.log import Progress, log
from core.targets import Body, Targets
from crawler.store import RunStore
from govaudit.gather_options import GATHER_ENV, politeness_settings

MAX_RENDER_ROUNDS = 4  # crawl → render JS shells → crawl what they revealed → …
GATHER_MODES = ("overlapped", "sequential")
# Overlapped since both orders gave the same verdicts and points with every gatherer (docs/scale.md, "Equal
# results"; tests/scale/test_overlap_equals_sequential.py compares whole findings on four gatherers).
DEFAULT_GATHER_MODE = "overlapped"


def gather(run_dir: Path, targets: Targets) -> None:
    from crawler import politeness
    from crawler.browser.launch import browser_workers, configure_browser_pool

    mode = gather_mode(targets)
    check_gatherer_names(targets)
    # The shared per-host budget is opt-in (audit.politeness / --politeness) until its pacing is reconciled with
    # the crawler's own Retry-After and deadline handling (issue #15: with it on by default, the Retry-After and
    # scope-gate deadline tests ran 3-5x past their budgets). Without it Scrapy's per-site settings pace the crawl.
    settings = politeness_settings(targets.audit)
    budget = politeness.Budget.from_settings(settings) if settings is not None else None
    workers = browser_workers(targets.audit)
    limiter = politeness.SqliteLimiter(run_dir / politeness.FILE_NAME, budget) if budget is not None else None
    if limiter is not None:
        limiter.clear_leases()  # leases of an interrupted run's requests are void: this run owns the budget now
    log.info("[gather] %s; politeness budget: %s; %d browser worker(s)", mode,
             budget.describe() if budget else "none (audit.politeness not set)", workers,
             extra={"fields": {"stage": "gather", "mode": mode, "politeness": budget.to_dict() if budget else None,
                               "browser_workers": workers}})
    politeness.install(limiter)
    configure_browser_pool(workers)
    try:
        if mode == "sequential":
            gather_sequential(run_dir, targets)
        else:
            from govaudit.gather_scheduler import run_overlapped

            run_overlapped(run_dir, targets, browser_workers=workers)
    finally:
        try:
            export_run_metrics(run_dir)  # also after a failed stage: what was gathered is reported
        finally:
            politeness.install(None)


def export_run_metrics(run_dir: Path) -> None:
    """metrics.json from the store once every job is done: gatherers (site announcements) write metrics too, and
    in the overlapped order they may finish after the portals."""
    from crawler.portals import export_metrics

    store = RunStore.in_dir(run_dir)
    try:
        export_metrics(store, run_dir / "metrics.json")
    finally:
        store.close()


def gather_settings_problems(audit: dict[str, Any]) -> list[str]:
    """The gather stage's own settings (politeness budget, gather mode, browser workers), checked before a run
    starts: each problem names its field."""
    from crawler.browser.launch import browser_workers
    from crawler.politeness import Budget

    problems = []
    for check in (lambda: Budget.from_settings(politeness_settings(audit)),
                  lambda: gather_mode(Targets(bodies=[], audit=audit)), lambda: browser_workers(audit)):
        try:
            check()
        except InputError as exc:
            problems += [line.strip(" -") for line in exc.problem.splitlines()
                         if line.strip(" -") and not line.startswith("invalid politeness budget")]
    return problems


def gather_mode(targets: Targets) -> str:
    mode = os.environ.get(GATHER_ENV) or str(targets.audit.get("gather_mode", DEFAULT_GATHER_MODE))
    if mode not in GATHER_MODES:
        raise InputError(f"audit.gather_mode: {mode!r} must be one of {', '.join(GATHER_MODES)}",
                         "use sequential (default: one stage after another) or overlapped (independent work "
                         "side by side)")
    return mode


def gather_sequential(run_dir: Path, targets: Targets) -> None:
    """The order before overlapping: all crawls (with render rounds), gov.kz, gatherers body by body, portals."""
    from crawler.runner import crawl_sites

    for _round in range(MAX_RENDER_ROUNDS):
        crawl_sites(run_dir, targets.bodies, **crawl_options(run_dir, targets))
        if not render_js_shells(run_dir, targets):
            break
    collect_from_govkz(run_dir, targets)
    run_gatherers(run_dir, targets)
    collect_from_portals(run_dir, targets)


def crawl_options(run_dir: Path, targets: Targets) -> dict[str, Any]:
    """crawl_sites' keyword arguments from the targets file, with the run's politeness budget for the child."""
    from crawler import politeness

    audit = targets.audit
    scrapy_settings = dict(audit.get("scrapy_settings") or {})
    if "max_bytes_per_page" in audit:
        scrapy_settings["DOWNLOAD_MAXSIZE"] = int(audit["max_bytes_per_page"])
    limiter = politeness.current()
    return {"max_pages": int(audit.get("max_pages_per_site", 3000)),
            "max_seconds": float(audit.get("max_seconds_per_site", 1800)), "year_now": audit_year(targets),
            "robots_policy": str(audit.get("robots_policy", "obey")), "scrapy_settings": scrapy_settings,
            "politeness": limiter.spec() if limiter is not None else None}


def render_js_shells(run_dir: Path, targets: Targets) -> bool:
    """Render stand-alone pages that came as empty JavaScript shells; True when that revealed pages to crawl
    (their sites' crawls are then reopened, and resume from the new links)."""
    reopened = False
    for body in targets.bodies:
        if body.platform != "standalone":
            continue
        for site_url in body.sites:
            reopened = render_site_shells(run_dir, targets, body.key, site_url) or reopened
    return reopened


def render_site_shells(run_dir: Path, targets: Targets, body_key: str, site_url: str) -> bool:
    """One site's JavaScript shells; True when its crawl was reopened for the links they revealed."""
    from crawler.browser.launch import browser_slot
    from crawler.browser.render_shells import render_shells

    store = RunStore.in_dir(run_dir)
    try:
        if not any(p.site == site_url and p.info.get("js_shell") and not p.info.get("rendered")
                   for p in store.pages(body_key, with_content=False)):
            return False  # nothing to render: no browser slot taken (render_shells would find none either)
        with browser_slot():
            revealed = render_shells(store, body_key, site_url,
                                     robots_policy=str(targets.audit.get("robots_policy", "obey")))
        if revealed:
            store.set_progress(body_key, f"crawl:{site_url}", "reopened after rendering")
    finally:
        store.close()
    return bool(revealed)


def collect_from_govkz(run_dir: Path, targets: Targets) -> None:
    """Bodies on the www.gov.kz platform: JSON API counts plus the rendered pages the audits judge."""
    from crawler.browser.launch import browser_slot
    from crawler.govkz import collect_govkz

    if not any(b.platform == "govkz" and b.portal_ids.get("govkz") for b in targets.bodies):
        return
    store = RunStore.in_dir(run_dir)
    try:
        log.info("[govkz] collecting from the gov.kz platform")
        with browser_slot():  # it renders pages in one Chromium
            collect_govkz(store, targets, now=audit_clock(targets), settings=targets.audit)
    finally:
        store.close()


def audit_clock(targets: Targets) -> datetime:
    clock = targets.audit.get("clock")
    return datetime.fromisoformat(str(clock)) if clock else datetime.now(UTC)


def collect_from_portals(run_dir: Path, targets: Targets) -> None:
    """Open-government portal counts per body and language → run store and metrics.json."""
    from crawler.portals import collect_portals, count_pairs, export_metrics

    total = count_pairs(targets)
    store = RunStore.in_dir(run_dir)
    try:
        if total:
            log.info("[portals] collecting %d body/portal pair(s)", total)
            collect_portals(store, targets, now=audit_clock(targets), progress=Progress("portals", total))
        export_metrics(store, run_dir / "metrics.json")
    finally:
        store.close()


def audit_year(targets: Targets) -> int:
    return audit_clock(targets).year


def check_gatherer_names(targets: Targets) -> None:
    from crawler.gatherers import SITE_GATHERERS

    only = targets.audit.get("gatherers")
    if only is not None:
        unknown = sorted(set(only) - set(SITE_GATHERERS))
        if unknown:
            raise GovauditError(f"audit.gatherers names unknown gatherer(s): {', '.join(unknown)}",
                                f"use any of: {', '.join(SITE_GATHERERS)} (or [] for none)")


def run_gatherers(run_dir: Path, targets: Targets) -> None:
    """Per-site gatherers after the crawl, body by body; one body's failure is recorded and the others go on."""
    from govaudit.gather_jobs import gather_sites

    check_gatherer_names(targets)
    store = RunStore.in_dir(run_dir)
    try:
        settings = merged_gatherer_settings(targets.audit, store.get_meta("audit_settings"))
    finally:
        store.close()
    progress = Progress("gather", len(targets.bodies))
    for body in targets.bodies:
        for site_url in gather_sites(body):
            gather_site(run_dir, targets, body, site_url, settings)
        progress.step(body.key)


def gather_site(run_dir: Path, targets: Targets, body: Body, site_url: str, settings: dict[str, Any]) -> None:
    """One site's gatherers (each skipped when marked done), holding a browser slot of the pool."""
    from crawler.browser.launch import browser_slot
    from crawler.gatherers import SITE_GATHERERS, run_site_gatherers

    only = targets.audit.get("gatherers")
    if not SITE_GATHERERS or only == []:
        return
    store = RunStore.in_dir(run_dir)
    try:
        with browser_slot():
            run_site_gatherers(store, body, site_url, run_dir=run_dir, settings=settings, only=only)
    except GovauditError as exc:
        store.add_note("gather", str(exc), body=body.key, level="error", url=site_url)
    finally:
        store.close()


def merged_gatherer_settings(audit: dict[str, Any], run_readings: dict[str, Any] | None) -> dict[str, Any]:
    """The targets file's `audit` section with `settings` = the run's audit readings as the audits get them: the
    targets file's `audit.settings` overlaid with `--setting`, merged and stored when the run started (so a resumed
    run's gatherers read the same values)."""
    merged = {**(audit.get("settings") or {}), **(run_readings or {})}
    return {**audit, "settings": merged}
