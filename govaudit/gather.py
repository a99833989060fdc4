"""The gather stage: site crawls (with JavaScript-shell rendering), the gov.kz platform, browser gatherers and
the open-government portals — everything into the run store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.store import RunStore
from govaudit.errors import GovauditError
from govaudit.log import Progress, log
from govaudit.targets import Targets

MAX_RENDER_ROUNDS = 4  # crawl → render JS shells → crawl what they revealed → …


def gather(run_dir: Path, targets: Targets) -> None:
    from crawler.runner import crawl_sites

    audit = targets.audit
    scrapy_settings = dict(audit.get("scrapy_settings") or {})
    if "max_bytes_per_page" in audit:
        scrapy_settings["DOWNLOAD_MAXSIZE"] = int(audit["max_bytes_per_page"])
    for _round in range(MAX_RENDER_ROUNDS):
        crawl_sites(run_dir, targets.bodies, max_pages=int(audit.get("max_pages_per_site", 3000)),
                    max_seconds=float(audit.get("max_seconds_per_site", 1800)), year_now=audit_year(targets),
                    robots_policy=str(audit.get("robots_policy", "obey")), scrapy_settings=scrapy_settings)
        if not render_js_shells(run_dir, targets):
            break
    collect_from_govkz(run_dir, targets)
    run_gatherers(run_dir, targets)
    collect_from_portals(run_dir, targets)


def render_js_shells(run_dir: Path, targets: Targets) -> bool:
    """Render stand-alone pages that came as empty JavaScript shells; True when that revealed pages to crawl
    (their sites' crawls are then reopened, and resume from the new links)."""
    from crawler.browser.render_shells import render_shells

    store = RunStore.in_dir(run_dir)
    reopened = False
    try:
        for body in targets.bodies:
            if body.platform != "standalone":
                continue
            for site_url in body.sites:
                if render_shells(store, body.key, site_url,
                                 robots_policy=str(targets.audit.get("robots_policy", "obey"))):
                    store.set_progress(body.key, f"crawl:{site_url}", "reopened after rendering")
                    reopened = True
    finally:
        store.close()
    return reopened


def collect_from_govkz(run_dir: Path, targets: Targets) -> None:
    """Bodies on the www.gov.kz platform: JSON API counts plus the rendered pages the audits judge."""
    from crawler.govkz import collect_govkz

    if not any(b.platform == "govkz" and b.portal_ids.get("govkz") for b in targets.bodies):
        return
    store = RunStore.in_dir(run_dir)
    try:
        log.info("[govkz] collecting from the gov.kz platform")
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


def run_gatherers(run_dir: Path, targets: Targets) -> None:
    """Per-site gatherers after the crawl; one body's failure is recorded and the others go on."""
    from crawler.gatherers import SITE_GATHERERS, run_site_gatherers

    only = targets.audit.get("gatherers")
    if only is not None:
        unknown = sorted(set(only) - set(SITE_GATHERERS))
        if unknown:
            raise GovauditError(f"audit.gatherers names unknown gatherer(s): {', '.join(unknown)}",
                                f"use any of: {', '.join(SITE_GATHERERS)} (or [] for none)")
    if not SITE_GATHERERS or only == []:
        return
    store = RunStore.in_dir(run_dir)
    try:
        settings = merged_gatherer_settings(targets.audit, store.get_meta("audit_settings"))
        progress = Progress("gather", len(targets.bodies))
        for body in targets.bodies:
            for site_url in body.sites[:1]:
                try:
                    run_site_gatherers(store, body, site_url, run_dir=run_dir, settings=settings, only=only)
                except GovauditError as exc:
                    store.add_note("gather", str(exc), body=body.key, level="error", url=site_url)
            progress.step(body.key)
    finally:
        store.close()


def merged_gatherer_settings(audit: dict[str, Any], run_readings: dict[str, Any] | None) -> dict[str, Any]:
    """The targets file's `audit` section with `settings` = the run's audit readings as the audits get them: the
    targets file's `audit.settings` overlaid with `--setting`, merged and stored when the run started (so a resumed
    run's gatherers read the same values)."""
    merged = {**(audit.get("settings") or {}), **(run_readings or {})}
    return {**audit, "settings": merged}
