"""Bad monitor input: a clear message naming the field and the fix, exit 2, nothing sampled."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.errors import InputError
from monitoring.config import load_monitor_targets

BODIES = {"minfin": {"names": {"ru": "Минфин"}, "type": "central", "sites": ["http://127.0.0.1:9/"]}}


def write(tmp_path: Path, monitor) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump({"bodies": BODIES, "monitor": monitor}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("monitor", "expected"), [
    ({"interval_s": 0}, "monitor.interval_s: 0 must be a positive number"),
    ({"interval_s": 0.5}, "monitor.interval_s: 0.5 seconds is out of range"),
    ({"interval_s": "often"}, "monitor.interval_s: 'often' must be a positive number"),
    ({"hostz": []}, "monitor.hostz: unknown field"),
    ({"hosts": [{"url": "https://elicense.kz/", "owner": "x"}]}, "monitor.hosts[0].owner: unknown field"),
    ({"hosts": [{"url": "ftp://elicense.kz/"}]}, "monitor.hosts[0].url: 'ftp://elicense.kz/' is not an http(s) URL"),
    ({"hosts": [{"url": "https://elicense.kz/", "bodies": ["nobody"]}]},
     "monitor.hosts[0].bodies: 'nobody' is not a body in this file"),
    ({"hosts": {"url": "https://elicense.kz/"}}, "monitor.hosts: must be a list"),
    ({"probe": "ping"}, "monitor.probe: 'ping' must be one of head_get, head, get"),
    ({"tls_error_counts_as": "up"}, "monitor.tls_error_counts_as: 'up' must be one of degraded, down"),
    ({"window": "2026-H3"}, "monitor.window: '2026-H3' must be a half-year"),
    ({"ca_file": "missing.pem"}, "monitor.ca_file: 'missing.pem' is not a readable file"),
    ("every hour", "monitor: must be a mapping"),
])
def test_invalid_monitor_section(tmp_path, monitor, expected):
    with pytest.raises(InputError) as info:
        load_monitor_targets(write(tmp_path, monitor))
    assert expected in str(info.value)
    assert "what to do:" in str(info.value)


def test_problems_are_reported_together(tmp_path):
    with pytest.raises(InputError) as info:
        load_monitor_targets(write(tmp_path, {"interval_s": -1, "hostz": 1, "probe": "x"}))
    assert "3 problem(s)" in str(info.value)


def test_defaults_without_a_section(tmp_path):
    targets, cfg = load_monitor_targets(write(tmp_path, None))
    assert cfg.interval_s == 300 and cfg.probe == "head_get" and cfg.hosts == []


@pytest.mark.integration
@pytest.mark.parametrize(("args", "expected"), [
    (["--interval", "0"], "--interval: 0.0 must be a positive number"),
    (["--interval", "0.2"], "--interval: 0.2 seconds is out of range: the interval is 1 to 86400 seconds"),
    (["--interval", "soon"], "--interval: 'soon' must be a positive number"),
    (["--rounds", "0"], "--rounds '0': must be a positive whole number"),
    (["--duration", "-5"], "--duration '-5': must be a positive number of seconds"),
])
def test_cli_bad_options_exit_2(cli, tmp_path, args, expected):
    result = cli("monitor", "--targets", str(write(tmp_path, None)), "--out", str(tmp_path / "run"), *args)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr and "what to do:" in result.stderr
    assert not (tmp_path / "run").exists()  # nothing was sampled or created


@pytest.mark.integration
def test_cli_unknown_host_section_field_exit_2(cli, tmp_path):
    result = cli("monitor", "--targets", str(write(tmp_path, {"hosts": [{"url": "https://x.kz/", "proto": 1}]})),
                 "--out", str(tmp_path / "run"), "--rounds", "1")
    assert result.returncode == 2
    assert "monitor.hosts[0].proto: unknown field" in result.stderr
    assert "Traceback" not in result.stderr
