"""`govaudit monitor` end to end on the monitor fixture: real servers, real TLS, the CLI writing availability.json,
compared with the fixture manifest; the report page and the workbook sheets; resuming; Ctrl-C."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fixtures.monitor_hosts import manifest
from fixtures.monitor_hosts.serve import HOSTILE_CN, MonitorHosts
from monitoring.availability import parse_time
from tests.conftest import ROOT

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def monitored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("monitor_e2e")
    with MonitorHosts(folder) as hosts:
        targets = hosts.targets(folder / "targets.yaml")
        out = folder / "run"
        result = subprocess.run([sys.executable, "-m", "govaudit.cli", "monitor", "--targets", str(targets), "--out",
                                 str(out), "--rounds", str(manifest.ROUNDS)], cwd=ROOT, capture_output=True,
                                text=True, timeout=240)
        assert result.returncode == 0, result.stderr[-3000:]
        yield hosts, targets, out, json.loads((out / "availability.json").read_text(encoding="utf-8"))


def by_role(hosts: MonitorHosts, data: dict, role: str) -> dict:
    return data["hosts"][hosts.urls[role].rstrip("/")]


def rule_oracle(times: list[str], down: set[int], interval: float, max_gap_factor: float = 2.0) -> float:
    """A from the stored sample times by the documented interval rule, written out on its own."""
    ts = [parse_time(t).timestamp() for t in times]
    holds = []
    for i, t in enumerate(ts):
        gap = ts[i + 1] - t if i + 1 < len(ts) else interval
        holds.append(gap if gap <= max_gap_factor * interval else interval)
    return 100 - sum(h for i, h in enumerate(holds) if i in down) / sum(holds) * 100


def jitter_bound(times: list[str], interval: float) -> float:
    """How far A may be from the even-spacing figure given how unevenly the samples came: each hold h_i = I + e_i
    moves downtime and total by at most Σ|e_i|, so |A − A_even| ≤ 200 · Σ|e_i| / total (percentage points)."""
    ts = [parse_time(t).timestamp() for t in times]
    holds = [b - a if b - a <= 2 * interval else interval for a, b in zip(ts, ts[1:], strict=False)] + [interval]
    return max(manifest.A_TOLERANCE, 200 * sum(abs(h - interval) for h in holds) / sum(holds))


def host_times(out: Path, host: str) -> list[str]:
    db = sqlite3.connect(out / "run.sqlite")
    times = [r[0] for r in db.execute("SELECT t FROM monitor_samples WHERE host = ? ORDER BY t", (host,))]
    db.close()
    return times


@pytest.mark.parametrize("role", list(manifest.EXPECTED))
def test_availability_matches_the_manifest(monitored, role):
    hosts, _targets, out, data = monitored
    expected, got = manifest.EXPECTED[role], by_role(hosts, data, role)
    times = host_times(out, got["host"])
    assert len(times) == manifest.ROUNDS
    assert got["availability"] == pytest.approx(expected["availability"],
                                                abs=jitter_bound(times, manifest.INTERVAL_S))
    assert got["samples"] == expected["states"]
    assert got["role"] == manifest.ROLES[role]
    assert sorted(p["code"] for p in got["tls"]["problems"]) == sorted(expected["tls"])
    down = {first + k for first, n, _r in expected["outages"] for k in range(n)}
    assert got["availability"] == pytest.approx(rule_oracle(times, down, manifest.INTERVAL_S), abs=1e-3)
    assert [(o["start"], o["samples"], o["reasons"]) for o in got["outages"]] == [
        (parse_time(times[first]).isoformat(), n, reasons) for first, n, reasons in expected["outages"]]
    for o, (first, n, _r) in zip(got["outages"], expected["outages"], strict=True):
        # an outage ends when the first sample after it is up again
        assert o["end"] == parse_time(times[first + n]).isoformat() and not o["ongoing"]


def test_bands_and_bodies(monitored):
    hosts, _t, _out, data = monitored
    assert by_role(hosts, data, "flaky")["band"]["band"] == "below_baseline"
    assert by_role(hosts, data, "healthy")["band"] == {**by_role(hosts, data, "healthy")["band"],
                                                       "band": "target_met", "baseline": 99.5}
    for key, roles in manifest.BODIES.items():
        body = data["bodies"][key]
        assert body["hosts"] == [hosts.urls[r].rstrip("/") for r in roles]
        worst = min(body["hosts"], key=lambda h: data["hosts"][h]["availability"])
        bound = jitter_bound(host_times(_out, worst), manifest.INTERVAL_S)
        assert body["availability_min"] == pytest.approx(manifest.BODY_MIN[key], abs=bound)
    assert data["formula"].startswith("A = 100 % - downtime / total x 100")


def test_every_fetch_went_through_the_gate(monitored):
    hosts, _t, _out, _data = monitored
    flaky = hosts.hits["flaky"]
    assert flaky["/robots.txt"] == 1  # read once per host, before anything else
    assert flaky["/"] == 2 * manifest.ROUNDS  # HEAD + GET per sample, nothing else
    assert set(flaky) == {"/robots.txt", "/"}


def test_report_page_escapes_hostile_text(monitored):
    hosts, _t, out, data = monitored
    page = (out / "report" / "availability.html").read_text(encoding="utf-8")
    assert HOSTILE_CN not in page and "&lt;script&gt;alert(&#39;cn&#39;)&lt;/script&gt;" in page
    assert page.count("<script") == 1  # ours, admitted by the page's CSP hash
    assert "error page: «Техникалық қате»" in page
    assert f"{by_role(hosts, data, 'flaky')['availability']:.3f}" in page
    wb = load_workbook(out / "report" / "availability.xlsx")
    assert wb.sheetnames == ["availability", "outages"]
    rows = list(wb["outages"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == 2 and rows[0][5] == "HTTP 503"


def test_resume_appends_and_report_only_samples_nothing(monitored, tmp_path):
    hosts, targets, out, _data = monitored
    copy = tmp_path / "run"
    copy.mkdir()
    for name in ("run.sqlite", "availability.json"):
        (copy / name).write_bytes((out / name).read_bytes())
    flaky_before = hosts.hits["flaky"]["/"]
    result = subprocess.run([sys.executable, "-m", "govaudit.cli", "monitor", "--targets", str(targets), "--out",
                             str(copy), "--rounds", "2"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    again = json.loads((copy / "availability.json").read_text(encoding="utf-8"))
    assert by_role(hosts, again, "flaky")["sample_count"] == manifest.ROUNDS + 2
    assert hosts.hits["flaky"]["/"] == flaky_before + 4
    result = subprocess.run([sys.executable, "-m", "govaudit.cli", "monitor", "--targets", str(targets), "--out",
                             str(copy), "--report-only"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and hosts.hits["flaky"]["/"] == flaky_before + 4


def test_ctrl_c_keeps_the_samples_taken(monitored, tmp_path):
    _hosts, targets, _out, _data = monitored
    out = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "govaudit.cli", "monitor", "--targets", str(targets), "--out",
                             str(out), "--interval", "1"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline and count < 10:  # two rounds of five hosts
        time.sleep(0.5)
        if (out / "run.sqlite").exists():
            try:
                db = sqlite3.connect(out / "run.sqlite", timeout=5)
                count = db.execute("SELECT COUNT(*) FROM monitor_samples").fetchone()[0]
                db.close()
            except sqlite3.OperationalError:
                count = 0
    proc.send_signal(signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr[-2000:]
    assert "run the same command again" in stderr
    data = json.loads((out / "availability.json").read_text(encoding="utf-8"))
    assert sum(h["sample_count"] for h in data["hosts"].values()) >= 10


def test_the_audit_report_gets_the_section(monitored, tmp_path):
    """reports/html.py write_report and the workbook pick availability.json up beside an audit's outputs."""
    _hosts, _t, out, _data = monitored
    from reports.availability import availability_tables, write_availability

    assert write_availability(tmp_path, tmp_path / "report") is None  # no availability.json: nothing
    assert availability_tables(tmp_path) == []
    tables = availability_tables(Path(out))
    assert [t.name for t in tables] == ["availability", "outages"] and len(tables[0].rows) == 5
