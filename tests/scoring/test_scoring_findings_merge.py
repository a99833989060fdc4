"""`govaudit score` adds its measured-vs-reported findings to findings.json (so the report shows them with both
figures), replaces them on every re-score and never feeds them back into the scores."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from core.findings import finding
from scoring.rundir import score_directory
from tests.scoring.helpers import body, targets


def _run_dir(tmp: Path, reported: int) -> Path:
    run = tmp / "run"
    (run / "inputs").mkdir(parents=True)
    (run / "targets.json").write_text(json.dumps(targets(body("c"))), encoding="utf-8")
    audit = [finding(body="c", site="http://c.test/", lang=None, indicator="a4.2.5", verdict="pass", points=0.2,
                     max_points=0.2, reading="test")]
    (run / "findings.json").write_text(json.dumps(audit), encoding="utf-8")
    window = {"start": "2025-01-01", "end": "2025-12-31", "label": "2025", "basis": "questions asked in the period"}
    metrics = {"c": {"dialog": {lang: {"questions": {"value": 10, "evidence": [f"http://dialog.test/{lang}"],
                                                     "window": window},
                                       "answered": {"value": 9, "evidence": [], "window": window}}
                                for lang in ("kk", "ru")}}}
    (run / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    (run / "inputs" / "c.yaml").write_text(yaml.safe_dump(
        {"openness": {"open_dialogue": {"questions": reported, "answered": 9}}}), encoding="utf-8")
    return run


def test_disagreements_are_merged_once_and_replaced_on_rescore(tmp_path):
    run = _run_dir(tmp_path, reported=12)
    score_directory(run)
    first = json.loads((run / "findings.json").read_text(encoding="utf-8"))
    added = [f for f in first if f.get("origin") == "scoring"]
    assert {(f["indicator"], f["lang"], f["key"]) for f in added} == {("DLG-2", "kk", "figure:dlg_questions"),
                                                                     ("DLG-2", "ru", "figure:dlg_questions")}
    ru = next(f for f in added if f["lang"] == "ru")
    assert ru["verdict"] == "fail" and "the agency reports 12" in ru["note"] and "the portals show 10" in ru["note"]
    assert "in 2025 (questions asked in the period)" in ru["note"]
    assert ru["evidence"][1]["url"] == "http://dialog.test/ru"
    score_directory(run)  # again: the same findings, not twice
    assert json.loads((run / "findings.json").read_text(encoding="utf-8")) == first
    scores = json.loads((run / "scores.json").read_text(encoding="utf-8"))
    assert scores["summary"]["findings_used"] == 1  # our own findings are not scored
    # the agency corrects its report: the disagreement goes away, the audit's finding stays
    (run / "inputs" / "c.yaml").write_text(yaml.safe_dump(
        {"openness": {"open_dialogue": {"questions": 10, "answered": 9}}}), encoding="utf-8")
    score_directory(run)
    assert [f["indicator"] for f in json.loads((run / "findings.json").read_text(encoding="utf-8"))] == ["a4.2.5"]
