"""Re-score a stored run directory: DIR/targets.json + findings.json [+ metrics.json] -> DIR/scores.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.targets import parse_targets
from scoring.api import score_run
from scoring.figure_findings import ORIGIN
from scoring.inputs import load_inputs


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} is not valid JSON ({what}): {exc}",
            "re-run `govaudit audit DIR` to rewrite it, or restore it from the run",
        ) from exc


def load_targets_json(path: Path) -> dict[str, Any]:
    raw = _read_json(path, "targets")
    if isinstance(raw, dict) and isinstance(raw.get("bodies"), dict):  # the targets-file shape
        return parse_targets(raw, source=str(path)).to_dict()
    if not isinstance(raw, dict) or not isinstance(raw.get("bodies"), list):
        raise InputError(
            f"{path}: expected {{'bodies': [...]}} as written by `govaudit run`",
            "point `govaudit score` at a run directory",
        )
    return raw


def run_settings(targets: dict[str, Any], overrides: dict[str, Any] | None) -> dict[str, Any]:
    """The readings of the run (targets.json's `audit.settings`, as `govaudit audit` recorded them; reading names
    at the top of `audit:` too, as before), then the command line's, checked by the registry (scoring.methodology)."""
    from core.readings import get_or_none
    from scoring.methodology import run_values

    audit = targets.get("audit") or {}
    recorded = {k: v for k, v in audit.items() if get_or_none(k) is not None}
    return run_values({**recorded, **(audit.get("settings") or {})}, overrides)


def score_directory(
    run_dir: Path, inputs_dir: Path | None = None, settings: dict[str, Any] | None = None
) -> Path:
    run_dir = Path(run_dir)
    targets_file, findings_file = run_dir / "targets.json", run_dir / "findings.json"
    if not run_dir.is_dir() or not targets_file.is_file():
        raise InputError(
            f"{run_dir} is not a run directory (no targets.json)",
            "pass the directory a `govaudit run` wrote, e.g. runs/2026-07-01",
        )
    if not findings_file.is_file():
        raise InputError(
            f"{run_dir} has no findings.json", "run `govaudit audit DIR` first to produce findings"
        )
    targets = load_targets_json(targets_file)
    findings = _read_json(findings_file, "findings")
    if isinstance(findings, dict):
        findings = findings.get("findings", [])
    if not isinstance(findings, list):
        raise InputError(f"{findings_file}: expected a list of findings", "re-run `govaudit audit DIR`")
    metrics_file = run_dir / "metrics.json"
    metrics = _read_json(metrics_file, "portal metrics") if metrics_file.is_file() else {}
    if isinstance(metrics, dict) and isinstance(metrics.get("metrics"), dict):
        metrics = metrics["metrics"]
    if inputs_dir is None and (run_dir / "inputs").is_dir():
        inputs_dir = run_dir / "inputs"  # agency files kept with the run are used by default
    inputs = load_inputs(inputs_dir, targets) if inputs_dir else {}
    doc = score_run(targets, findings, metrics, inputs, run_settings(targets, settings))
    doc["run"] = {
        "dir": str(run_dir),
        "inputs_dir": str(inputs_dir) if inputs_dir else None,
        "metrics": metrics_file.is_file(),
    }
    out = run_dir / "scores.json"
    _write(out, doc, indent=1)
    merge_findings(findings_file, findings, doc.get("findings") or [])
    return out


def _write(path: Path, data: Any, indent: int) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=indent), encoding="utf-8")
    tmp.replace(path)


def merge_findings(path: Path, findings: list[dict[str, Any]], scored: list[dict[str, Any]]) -> None:
    """findings.json = the audit's findings + the scoring's (measured vs reported, figures not collected); the
    scoring's from an earlier score are replaced, so re-scoring never duplicates them."""
    audit = [f for f in findings if f.get("origin") != ORIGIN]
    merged = audit + list(scored)
    if merged != findings:
        _write(path, merged, indent=2)
