"""Overrides and appeals round trips: exactly the named scores change, every output shows who, when and why, and a
bad file is named by file, row and field with nothing applied."""

from __future__ import annotations

import datetime as dt
import json

import docx
import pytest
import yaml
from openpyxl import load_workbook

from core.errors import InputError
from reports.html import write_report
from reports.workbook import write_workbook
from scoring.appeals import add_working_days
from scoring.overrides_run import score_directory


def _scores(run):
    return json.loads((run / "scores.json").read_text(encoding="utf-8"))


def _finding(run, body, indicator, lang=None):
    findings = json.loads((run / "findings.json").read_text(encoding="utf-8"))
    return next(f for f in findings if f["body"] == body and f["indicator"] == indicator and f.get("lang") == lang)


def _a311(doc, body):
    return doc["bodies"][body]["ict"]["criteria"]["a3.1"]["components"][0]["points"]


def _others_equal(before, after, changed):
    for key in before["bodies"]:
        if key != changed:
            assert before["bodies"][key]["ict"] == after["bodies"][key]["ict"], key


def test_yaml_override_changes_exactly_the_named_score_and_is_shown(run_copy):
    before = _scores(run_copy)
    target = _finding(run_copy, "alpha", "a4.2.3")
    assert target["verdict"] == "fail"
    (run_copy / "overrides.yaml").write_text(yaml.safe_dump({"overrides": [
        {"finding": target["id"], "verdict": "pass", "reason": "menu reachable by keyboard: checked by hand",
         "evaluator": "A. Evaluator", "date": "2026-07-05"}]}, allow_unicode=True), encoding="utf-8")
    score_directory(run_copy)
    after = _scores(run_copy)
    assert _a311(after, "alpha") == pytest.approx(_a311(before, "alpha") + 0.45 / 10 * 5)
    _others_equal(before, after, "alpha")
    row = after["decisions"]["overrides"][0]
    assert (row["finding_id"], row["machine_verdict"], row["verdict"], row["evaluator"]) == (
        target["id"], "fail", "pass", "A. Evaluator")
    write_report(run_copy)
    page = (run_copy / "report" / "bodies" / "alpha.html").read_text(encoding="utf-8")
    assert "menu reachable by keyboard" in page and "A. Evaluator" in page and "2026-07-05" in page
    sheet = load_workbook(run_copy / "report" / "workbook.xlsx")["findings"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    mine = next(r for r in rows if r[0] == target["id"])
    assert "pass" in mine and "fail" in mine and "A. Evaluator" in mine


def test_workbook_override_sheet_filled_in_and_read_back(run_copy):
    before = _scores(run_copy)
    path = write_workbook(run_copy)
    target = _finding(run_copy, "gamma", "a4.2.7")
    wb = load_workbook(path)
    ws = wb["overrides"]
    keys = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == target["id"])
    for field, value in {"verdict": "partial", "points": 0.5, "reason": "'-two of four links work",
                         "evaluator": "B. Evaluator", "date": dt.datetime(2026, 7, 6)}.items():
        row[keys.index(field)].value = value
    wb.save(run_copy / "overrides.xlsx")
    score_directory(run_copy)
    after = _scores(run_copy)
    assert _a311(after, "gamma") == pytest.approx(_a311(before, "gamma") + 0.5 / 10 * 5)
    _others_equal(before, after, "gamma")
    assert after["decisions"]["overrides"][0]["reason"] == "-two of four links work"


def test_bad_overrides_are_named_and_nothing_is_applied(run_copy):
    before = (run_copy / "scores.json").read_bytes()
    good = _finding(run_copy, "alpha", "a4.2.3")["id"]
    (run_copy / "overrides.yaml").write_text(yaml.safe_dump({"overrides": [
        {"finding": good, "verdict": "pass", "reason": "ok", "evaluator": "E", "date": "2026-07-05"},
        {"finding": "F-000000000000", "verdict": "pass", "reason": "gone", "evaluator": "E", "date": "2026-07-05"},
        {"finding": good + "x", "verdict": "maybe", "points": "lots", "evaluator": "", "date": "05.07.2026"},
    ]}), encoding="utf-8")
    with pytest.raises(InputError) as err:
        score_directory(run_copy)
    text = str(err.value)
    for part in ("overrides.yaml: overrides row 3, field 'verdict'", "row 3, field 'points'",
                 "row 3, field 'reason'", "row 3, field 'evaluator'", "row 3, field 'date'"):
        assert part in text
    assert (run_copy / "scores.json").read_bytes() == before
    lines = yaml.safe_load((run_copy / "overrides.yaml").read_text())["overrides"][:2]
    (run_copy / "overrides.yaml").write_text(yaml.safe_dump({"overrides": lines}), encoding="utf-8")
    with pytest.raises(InputError, match=r"overrides row 2, field 'finding_id': no finding F-000000000000"):
        score_directory(run_copy)
    assert (run_copy / "scores.json").read_bytes() == before


def test_working_days_skip_kazakh_holidays():
    assert add_working_days(dt.date(2026, 3, 19), 5) == dt.date(2026, 3, 31)  # Nauryz 21-25 March
    assert add_working_days(dt.date(2026, 7, 1), 5) == dt.date(2026, 7, 9)  # Capital Day, Monday 6 July


def _appeal(target, **over):
    appeal = {"body": "alpha", "direction": "ict", "results_received": "2026-07-01",
              "commission": {"chair": "C. Chair"},
              "objections": [{"no": 1, "finding": target, "type": "incorrect verdict",
                              "text": "Меню доступно с клавиатуры", "attachments": ["letter-12.pdf"],
                              "submitted": "2026-07-08"}],
              "decisions": [{"objection": 1, "decision": "accepted", "date": "2026-07-20",
                             "reason": "confirmed on re-check", "verdict": "pass"}]}
    appeal.update(over)
    return {"appeals": [appeal]}


def test_accepted_appeal_changes_the_score_and_fills_appendix_10(run_copy):
    before = _scores(run_copy)
    target = _finding(run_copy, "alpha", "a4.2.3")["id"]
    (run_copy / "appeals.yaml").write_text(yaml.safe_dump(_appeal(target), allow_unicode=True), encoding="utf-8")
    score_directory(run_copy)
    after = _scores(run_copy)
    totals = after["decisions"]["appeal_totals"]["alpha"]["ict"]
    assert totals["before"] == pytest.approx(before["bodies"]["alpha"]["ict"]["final"]["points"])
    assert totals["after"] == pytest.approx(totals["before"] + 0.225)
    appeal = after["decisions"]["appeals"][0]
    assert appeal["deadlines"]["objections_by"] == "2026-07-09"
    _others_equal(before, after, "alpha")
    write_report(run_copy)
    for lang, total_word in (("kk", "Шағым"), ("ru", "апелляции")):
        d = docx.Document(str(run_copy / "report" / "forms" / "alpha" / f"disagreement-table-ict-{lang}.docx"))
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        assert any("Меню доступно с клавиатуры" in c and "letter-12.pdf" in c for c in cells)
        assert any(target in c for c in cells)
        text = "\n".join(p.text for p in d.paragraphs)
        assert total_word in text and f"{totals['after']:.2f}" in text
    assert not (run_copy / "report" / "forms" / "beta" / "disagreement-table-ict-ru.docx").exists()
    assert "Меню доступно с клавиатуры" in (run_copy / "report" / "bodies" / "alpha.html").read_text("utf-8")


@pytest.mark.parametrize("change, message", [
    ({"objections": [{"no": 1, "indicator": "a4.2.3", "text": "late", "submitted": "2026-07-10"}],
      "decisions": []}, "objections row 1, field 'submitted': 2026-07-10 is outside the appeal window"),
    ({"decisions": [{"objection": 7, "decision": "accepted", "date": "2026-07-20", "reason": "x"}]},
     "decisions row 1, field 'objection': no objection no. 7"),
    ({"objections": [{"no": 1, "finding": "F-000000000000", "text": "x", "submitted": "2026-07-02"}],
      "decisions": []}, "objections row 1, field 'finding': no finding F-000000000000"),
    ({"body": "nobody"}, "appeals row 1, field 'body'"),
])
def test_bad_appeals_are_named_and_nothing_is_applied(run_copy, change, message):
    before = (run_copy / "scores.json").read_bytes()
    target = _finding(run_copy, "alpha", "a4.2.3")["id"]
    (run_copy / "appeals.yaml").write_text(yaml.safe_dump(_appeal(target, **change), allow_unicode=True),
                                           encoding="utf-8")
    with pytest.raises(InputError) as err:
        score_directory(run_copy)
    assert "appeals.yaml" in str(err.value) and message in str(err.value)
    assert (run_copy / "scores.json").read_bytes() == before
