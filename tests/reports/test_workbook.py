"""The run's workbook and CSV files, read back: they equal scores.json and findings.json, carry the ids, are
formatted for evaluators, and no crawled text can act as a formula."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from reports.workbook import write_workbook

FORMULA = ("=", "+", "-", "@", "\t", "\r")
SHEETS = ["rankings", "scores", "findings", "evidence", "portal_metrics", "readings", "overrides", "appeals",
          "comparison", "a11y_annex"]


@pytest.fixture(scope="module")
def workbook(built_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("wbout")
    return write_workbook(built_run, out), built_run


def _sheet(path, name):
    return pd.read_excel(path, sheet_name=name, header=1)  # row 1: titles, row 2: keys


def test_sheets_and_csv_per_table(workbook):
    path, _ = workbook
    assert load_workbook(path, read_only=True).sheetnames == SHEETS
    for name in SHEETS:
        with (path.parent / "csv" / f"{name}.csv").open(encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
        assert len(rows) - 1 == len(_sheet(path, name)), name


def test_rankings_and_scores_equal_scores_json(workbook):
    path, run = workbook
    scores = json.loads((run / "scores.json").read_text(encoding="utf-8"))
    ranks = _sheet(path, "rankings")
    for btype, rows in scores["rankings"]["ict"].items():
        for r in rows:
            got = ranks[(ranks.methodology == "ict") & (ranks.body == r["body"])].iloc[0]
            assert got["rank"] == r["rank"] and got["points"] == pytest.approx(r["points"])
            assert got["body_type"] == btype
    tree = _sheet(path, "scores")
    for key, entry in scores["bodies"].items():
        for cid, node in entry["ict"]["criteria"].items():
            row = tree[(tree.body == key) & (tree.id == cid) & tree.lang.isna()].iloc[0]
            assert (pd.isna(row["points"]) and node["points"] is None) or row["points"] == pytest.approx(node["points"])
        sec = entry["ict"]["criteria"]["a3.1"]["components"][1]["components"][0]  # an Appendix 5 section
        for lang, v in sec["languages"].items():
            row = tree[(tree.body == key) & (tree.id == sec["id"]) & (tree.lang == lang)].iloc[0]
            assert row["points"] == pytest.approx(v["points"])


def test_findings_sheet_has_every_finding_with_its_id(workbook):
    path, run = workbook
    findings = json.loads((run / "findings.json").read_text(encoding="utf-8"))
    sheet = _sheet(path, "findings")
    assert sorted(sheet.finding_id) == sorted(f["id"] for f in findings)
    assert sheet.finding_id.is_unique
    for name in ("evidence", "overrides"):
        assert set(_sheet(path, name).finding_id) <= {f["id"] for f in findings}


def test_frozen_headers_filters_number_formats_and_links(workbook):
    path, _ = workbook
    wb = load_workbook(path)
    for name in SHEETS:
        ws = wb[name]
        assert ws.freeze_panes in ("A3", "B3") and ws.auto_filter.ref.startswith("A2:"), name
    ws = wb["findings"]
    header = [c.value for c in ws[2]]
    points = [row[header.index("points")] for row in ws.iter_rows(min_row=3)]
    assert any(isinstance(c.value, float) for c in points)
    assert all(c.number_format == "0.00" for c in points if isinstance(c.value, float))
    links = [c for row in wb["evidence"].iter_rows(min_row=3) for c in row if c.hyperlink]
    assert links and all(c.hyperlink.target.startswith(("http://", "https://")) for c in links)
    urls = [c.value for row in wb["evidence"].iter_rows(min_row=3) for c in row
            if isinstance(c.value, str) and "javascript" in c.value]
    assert urls and not [c for row in wb["evidence"].iter_rows(min_row=3) for c in row
                         if c.hyperlink and "javascript" in c.hyperlink.target]


def test_no_cell_of_any_sheet_or_csv_can_run_as_a_formula(workbook):
    path, _ = workbook
    wb = load_workbook(path)
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("HYPERLINK" in v for v in texts) and any("@SUM" in v for v in texts)  # the hostile texts are there
    assert not [v for v in texts if v.startswith(FORMULA)]
    for f in (path.parent / "csv").glob("*.csv"):
        with f.open(encoding="utf-8-sig") as fh:
            cells = [c for row in csv.reader(fh) for c in row]
        bad = [c for c in cells if c.startswith(FORMULA) and not _number(c)]
        assert not bad, (f.name, bad[:5])


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
