"""Agency inputs: YAML and XLSX reading, validation messages (file, sheet, field, row), templates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from core.errors import InputError
from scoring.api import score_run
from scoring.inputs import load_inputs, write_template
from tests.scoring.helpers import body, node, targets

T = targets(
    body("minfin"), body("almaty", "local"), body("tax", "committee", parent="minfin", form="subdomain")
)

GOOD_YAML = """
body: minfin
period: "2025"
report: {submitted_late: false, incomplete: true, false_facts: 3}
ict:
  search_engine_positions:
    google: {full_name: 3, short_name: 1}
    yandex: {full_name: 15}
    mailru: {full_name: 25, short_name: ~}
  integration:
    required: true
    systems:
      - {name: "IS one", planned_integrations: 3, done_integrations: 1, ntd_commissioning_date: 2024-01-01,
         actual_commissioning_date: 2024-03-01}
      - {name: "IS two", planned_integrations: 2, done_integrations: 1, ntd_commissioning_date: 2024-05-01,
         actual_commissioning_date: 2024-04-01}
  institutional: {it_unit: yes, it_staff_total: 5, it_staff_qualified: 4}
  automation:
    functions:
      - {name: f1, degree: full, via: departmental}
      - {name: f2, degree: partial, via: departmental}
      - {name: f3, degree: partial, via: interagency}
      - {name: f4, degree: none}
      - {name: f5, degree: full, via: departmental, ntd_confirms: false}
    appendix8_list: false
  edms: {docs_sent_electronic: 200, docs_subject: 500}
openness:
  open_npa:
    comments_total: {kk: 10, ru: 20}
    comments_answered: 10
  indicators:
    OB-CSO-1.1: {kk: true, ru: 0.5}
  subordinate:
    SUB-WEB-1: {kk: true, ru: false}
"""


def test_yaml_input_is_read_and_scored(tmp_path: Path):
    (tmp_path / "minfin.yaml").write_text(GOOD_YAML, encoding="utf-8")
    inputs = load_inputs(tmp_path, T)
    inp = inputs["minfin"]
    assert inp["ict"]["institutional"]["it_unit"] is True
    assert inp["openness"]["indicators"]["OB-CSO-1.1"] == {"kk": 1.0, "ru": 0.5}
    assert inp["openness"]["open_npa"]["comments_answered"] == {"kk": 10, "ru": 10}
    assert inp["ict"]["integration"]["systems"][0]["ntd_commissioning_date"] == "2024-01-01"
    ict = score_run(T, [], {}, inputs)["bodies"]["minfin"]["ict"]
    # Table 1 rows: a = 2, b = 5; IS one late (actual after NTD date), IS two on time: 2/5*20 - 1/2
    assert node(ict, "a3.2")["points"] == pytest.approx(2 / 5 * 20 - 0.5)
    # Table 3 rows: f5 is not confirmed by the NTD (para 47) -> not automated
    n41 = node(ict, "a3.4.1")
    assert n41["inputs"]["automated"] == 2 and n41["inputs"]["not_automated"] == 2
    n42 = node(ict, "a3.4.2")
    assert n42["inputs"]["k"] == 20  # no Appendix 8 list: 4.3's weight moves to 4.2
    assert n42["points"] == pytest.approx((1 + 0.3 * 2) / 3 * 20)
    # a4.1.1 from the search positions (best of the two names): google 1, yandex 0.5, mailru 0
    a411 = node(ict, "a4.1.1")
    assert a411["points"] == pytest.approx(0.5)
    assert ict["penalties"]["points"] == pytest.approx(2 + 0.6)


def test_yaml_problems_name_field_and_row(tmp_path: Path):
    (tmp_path / "minfin.yaml").write_text(
        """
ict:
  edms: {docs_sent_electronic: many, docs_subject: 5}
  integration:
    systems:
      - {name: a, planned_integrations: 2, done_integrations: -1}
      - {planned_integrations: 1, done_integrations: 1, colour: red}
  institutional: {it_staff_total: 3, it_staff_qualified: 4}
  automation: {architecture_portal_stale: ["2.20", "11"]}
  intranet: {email_usage_pct: 140}
  nonsense: 1
openness:
  indicators: {OD-1: {kk: 2}}
""",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_inputs(tmp_path, T)
    msg = str(err.value)
    for expected in (
        "minfin.yaml: field 'ict.edms.docs_sent_electronic': expected a whole number >= 0, got 'many'",
        "field 'ict.integration.systems' row 1, column 'done_integrations': expected a whole number >= 0",
        "field 'ict.integration.systems' row 2, column 'name': required",
        "row 2, column 'colour': unknown column",
        "it_staff_qualified (4) exceeds it_staff_total (3)",
        "'2.20' is not an Appendix 7",
        "'11' is not an Appendix 7",
        "field 'ict.intranet.email_usage_pct': expected a percentage 0-100, got 140",
        "field 'ict.nonsense': unknown field",
        "field 'openness.indicators.OD-1': [kk] expected a share 0-1",
    ):
        assert expected in msg, expected
    assert "what to do" in msg


def test_unknown_body_file_and_body_mismatch(tmp_path: Path):
    (tmp_path / "nobody.yaml").write_text("report: {false_facts: 1}\n", encoding="utf-8")
    (tmp_path / "almaty.yml").write_text("body: minfin\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_inputs(tmp_path, T)
    assert "nobody.yaml: no body 'nobody' in the targets" in str(err.value)
    assert "almaty.yml: field 'body' says 'minfin' but the file is for 'almaty'" in str(err.value)


def test_missing_directory_and_bad_yaml(tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        load_inputs(tmp_path / "nope", T)
    (tmp_path / "minfin.yaml").write_text("ict: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="minfin.yaml: not valid YAML"):
        load_inputs(tmp_path, T)


def test_xlsx_template_roundtrip(tmp_path: Path):
    out = tmp_path / "almaty.xlsx"
    write_template(out, body("almaty", "local"))
    wb = load_workbook(out)
    assert {"About", "Report", "ICT", "Openness", "ICT_Search", "ICT_Systems", "ICT_Functions"} <= set(
        wb.sheetnames
    )
    assert "ICT_LEB_Functions" not in wb.sheetnames  # 4.3 is for CSOs only
    ict = wb["ICT"]
    fields = {row[0].value: row[0].row for row in ict.iter_rows(min_row=2)}
    assert "ict.institutional.departments_total" in fields and "ict.institutional.it_unit" not in fields
    ict.cell(row=fields["ict.institutional.apparatus_it_unit"], column=2, value="yes")
    ict.cell(row=fields["ict.institutional.departments_total"], column=2, value=20)
    ict.cell(row=fields["ict.institutional.departments_with_it"], column=2, value=15)
    ict.cell(row=fields["ict.institutional.it_staff_total"], column=2, value=10)
    ict.cell(row=fields["ict.institutional.it_staff_qualified"], column=2, value=8)
    op = wb["Openness"]
    ofields = {row[0].value: row[0].row for row in op.iter_rows(min_row=2)}
    op.cell(row=ofields["openness.open_dialogue.questions"], column=3, value=10)  # kk
    op.cell(row=ofields["openness.open_dialogue.questions"], column=4, value=12)  # ru
    op.cell(row=ofields["openness.indicators.OB-LEB-3"], column=3, value=1)
    search = wb["ICT_Search"]
    search.cell(row=2, column=2, value=4)
    wb.save(out)
    inputs = load_inputs(tmp_path, T)
    inp = inputs["almaty"]
    assert inp["ict"]["institutional"] == {
        "apparatus_it_unit": True,
        "departments_total": 20,
        "departments_with_it": 15,
        "it_staff_total": 10,
        "it_staff_qualified": 8,
    }
    assert inp["openness"]["open_dialogue"]["questions"] == {"kk": 10, "ru": 12}
    assert inp["openness"]["indicators"]["OB-LEB-3"] == {"kk": 1.0}
    assert inp["ict"]["search_engine_positions"]["google"] == {"full_name": 4, "short_name": None}
    ict_doc = score_run(T, [], {}, inputs)["bodies"]["almaty"]["ict"]
    assert node(ict_doc, "a3.3")["points"] == pytest.approx(4.225)  # D-14 from a filled template
    # search positions for yandex and mail.ru are empty: a4.1.1 is not assessed, never 0
    assert node(ict_doc, "a4.1.1")["status"] == "not_assessed"


def test_xlsx_problems_name_sheet_row_and_field(tmp_path: Path):
    out = tmp_path / "minfin.xlsx"
    write_template(out, body("minfin"))
    wb = load_workbook(out)
    ict = wb["ICT"]
    fields = {row[0].value: row[0].row for row in ict.iter_rows(min_row=2)}
    row = fields["ict.edms.docs_subject"]
    ict.cell(row=row, column=2, value="lots")
    ict.append(["ict.unknown_thing", 1])
    wb["ICT_Functions"].append(["f1", "sometimes"])
    wb.save(out)
    with pytest.raises(InputError) as err:
        load_inputs(tmp_path, T)
    msg = str(err.value)
    assert (
        f"minfin.xlsx: sheet 'ICT', row {row}, field 'ict.edms.docs_subject': expected a whole number" in msg
    )
    assert "field 'ict.unknown_thing': unknown field" in msg
    assert "sheet 'ICT_Functions', row 2, column 'degree': expected one of full, partial, none" in msg


def test_yaml_template_is_valid_and_empty(tmp_path: Path):
    out = tmp_path / "minfin.yaml"
    write_template(out, body("minfin"))
    text = out.read_text(encoding="utf-8")
    assert "ict.automation.appendix8_list" not in text and "appendix8_list: ~" in text
    assert yaml.safe_load(text)["body"] == "minfin"
    inputs = load_inputs(tmp_path, T)
    assert inputs["minfin"] == {}  # every value empty -> nothing given, nothing assumed
    ict = score_run(T, [], {}, inputs)["bodies"]["minfin"]["ict"]
    assert ict["total"]["status"] == "not_assessed" and ict["total"]["points"] is None


def test_template_name_must_be_body_key(tmp_path: Path):
    with pytest.raises(InputError, match="name the file minfin.xlsx"):
        write_template(tmp_path / "report.xlsx", body("minfin"))
    with pytest.raises(InputError, match="unknown format"):
        write_template(tmp_path / "minfin.csv", body("minfin"))
