"""The availability page and sheets escape every hostile text; they appear in an audit's workbook."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from reports.availability import write_availability

HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"http://evil\",\"x\")"


def availability_json(folder: Path) -> Path:
    host = "https://evil.example"
    data = {
        "format": "govaudit-availability/1", "formula": "A = 100 % - downtime / total x 100 (seed 000:480-513)",
        "window": {"start": "2026-07-01T00:00:00+00:00", "end": "2027-01-01T00:00:00+00:00",
                   "chosen_by": "monitor.window 2026-H2", "target_year": 2026},
        "settings": {"interval_s": 300.0, "error_strings": [HOSTILE]},
        "hosts": {host: {
            "host": host, "url": "javascript:alert(2)", "role": "site", "bodies": ["minfin"], "label": HOSTILE,
            "availability": 99.0, "total_s": 600.0, "downtime_s": 6.0, "degraded_s": 0.0, "up_s": 594.0,
            "coverage": 0.1, "sample_count": 2, "samples": {"up": 1, "degraded": 0, "down": 1, "unknown": 0},
            "band": {"band": "below_baseline", "target": 99.9, "baseline": 99.5, "year": 2026, "target_year": 2026},
            "outages": [{"start": "2026-07-02T00:00:00+00:00", "end": "2026-07-02T00:05:00+00:00", "samples": 1,
                         "duration_s": 300.0, "reasons": [FORMULA, f"error page: «{HOSTILE}»"], "ongoing": False}],
            "tls": {"state": "problem", "protocol": "TLSv1.3", "days_left": 5, "verify_error": HOSTILE,
                    "problems": [{"code": "hostname_mismatch", "message": f"not among {HOSTILE}"}],
                    "certificate": {"subject_cn": HOSTILE, "issuer_cn": FORMULA, "dns_names": [HOSTILE],
                                    "ip_addresses": [], "not_after": "2026-12-12T00:00:00+00:00"}}}},
        "bodies": {"minfin": {"names": {"ru": HOSTILE}, "type": "central", "hosts": [host], "availability_min": 99.0,
                              "tls_problems": ["hostname_mismatch"]}},
        "groups": {"portals": [], "handoff": []}}
    path = folder / "availability.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_page_escapes_every_hostile_text(tmp_path):
    availability_json(tmp_path)
    page = write_availability(tmp_path, tmp_path / "report", standalone_workbook=True).read_text(encoding="utf-8")
    assert HOSTILE not in page and "<img" not in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 6  # label, reason, CN, names, problem, body name
    assert 'href="javascript:' not in page and "javascript:alert(2)" in page  # shown as text, never linked
    assert page.count("<script") == 1


def test_sheets_neutralise_formulas(tmp_path):
    availability_json(tmp_path)
    write_availability(tmp_path, tmp_path / "report", standalone_workbook=True)
    wb = load_workbook(tmp_path / "report" / "availability.xlsx")
    reasons = wb["outages"].cell(row=3, column=6).value
    assert reasons.startswith("'=HYPERLINK")  # shown as typed, never run as a formula
    assert wb["outages"].cell(row=1, column=6).value == "Причины"  # Russian titles, keys in row 2
    assert wb["availability"].cell(row=2, column=5).value == "availability"


def test_audit_workbook_gets_the_sheets(tmp_path):
    from reports.workbook import write_workbook

    (tmp_path / "findings.json").write_text("[]", encoding="utf-8")
    availability_json(tmp_path)
    wb = load_workbook(write_workbook(tmp_path, tmp_path / "report"))
    assert {"availability", "outages"} <= set(wb.sheetnames)
    assert wb["outages"].cell(row=3, column=6).value.startswith("'=HYPERLINK")
    assert (tmp_path / "report" / "csv" / "outages.csv").is_file()


def test_report_index_links_the_pages_beyond_the_order(tmp_path):
    from reports.html import write_report

    (tmp_path / "findings.json").write_text("[]", encoding="utf-8")
    index = write_report(tmp_path).read_text(encoding="utf-8")
    assert 'href="availability.html"' not in index  # nothing to link without availability.json
    availability_json(tmp_path)
    index = write_report(tmp_path).read_text(encoding="utf-8")
    assert 'href="availability.html"' in index and (tmp_path / "report" / "availability.html").is_file()
    assert 'href="services.html"' not in index
