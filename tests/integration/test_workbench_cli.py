"""The workbench through the real command line: `govaudit score` with overrides and appeals (bad files exit 2
naming file, row and field), `govaudit report` re-applying edited decisions, `govaudit compare`."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from tests.reports.conftest import build_run

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def base_run(tmp_path_factory):
    return build_run(tmp_path_factory.mktemp("wbcli") / "run")


def _finding_id(run, body, indicator):
    findings = json.loads((run / "findings.json").read_text(encoding="utf-8"))
    return next(f["id"] for f in findings if f["body"] == body and f["indicator"] == indicator)


def test_score_report_and_compare_from_the_command_line(base_run, tmp_path, cli):
    run = tmp_path / "run"
    shutil.copytree(base_run, run)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"overrides": [{"finding": "F-000000000000", "verdict": "pass", "reason": "r",
                                                  "evaluator": "e", "date": "2026-07-05"}]}), encoding="utf-8")
    result = cli("score", str(run), "--overrides", str(bad))
    assert result.returncode == 2
    assert "bad.yaml: overrides row 1, field 'finding_id': no finding F-000000000000" in result.stderr
    assert "Traceback" not in result.stderr
    result = cli("score", str(run), "--overrides", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2 and "--overrides" in result.stderr

    before = json.loads((run / "scores.json").read_text(encoding="utf-8"))
    fid = _finding_id(run, "alpha", "a4.2.3")
    (run / "overrides.yaml").write_text(yaml.safe_dump({"overrides": [
        {"finding": fid, "verdict": "pass", "reason": "checked by hand", "evaluator": "A. Evaluator",
         "date": "2026-07-05"}]}), encoding="utf-8")
    result = cli("report", str(run))  # the edited decisions are applied before the report is written
    assert result.returncode == 0, result.stderr[-2000:]
    after = json.loads((run / "scores.json").read_text(encoding="utf-8"))
    assert after["bodies"]["alpha"]["ict"]["final"]["points"] > before["bodies"]["alpha"]["ict"]["final"]["points"]
    assert "checked by hand" in (run / "report" / "bodies" / "alpha.html").read_text(encoding="utf-8")
    assert 'role="alert"' not in (run / "report" / "index.html").read_text(encoding="utf-8")  # not stale

    result = cli("compare", str(base_run), str(run))
    assert result.returncode == 0, result.stderr[-2000:]
    comparison = json.loads((run / "comparison.json").read_text(encoding="utf-8"))
    assert comparison["changed"][0]["finding_id"] == fid and comparison["changed"][0]["kind"] == "fixed_defect"
    assert 'id="comparison"' in (run / "report" / "bodies" / "alpha.html").read_text(encoding="utf-8")
    result = cli("compare", str(tmp_path / "nothing"), str(run))
    assert result.returncode == 2 and "PREVIOUS_RUN" in result.stderr
