"""Everything the outputs of a run read, loaded once: findings (with ids, decisions applied), targets, scores,
metrics, depths, notes, readings, decisions (overrides and appeals) and the comparison with the previous run."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import GovauditError
from core.findings import Finding, ensure_ids, is_advisory, scored

COMPARISON_FILE = "comparison.json"
DECISIONS_FILE = "decisions.json"


def _load(path: Path, default: Any) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default


@dataclass
class RunData:
    run_dir: Path
    findings: list[Finding]
    targets: dict[str, Any]
    scores: dict[str, Any]
    notes: list[dict[str, Any]]
    settings: dict[str, Any]
    metrics: dict[str, Any]
    depths: dict[str, Any]
    decisions: dict[str, Any]
    comparison: dict[str, Any] | None
    stale_decisions: list[str] = field(default_factory=list)
    # the accessibility annex's advisory records: kept out of `findings`, so no tally, table, form or comparison
    # counts them (reports/annex.py shows them)
    advisories: list[Finding] = field(default_factory=list)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return list(self.targets.get("bodies", []))

    def body_scores(self, key: str) -> dict[str, Any]:
        return (self.scores.get("bodies") or {}).get(key) or {}

    def findings_by_body(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            out[f["body"]].append(f)
        for items in out.values():
            items.sort(key=lambda f: (indicator_key(f["indicator"]), f.get("lang") or ""))
        return out

    @property
    def targets_names(self) -> dict[str, dict[str, str]]:
        return {b["key"]: b.get("names") or {} for b in self.bodies}

    def name(self, key: str, lang: str) -> str:
        body = next((b for b in self.bodies if b["key"] == key), {})
        names = body.get("names") or {}
        return names.get(lang) or names.get("ru") or names.get("kk") or names.get("en") or key


def indicator_key(indicator: str) -> tuple[Any, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in indicator.replace("-", ".").split("."))


def load_run(run_dir: Path) -> RunData:
    run_dir = Path(run_dir)
    findings = _load(run_dir / "findings.json", None)
    if findings is None:
        raise GovauditError(f"{run_dir} has no findings.json", "run `govaudit audit DIR` first")
    if isinstance(findings, dict):
        findings = findings.get("findings", [])
    ensure_ids(findings)
    advisories = [f for f in findings if is_advisory(f)]
    findings = scored(findings)
    scores = _load(run_dir / "scores.json", {})
    decisions = scores.get("decisions") or _load(run_dir / DECISIONS_FILE, {}) or {}
    findings = _with_decisions(findings, decisions)
    metrics = _load(run_dir / "metrics.json", {})
    if isinstance(metrics, dict) and isinstance(metrics.get("metrics"), dict):
        metrics = metrics["metrics"]
    return RunData(run_dir=run_dir, findings=findings, targets=_load(run_dir / "targets.json", {"bodies": []}),
                   scores=scores, notes=_load(run_dir / "notes.json", []),
                   settings=_load(run_dir / "settings.json", {}), metrics=metrics or {},
                   depths=_load(run_dir / "depths.json", {}), decisions=decisions,
                   comparison=_load(run_dir / COMPARISON_FILE, None),
                   stale_decisions=_stale(run_dir, decisions), advisories=advisories)


def _with_decisions(findings: list[Finding], decisions: dict[str, Any]) -> list[Finding]:
    """The findings as scored: the decisions recorded with the scores applied (the machine values kept)."""
    rows = decisions.get("overrides") or []
    if not rows:
        return findings
    import datetime as dt

    from scoring.overrides import Override, apply

    known = {f["id"] for f in findings}
    decided = [Override(r["finding_id"], r.get("verdict"), r.get("points"), r.get("reason", ""),
                        r.get("evaluator", ""), dt.date.fromisoformat(r["date"]), r.get("source", ""),
                        r.get("origin", "evaluator")) for r in rows if r["finding_id"] in known]
    return apply(findings, decided)


def _stale(run_dir: Path, decisions: dict[str, Any]) -> list[str]:
    """Decision files changed, added or removed since the scores were computed (`govaudit score` re-applies)."""
    from scoring.appeals import find_appeals_file
    from scoring.overrides import find_overrides_file
    from scoring.overrides_run import file_digest

    out = []
    for kind, finder in (("overrides", find_overrides_file), ("appeals", find_appeals_file)):
        recorded = decisions.get(f"{kind}_file")
        found = Path(recorded) if recorded else finder(run_dir)
        if file_digest(found) != decisions.get(f"{kind}_sha256"):
            out.append(str(found or run_dir / f"{kind} file (removed)"))
    return out


def stale_decisions(run_dir: Path) -> list[str]:
    """Decision files changed since DIR/scores.json was computed ([] when there is no scores.json)."""
    scores = _load(run_dir / "scores.json", None)
    if not isinstance(scores, dict):
        return []
    return _stale(run_dir, scores.get("decisions") or _load(run_dir / DECISIONS_FILE, {}) or {})
