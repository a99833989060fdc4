"""`govaudit services` end to end in a subprocess against the egov_services fixture, and its bad-input exits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtures.egov_services.serve import EgovServicesFixture, write_catalogue

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def test_services_command_writes_the_run_and_the_report(cli, tmp_path: Path) -> None:
    out = tmp_path / "run"
    with EgovServicesFixture(freeze_s=10) as fx:
        catalogue = write_catalogue(tmp_path / "catalogue.yaml")
        targets = fx.write_targets(tmp_path / "targets.yaml")
        result = cli("services", "--catalogue", str(catalogue), "--targets", str(targets), "--out", str(out),
                     "--only", "fx-residence", "--only", "fx-emission", "--step-timeout-s", "5", timeout=300)
        posts = fx.posts()
    assert result.returncode == 0, result.stderr[-3000:]
    assert posts == []
    data = json.loads((out / "services.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["services"]] == ["fx-residence", "fx-emission"]
    stops = {s["id"]: s["journey"]["stop"]["reason"] for s in data["services"]}
    assert stops == {"fx-residence": "auth_wall", "fx-emission": "handoff_unlisted"}
    assert data["settings"]["step_timeout_s"] == 5.0 and data["scale"] == "services-1"
    shots = sorted((out / "services" / "fx-residence").glob("*.png"))
    assert len(shots) == len(data["services"][0]["journey"]["steps"]) >= 4
    index = (out / "report" / "services.html").read_text(encoding="utf-8")
    assert 'href="services/fx-residence.html"' in index
    passport = (out / "report" / "services" / "fx-emission.html").read_text(encoding="utf-8")
    assert "oos.ecogeo.gov.kz" in passport and "not listed: recorded, not followed" in passport


def test_bad_inputs_exit_2_with_a_message(cli, tmp_path: Path) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text("bodies:\n  b: {names: {ru: Б}, type: central, sites: ['https://b.kz/']}\n", encoding="utf-8")
    bad = tmp_path / "cat.yaml"
    bad.write_text("version: 1\nservices:\n  - {id: x, names: {ru: null}}\n", encoding="utf-8")
    result = cli("services", "--catalogue", str(bad), "--targets", str(targets), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "services.x.names: no official name" in result.stderr and "nothing was run" in result.stderr
    good = write_catalogue(tmp_path / "good.yaml")
    result = cli("services", "--catalogue", str(good), "--targets", str(targets), "--out", str(tmp_path / "o"),
                 "--only", "nope")
    assert result.returncode == 2 and "--only: nope not in the catalogue" in result.stderr
    result = cli("services", "--catalogue", str(good), "--targets", str(targets), "--out", str(targets))
    assert result.returncode == 2 and "is a file, not a directory" in result.stderr
    result = cli("services", "--catalogue", str(good), "--targets", str(targets), "--out", str(tmp_path / "o"),
                 "--budget-s", "nan")
    assert result.returncode == 2 and "positive, finite" in result.stderr
    assert not (tmp_path / "o" / "services.json").exists()
