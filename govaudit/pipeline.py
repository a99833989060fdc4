"""Run orchestration: gather → audit → evidence → score → report, each stage re-runnable from the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from audits.navigation import page_depths
from audits.readings import Readings, known_names
from audits.registry import audit_site, audit_site_content, not_crawled_findings
from crawler.store import STORE_NAME, RunStore
from govaudit.artifacts_loader import load_site
from govaudit.errors import GovauditError, InputError
from govaudit.evidence import attach_screenshots, take_evidence_screenshots
from govaudit.findings import Finding
from govaudit.gather import gather
from govaudit.log import Progress, log
from govaudit.targets import Targets, load_targets, parse_targets


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def open_run(run_dir: Path) -> tuple[RunStore, Targets]:
    if not (run_dir / STORE_NAME).exists():
        raise GovauditError(f"{run_dir} is not a govaudit run directory (no {STORE_NAME})",
                            "pass the --out directory of an earlier `govaudit run`")
    store = RunStore.in_dir(run_dir)
    raw = store.get_meta("targets")
    if raw is None:
        store.close()
        raise GovauditError(f"the run store in {run_dir} has no targets recorded", "start a new run")
    return store, parse_targets(raw, source=f"{run_dir}/{STORE_NAME}")


def split_settings(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """NAME=VALUE readings → (audit readings, scoring readings); a name neither side knows is an error."""
    from scoring.methodology import load_methodology

    audit_names = set(known_names())
    scoring_names = {n for kind in ("ict", "openness") for n in (load_methodology(kind).get("settings") or {})}
    unknown = sorted(set(values) - audit_names - scoring_names)
    if unknown:
        raise InputError(f"unknown setting(s): {', '.join(unknown)}",
                         f"audit readings: {', '.join(sorted(audit_names))}; scoring readings: see docs/scoring.md")
    audit = {k: v for k, v in values.items() if k in audit_names}
    return audit, {k: v for k, v in values.items() if k not in audit_names}


def start_run(targets_path: Path, run_dir: Path, settings: dict[str, Any]) -> None:
    targets = load_targets(targets_path)
    audit_values, scoring_values = split_settings({**targets.audit.get("settings", {}), **settings})
    Readings(audit_values)  # validate before anything runs
    if (run_dir / STORE_NAME).exists():
        raise GovauditError(f"{run_dir} already holds a run", "use `govaudit run --resume DIR` to continue it, "
                            "or choose a new --out directory")
    run_dir.mkdir(parents=True, exist_ok=True)
    store = RunStore.in_dir(run_dir)
    try:
        store.set_meta("targets", targets.to_dict())
        store.set_meta("audit_settings", audit_values)
        store.set_meta("scoring_settings", scoring_values)
        store.set_meta("started_at", datetime.now(UTC).isoformat(timespec="seconds"))
        store.set_meta("clock", targets.audit.get("clock"))
    finally:
        store.close()


def audit_run(run_dir: Path) -> list[Finding]:
    store, targets = open_run(run_dir)
    try:
        values = dict(store.get_meta("audit_settings") or {})
        if targets.audit.get("clock") and not values.get("audit_date"):
            values["audit_date"] = str(targets.audit["clock"])  # relevance is judged at the audit date
        settings = Readings(values)
        findings: list[Finding] = []
        depths: dict[str, Any] = {}
        progress = Progress("audit", len(targets.bodies))
        for body in targets.bodies:
            if not body.sites:
                findings += not_crawled_findings(body.key, "no site URL in the targets file")
            for site_url in body.sites[:1]:  # Appendix 4 judges the body's main site
                site = load_site(store, body, site_url)
                findings += audit_site(site, settings)
                findings += audit_site_content(site, body, settings)
                depths[body.key] = page_depths(site) if site.pages else {}
            progress.step(body.key)
        attach_screenshots(findings, store)
        write_json(run_dir / "findings.json", findings)
        write_json(run_dir / "depths.json", depths)
        write_json(run_dir / "targets.json", targets.to_dict())
        write_json(run_dir / "settings.json", {"audit": settings.to_dict()})
        write_json(run_dir / "notes.json", store.notes())
        log.info("[audit] %d findings → %s", len(findings), run_dir / "findings.json")
        return findings
    finally:
        store.close()


def score_run_dir(run_dir: Path, inputs_dir: Path | None = None, settings: dict[str, Any] | None = None) -> Path:
    from scoring.rundir import score_directory

    if settings is None and (run_dir / STORE_NAME).exists():  # the readings chosen when the run started
        store = RunStore.in_dir(run_dir)
        settings = store.get_meta("scoring_settings") or {}
        store.close()
    path = score_directory(run_dir, inputs_dir, settings)
    log.info("[score] → %s", path)
    return path


def render_report(run_dir: Path) -> Path:
    from reports.html import write_report

    return write_report(run_dir)


def full_run(targets_path: Path | None, run_dir: Path, *, resume: bool, settings: dict[str, Any],
             inputs_dir: Path | None = None, screenshots: bool = True) -> Path:
    if not resume:
        if targets_path is None:
            raise GovauditError("no --targets file given", "pass --targets FILE, or --resume DIR to continue a run")
        start_run(targets_path, run_dir, settings)
    store, targets = open_run(run_dir)
    store.close()
    gather(run_dir, targets)
    findings = audit_run(run_dir)
    if screenshots:
        take_evidence_screenshots(run_dir, findings)
        findings = audit_run(run_dir)
    score_run_dir(run_dir, inputs_dir)
    return render_report(run_dir)


