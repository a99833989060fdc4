"""The half-year comparison between two scored runs: deltas per body and criterion, changed verdicts, defects
fixed and new, caveats for different readings, and the comparison shown in the workbook and the report."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from core.errors import InputError
from reports.compare import compare_runs
from reports.html import write_report
from scoring.overrides_run import score_directory


@pytest.fixture
def two_runs(built_run, tmp_path):
    prev, cur = tmp_path / "2025-h2", tmp_path / "2026-h1"
    shutil.copytree(built_run, prev)
    shutil.copytree(built_run, cur)
    findings = json.loads((cur / "findings.json").read_text(encoding="utf-8"))
    for f in findings:
        if f["body"] == "alpha" and f["indicator"] == "a4.2.3":  # fixed since the last half-year
            f["verdict"], f["points"] = "pass", f["max_points"]
        if f["body"] == "beta" and f["indicator"] == "a4.2.8":  # broke
            f["verdict"], f["points"] = "fail", 0.0
    (cur / "findings.json").write_text(json.dumps(findings, ensure_ascii=False), encoding="utf-8")
    score_directory(cur)
    return prev, cur


def test_deltas_changed_verdicts_fixed_and_new(two_runs):
    prev, cur = two_runs
    doc = json.loads(compare_runs(prev, cur).read_text(encoding="utf-8"))
    assert doc["bodies"]["alpha"]["a3.1"]["delta"] == pytest.approx(0.225)
    assert doc["bodies"]["beta"]["ict"]["delta"] == pytest.approx(-0.2)
    assert doc["bodies"]["gamma"]["ict"]["delta"] == 0
    kinds = {(c["body"], c["indicator"]): c["kind"] for c in doc["changed"]}
    assert kinds == {("alpha", "a4.2.3"): "fixed_defect", ("beta", "a4.2.8"): "new_defect"}
    assert doc["caveats"] == []


def test_different_readings_are_named(two_runs):
    prev, cur = two_runs
    scores = json.loads((prev / "scores.json").read_text(encoding="utf-8"))
    name = next(iter(scores["settings"]))
    scores["settings"][name]["value"] = "something else"
    scores["methodologies"][0]["version"] = "2015"
    (prev / "scores.json").write_text(json.dumps(scores), encoding="utf-8")
    doc = json.loads(compare_runs(prev, cur).read_text(encoding="utf-8"))
    assert any(name in c for c in doc["caveats"]) and any("version 2015" in c for c in doc["caveats"])


def test_comparison_in_workbook_and_report(two_runs):
    prev, cur = two_runs
    compare_runs(prev, cur)
    write_report(cur)
    sheet = pd.read_excel(cur / "report" / "workbook.xlsx", sheet_name="comparison", header=1)
    assert set(sheet[sheet.item == "ict"].body) == {"alpha", "beta", "gamma"}
    ranks = pd.read_excel(cur / "report" / "workbook.xlsx", sheet_name="rankings", header=1)
    assert ranks[(ranks.body == "beta") & (ranks.methodology == "ict")].delta.iloc[0] == pytest.approx(-0.2)
    index = (cur / "report" / "index.html").read_text(encoding="utf-8")
    assert "-0.20" in index and "+0.23" in index
    alpha = (cur / "report" / "bodies" / "alpha.html").read_text(encoding="utf-8")
    assert 'id="comparison"' in alpha and "a4.2.3" in alpha


def test_not_a_run_is_named(tmp_path, built_run):
    with pytest.raises(InputError, match="PREVIOUS_RUN .*not a scored run directory"):
        compare_runs(tmp_path / "nope", built_run)
