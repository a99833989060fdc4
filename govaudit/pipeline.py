"""Run orchestration: gather → audit → evidence → score → report, each stage re-runnable from the store."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from audits.multisite import per_language_rows
from audits.navigation import page_depths
from audits.readings import Readings, known_names
from audits.registry import audit_site, audit_site_content, not_crawled_findings
from core import readings as core_readings
from core.artifacts import SiteArtifacts
from core.errors import GovauditError, InputError, StageFailed
from core.findings import Finding, is_advisory
from core.inputfiles import file_in_the_way
from core.log import Progress, log
from core.targets import Targets, load_targets, number_problem, parse_targets
from crawler.site_loader import load_site
from crawler.store import STORE_NAME, RunStore, check_store
from govaudit.evidence import attach_screenshots, take_evidence_screenshots
from govaudit.gather import gather


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def open_run(run_dir: Path) -> tuple[RunStore, Targets]:
    if not (run_dir / STORE_NAME).is_file():
        raise GovauditError(f"{run_dir} is not a govaudit run directory (no {STORE_NAME})",
                            "pass the --out directory of an earlier `govaudit run`")
    check_store(run_dir / STORE_NAME)  # read-only: a damaged store is reported and left untouched
    store = RunStore.in_dir(run_dir)
    raw = store.get_meta("targets")
    if raw is None:
        store.close()
        raise GovauditError(f"the run store in {run_dir} has no targets recorded", "start a new run")
    return store, parse_targets(raw, source=f"{run_dir}/{STORE_NAME}")


def split_settings(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """NAME=VALUE readings → (the gatherers' and audits' readings, scoring's and the report's), under their current
    names, checked by the registry (core/readings.yaml): an unknown name, with its near matches, or a value the
    reading does not allow is one error for all of them. Deprecated names are mapped, with a warning."""
    resolved = core_readings.resolve(values)
    audit = core_readings.owned_by(resolved, "gather", "audits")
    return audit, {k: v for k, v in resolved.items() if k not in audit}


def check_readings(values: dict[str, Any]) -> None:
    """The gatherers' and audits' readings as the audits will see them (a fixed reading without a settings field,
    e.g. ict.asterisk_sections, has one allowed value and was checked by the registry already)."""
    Readings({k: v for k, v in values.items() if k in known_names()})


def check_gather_settings(targets: Targets, source: str) -> None:
    """The crawler's and collectors' settings from the targets file, checked before anything runs (a bad value
    would otherwise crash the crawler child or switch a cap off mid-run)."""
    from crawler.runner import scrapy_settings_problems

    problems = scrapy_settings_problems(targets.audit.get("scrapy_settings") or {})
    problems += _portal_settings_problems(targets.audit.get("portals"))
    from govaudit.gather import gather_settings_problems  # politeness budget, gather mode, browser workers

    problems += gather_settings_problems(targets.audit)
    if problems:
        listing = "\n  - ".join(problems)
        raise InputError(f"{source}: invalid targets file ({len(problems)} problem(s)):\n  - {listing}",
                         "correct the fields named above; nothing was run")


def _portal_settings_problems(values: Any) -> list[str]:
    """audit.portals: numeric settings judged by the type of their default (counts are whole numbers)."""
    from crawler.portals import DEFAULT_SETTINGS

    if values is None:
        return []
    if not isinstance(values, dict):
        return ["audit.portals: must be a mapping of portal collector settings"]
    problems = []
    for name, value in values.items():
        default = DEFAULT_SETTINGS.get(name)
        if isinstance(default, int | float) and not isinstance(default, bool):
            if problem := number_problem(value, whole=isinstance(default, int), positive=False):
                problems.append(f"audit.portals.{name}: {problem}")
    return problems


def prepare_run_dir(run_dir: Path, option: str = "--out") -> None:
    """Create the run directory and prove it writable before any work, so a bad --out fails at once and clearly."""
    if run_dir.exists() and not run_dir.is_dir():
        raise InputError(f"{option} {run_dir}: exists and is not a directory",
                         f"pass a new or existing directory as {option}; nothing was run")
    if blocker := file_in_the_way(run_dir):
        raise InputError(f"{option} {run_dir}: cannot create the run directory, {blocker} is a file",
                         f"pass as {option} a directory you may write to (e.g. runs/2026-07-01); nothing was run")
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=run_dir):
            pass
    except OSError as exc:
        raise InputError(f"{option} {run_dir}: cannot create or write the run directory "
                         f"({exc.strerror or exc})",
                         f"pass as {option} a directory you may write to (e.g. runs/2026-07-01); nothing was run"
                         ) from exc


def start_run(targets_path: Path, run_dir: Path, settings: dict[str, Any]) -> None:
    targets = load_targets(targets_path)
    check_gather_settings(targets, str(targets_path))
    audit_values, scoring_values = split_settings({**targets.audit.get("settings", {}), **settings})
    check_readings(audit_values)  # validate before anything runs
    if (run_dir / STORE_NAME).exists():
        raise GovauditError(f"{run_dir} already holds a run", "use `govaudit run --resume DIR` to continue it, "
                            "or choose a new --out directory")
    prepare_run_dir(run_dir)
    store = RunStore.in_dir(run_dir)
    try:
        store.set_meta("targets", targets.to_dict())
        store.set_meta("readings", {**audit_values, **scoring_values})  # every reading given, current names
        store.set_meta("audit_settings", audit_values)  # what the gatherers read (govaudit/gather.py)
        store.set_meta("scoring_settings", scoring_values)
        store.set_meta("started_at", datetime.now(UTC).isoformat(timespec="seconds"))
        store.set_meta("clock", targets.audit.get("clock"))
    finally:
        store.close()


def run_readings(store: RunStore) -> dict[str, Any]:
    """Every reading given when the run started (targets file + --setting), under the current names."""
    recorded = store.get_meta("readings")
    if recorded is None:  # a run started before the registry: two stores of values
        recorded = {**(store.get_meta("scoring_settings") or {}), **(store.get_meta("audit_settings") or {})}
    return core_readings.resolve(recorded, source=f"the run store's recorded readings ({STORE_NAME})")


def audit_run(run_dir: Path) -> list[Finding]:
    store, targets = open_run(run_dir)
    try:
        given = run_readings(store)
        values = core_readings.owned_by(given, "gather", "audits")
        if targets.audit.get("clock") and not values.get("audit_date"):
            values["audit_date"] = str(targets.audit["clock"])  # relevance is judged at the audit date
        settings = Readings({k: v for k, v in values.items() if k in known_names()})
        findings: list[Finding] = []
        depths: dict[str, dict[str, Any]] = {}
        progress = Progress("audit", len(targets.bodies))
        for body in targets.bodies:
            # a subordinate organisation is not assessed by Appendix 4: its site only feeds the parent's P5
            assessed = body.type != "subordinate"
            if not body.sites and assessed:
                findings += not_crawled_findings(body.key, "no site URL in the targets file")
            sites, own = [], []
            for site_url in body.sites:  # every site: one per language, or a stand-alone site plus another
                site = load_site(store, body, site_url)
                own += audit_site(site, settings) if assessed else []
                own += audit_site_content(site, body, settings)
                depths.setdefault(body.key, {}).update(site_depths(site))
                sites.append(site)
            findings += per_language_rows(own, sites) if len(sites) > 1 else own
            progress.step(body.key)
        applied = {**given, **values}
        attach_screenshots(findings, store)
        write_json(run_dir / "findings.json", findings)
        write_json(run_dir / "depths.json", depths)
        recorded = targets.to_dict()  # scoring reads the run's readings from here (scoring/rundir.py)
        recorded.setdefault("audit", {})["settings"] = applied
        write_json(run_dir / "targets.json", recorded)
        write_json(run_dir / "settings.json", {"readings": core_readings.report(applied)})
        write_json(run_dir / "notes.json", store.notes())
        advisory = sum(is_advisory(f) for f in findings)  # the accessibility annex, outside the scores
        log.info("[audit] %d findings (+%d advisory records) → %s", len(findings) - advisory, advisory,
                 run_dir / "findings.json")
        return findings
    finally:
        store.close()


def site_depths(site: SiteArtifacts) -> dict[str, dict[str, Any]]:
    """depths.json's entries of one site: page URL → clicks from that site's home page, and the site (a body's
    sites are on different hosts, so the URLs of all its sites share one map and none is lost)."""
    if not site.pages:
        return {}
    return {url: {**depth, "site": site.site} for url, depth in page_depths(site).items()}


def score_run_dir(run_dir: Path, inputs_dir: Path | None = None, settings: dict[str, Any] | None = None) -> Path:
    from scoring.overrides_run import score_directory  # applies DIR/overrides.* and DIR/appeals.yaml if present

    if settings is None:  # the run's readings come from targets.json (written by the audit stage)
        settings = {}
    path = score_directory(run_dir, inputs_dir, settings)
    log.info("[score] → %s", path)
    return path


# The JSON files a report is built from, and the command that rewrites each.
REPORT_INPUTS = {"findings.json": "govaudit audit DIR", "targets.json": "govaudit audit DIR",
                 "notes.json": "govaudit audit DIR", "settings.json": "govaudit audit DIR",
                 "scores.json": "govaudit score DIR", "decisions.json": "govaudit score DIR",
                 "comparison.json": "govaudit compare PREVIOUS_RUN DIR"}


def render_report(run_dir: Path) -> Path:
    from reports.html import write_report
    from reports.rundata import stale_decisions

    try:
        if stale_decisions(run_dir):  # overrides or appeals edited since scoring: the report applies them too
            log.info("[report] overrides/appeals changed since the last scoring: re-scoring first")
            recorded = (json.loads((run_dir / "scores.json").read_text(encoding="utf-8")).get("run") or {})
            score_run_dir(run_dir, Path(recorded["inputs_dir"]) if recorded.get("inputs_dir") else None)
        return write_report(run_dir)
    except ValueError as exc:  # json.JSONDecodeError and UnicodeDecodeError: a damaged input file
        damaged = damaged_report_input(run_dir)
        if damaged is None:
            raise
        raise damaged from exc


def damaged_report_input(run_dir: Path) -> InputError | None:
    """The first report input that is not valid UTF-8 JSON, as the error to show (None when all are fine)."""
    for name, command in REPORT_INPUTS.items():
        path = run_dir / name
        if not path.is_file():
            continue
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            return InputError(f"{path} is damaged or truncated (not valid JSON: {exc}); nothing was changed",
                              f"rewrite it from the run store with `{command}`, then `govaudit report DIR`")
    return None


def full_run(targets_path: Path | None, run_dir: Path, *, resume: bool, settings: dict[str, Any],
             inputs_dir: Path | None = None, screenshots: bool = True) -> Path:
    if not resume:
        if targets_path is None:
            raise GovauditError("no --targets file given", "pass --targets FILE, or --resume DIR to continue a run")
        start_run(targets_path, run_dir, settings)
    store, targets = open_run(run_dir)
    try:
        if resume:
            check_resume_settings(store, settings)
    finally:
        store.close()
    if resume:
        check_gather_settings(targets, f"{run_dir}/{STORE_NAME}")
    failed: StageFailed | None = None
    try:
        gather(run_dir, targets)
    except StageFailed as exc:  # keep going: audit, score and report what was gathered, then fail the run
        log.error("%s (going on to audit and report what was gathered)", exc.problem)
        failed = exc
    report = audit_score_report(run_dir, inputs_dir=inputs_dir, screenshots=screenshots)
    if failed:
        failed.hint = f"{failed.hint}. Findings and the report for what was gathered: {report.parent}"
        raise failed
    return report


def audit_score_report(run_dir: Path, *, inputs_dir: Path | None, screenshots: bool) -> Path:
    """Everything after gathering, from the run directory's store: audit, evidence screenshots (then audit again,
    to attach them), score, report."""
    findings = audit_run(run_dir)
    if screenshots:
        take_evidence_screenshots(run_dir, findings)
        findings = audit_run(run_dir)
    score_run_dir(run_dir, inputs_dir)
    return render_report(run_dir)


def check_resume_settings(store: RunStore, settings: dict[str, Any]) -> None:
    """`--resume --setting`: a resumed run keeps the readings it started with. The pages already gathered (the
    gatherers apply some readings) and everything audited so far were judged by them, so a different value would
    mix two readings in one run; it is refused before anything runs. The same value again is fine."""
    if not settings:
        return
    given = core_readings.resolve(settings)
    recorded = run_readings(store)
    changed = {n: v for n, v in given.items() if v != recorded.get(n, core_readings.default(n))}
    if changed:
        asked = ", ".join(f"{n}={v!r}" for n, v in changed.items())
        kept = ", ".join(f"{n}={recorded.get(n, core_readings.default(n))!r}" for n in changed)
        raise InputError(f"--resume keeps the readings the run started with ({kept}); --setting {asked} differs",
                         "resume without --setting; to audit with another reading start a new run "
                         "(`govaudit run --targets FILE --out NEW_DIR --setting ...`), or re-score a scoring reading "
                         "with `govaudit score DIR --setting ...`; nothing was run")
