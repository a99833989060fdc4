"""Score a stored run with the evaluators' overrides and the commission's appeal decisions applied.

`score_directory` does what scoring.rundir.score_directory does (same inputs, same scores.json) and, when the run
has DIR/overrides.(yaml|xlsx) or DIR/appeals.yaml (or files are named), applies them first, all or nothing:
- scores.json then holds the scores with the decisions applied, plus `decisions`: the files used (with their
  sha256, so the report can tell stale scores), every override and appeal, and per body the total before the
  appeals and after ("the overall score taking the appeal results into account");
- DIR/decisions.json holds the same `decisions` block for the report, the workbook and the forms.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from core.findings import Finding, ensure_ids
from scoring import overrides as ov
from scoring.api import score_run
from scoring.appeals import find_appeals_file, load_appeals
from scoring.inputs import load_inputs
from scoring.rundir import _read_json, load_targets_json, run_settings
from scoring.rundir import score_directory as plain_score_directory

DECISIONS_FILE = "decisions.json"


def file_digest(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path and path.is_file() else None


def load_decisions(run_dir: Path, findings: list[Finding], bodies: set[str], overrides_file: Path | None = None,
                   appeals_file: Path | None = None) -> dict[str, Any]:
    """Read and check both files against the run's findings. Raises InputError (nothing applied) on any problem."""
    overrides_file = overrides_file or ov.find_overrides_file(run_dir)
    appeals_file = appeals_file or find_appeals_file(run_dir)
    evaluator: list[ov.Override] = []
    if overrides_file:
        evaluator = ov.load_overrides(overrides_file)
        ov.check_ids(overrides_file, evaluator, findings)
    appeals, commission = ([], [])
    if appeals_file:
        appeals, commission = load_appeals(appeals_file, findings, bodies)
    return {"overrides_file": str(overrides_file) if overrides_file else None,
            "overrides_sha256": file_digest(overrides_file),
            "appeals_file": str(appeals_file) if appeals_file else None,
            "appeals_sha256": file_digest(appeals_file),
            "_evaluator": evaluator, "_commission": commission, "_appeals": appeals}


def score_directory(run_dir: Path, inputs_dir: Path | None = None, settings: dict[str, Any] | None = None, *,
                    overrides_file: Path | None = None, appeals_file: Path | None = None) -> Path:
    run_dir = Path(run_dir)
    if not (run_dir / "targets.json").is_file() or not (run_dir / "findings.json").is_file():
        return plain_score_directory(run_dir, inputs_dir, settings)  # it names what is missing
    targets = load_targets_json(run_dir / "targets.json")
    raw = _read_json(run_dir / "findings.json", "findings")
    findings = ensure_ids(raw.get("findings", []) if isinstance(raw, dict) else raw)
    bodies = {b["key"] for b in targets.get("bodies", [])}
    # decisions are checked before anything is written: a bad file leaves the previous scores.json as it was
    dec = load_decisions(run_dir, findings, bodies, overrides_file, appeals_file)
    out = plain_score_directory(run_dir, inputs_dir, settings)
    if not dec["_evaluator"] and not dec["_commission"] and not dec["_appeals"]:
        (run_dir / DECISIONS_FILE).unlink(missing_ok=True)
        return out
    doc = json.loads(out.read_text(encoding="utf-8"))
    metrics = _read_json(run_dir / "metrics.json", "portal metrics") if (run_dir / "metrics.json").is_file() else {}
    if isinstance(metrics, dict) and isinstance(metrics.get("metrics"), dict):
        metrics = metrics["metrics"]
    inputs_dir = Path(doc["run"]["inputs_dir"]) if (doc.get("run") or {}).get("inputs_dir") else None
    inputs = load_inputs(inputs_dir, targets) if inputs_dir else {}
    values = run_settings(targets, settings)

    def scored(decided: list[ov.Override]) -> dict[str, Any]:
        return score_run(targets, ov.apply(findings, decided), metrics, inputs, values)

    before = scored(dec["_evaluator"]) if dec["_evaluator"] else doc
    after = scored(dec["_evaluator"] + dec["_commission"]) if dec["_commission"] else before
    block = decisions_block(dec, findings, before, after)
    after["run"] = doc.get("run")
    after["decisions"] = block
    write_json(out, after)
    write_json(run_dir / DECISIONS_FILE, block)
    return out


def decisions_block(dec: dict[str, Any], findings: list[Finding], before: dict[str, Any],
                    after: dict[str, Any]) -> dict[str, Any]:
    by_id = {f["id"]: f for f in findings}
    rows = []
    for o in dec["_evaluator"] + dec["_commission"]:
        f = by_id[o.finding_id]
        rows.append({"finding_id": o.finding_id, "body": f["body"], "indicator": f["indicator"], "lang": f.get("lang"),
                     "machine_verdict": f["verdict"], "machine_points": f["points"], **o.record()})
    totals = {}
    for appeal in dec["_appeals"]:
        key = appeal.body
        totals.setdefault(key, {})[appeal.direction] = {
            "before": _final(before, key, appeal.direction), "after": _final(after, key, appeal.direction)}
    return {k: v for k, v in dec.items() if not k.startswith("_")} | {
        "overrides": rows, "appeals": [a.record() for a in dec["_appeals"]], "appeal_totals": totals}


def _final(doc: dict[str, Any], body: str, direction: str) -> float | None:
    node = ((doc.get("bodies") or {}).get(body) or {}).get(direction) or {}
    return (node.get("final") or {}).get("points")


def write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
