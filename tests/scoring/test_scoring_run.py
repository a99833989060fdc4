"""score_run as a whole: committees (para 17), not-assessed handling, transfers, reorganisations, rankings,
settings, and the `govaudit score` / `govaudit input-template` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import InputError
from core.findings import finding
from govaudit.cli import main
from scoring.api import score_run
from tests.scoring.helpers import (
    a4_findings,
    all_max_openness,
    body,
    coefficient,
    full_ict_input,
    full_site,
    node,
    section_findings,
    targets,
)


def test_committee_averaging_para_17():
    """A separate-site committee is averaged on accessibility and completeness; a section committee on
    completeness only; the mobile version is the CSO's alone."""
    t = targets(
        body("m"),
        body("k1", "committee", parent="m", form="separate_site"),
        body("k2", "committee", parent="m", form="section", site="http://m.test/k2"),
    )
    f = (
        full_site("m")
        + a4_findings("k1", {"a4.2.4": 0, "a4.2.6": 0})  # k1: 8/10 -> 4
        + section_findings("k1", "appendix5", "cso", {"kk": 0.5, "ru": 0.5})  # k1: 5
        + section_findings("k2", "appendix5", "cso", {"kk": 0.2, "ru": 0.2})  # k2: 2
        + a4_findings("k2", {"a4.2.4": 0})
    )  # ignored: section form
    doc = score_run(t, f, {}, {"m": full_ict_input()})
    m = doc["bodies"]["m"]["ict"]
    assert node(m, "a3.1.1")["points"] == pytest.approx((5 + 4) / 2)
    assert node(m, "a3.1.2")["points"] == pytest.approx((10 + 5 + 2) / 3)
    assert node(m, "a3.1.3")["points"] == pytest.approx(5)
    assert set(m["rollup"]) == {"k1", "k2"} and "a3.1.1" not in m["rollup"]["k2"]
    assert doc["bodies"]["k1"]["ict"]["rolled_up_into"] == "m"
    other = score_run(
        t, f, {}, {"m": full_ict_input()}, {"ict.committee_averaging": "cso_and_committee_mean"}
    )
    assert node(other["bodies"]["m"]["ict"], "a3.1.2")["points"] == pytest.approx((10 + (5 + 2) / 2) / 2)


def test_missing_findings_are_not_zero_or_full():
    """Two Appendix 4 rows not assessed: the parameter reports the assessed points, the assessable maximum and
    lists what was missing."""
    f = a4_findings("c", skip=("a4.3.2", "a4.3.4"))
    f.append(
        finding(
            body="c",
            site="http://c.test/",
            lang=None,
            indicator="a4.3.4",
            verdict="not_assessed",
            points=None,
            max_points=0.2,
            reading="not implemented",
        )
    )
    n = node(score_run(targets(body("c")), f, {}, {})["bodies"]["c"]["ict"], "a3.1.1")
    assert n["status"] == "partial"
    assert n["points"] == pytest.approx(9.6 / 10 * 5)
    assert n["assessable_max"] == pytest.approx(9.6 / 10 * 5)
    assert set(n["not_assessed"]) == {"a4.3.2", "a4.3.4"}


def test_nothing_assessed_is_not_assessed():
    doc = score_run(targets(body("c")), [], {}, {})
    ict = doc["bodies"]["c"]["ict"]
    for cid, crit in ict["criteria"].items():
        assert crit["status"] == "not_assessed" and crit["points"] is None, cid
    assert ict["total"]["points"] is None
    assert doc["bodies"]["c"]["openness"]["total"]["status"] == "not_assessed"
    assert "rankings" not in doc["bodies"]["c"]


def test_mobile_coefficient_and_link_back():
    f = section_findings("c", "appendix6", "cso", {"kk": 20 / 25, "ru": 22.5 / 25}) + [
        coefficient("c", 3, False)
    ]
    assert node(score_run(targets(body("c")), f, {}, {})["bodies"]["c"]["ict"], "a3.1.3")[
        "points"
    ] == pytest.approx(1.55)
    f0 = [coefficient("c", 0, False)]
    n0 = node(score_run(targets(body("c")), f0, {}, {})["bodies"]["c"]["ict"], "a3.1.3")
    assert n0["points"] == 0 and n0["status"] == "scored"


def test_integration_not_required_moves_weight_to_42():
    inp = full_ict_input()
    inp["ict"]["integration"] = {"required": False, "systems_due": 4, "systems_late": 1}
    inp["ict"]["automation"].update(functions_partial=0, functions_full=10)
    ict = score_run(targets(body("c")), full_site("c"), {}, {"c": inp})["bodies"]["c"]["ict"]
    assert node(ict, "a3.2")["status"] == "not_applicable"
    n42 = node(ict, "a3.4.2")
    assert n42["max_points"] == 35 and n42["points"] == pytest.approx(35 - 0.25)  # minus m = 1/4
    assert node(ict, "a3.4")["max_points"] == 60
    assert ict["total"]["points"] == pytest.approx(100 - 0.25)
    plain = score_run(
        targets(body("c")), full_site("c"), {}, {"c": inp}, {"ict.no_integration_transfer": "add_weight"}
    )["bodies"]["c"]["ict"]
    assert plain["total"]["points"] == pytest.approx(100)


def test_no_departmental_is_para_31():
    inp = full_ict_input()
    inp["ict"]["integration"] = {"required": True, "no_departmental_is": True}
    inp["ict"]["automation"]["all_functions_fully_automated"] = False
    assert (
        node(score_run(targets(body("c")), [], {}, {"c": inp})["bodies"]["c"]["ict"], "a3.2")["points"] == 0
    )
    inp["ict"]["automation"]["all_functions_fully_automated"] = True
    ict = score_run(targets(body("c")), [], {}, {"c": inp})["bodies"]["c"]["ict"]
    assert node(ict, "a3.2")["points"] == 20 and node(ict, "a3.4.1")["points"] == 20


def test_band_boundary_setting_a27():
    inp = full_ict_input()
    inp["ict"]["open_npa"] = {"draft_laws_planned": 10, "draft_laws_published": 7, "comments_total": 0}
    strict = node(score_run(targets(body("c")), [], {}, {"c": inp})["bodies"]["c"]["ict"], "a3.5.4.1")
    assert strict["points"] == 0
    incl = score_run(targets(body("c")), [], {}, {"c": inp}, {"ict.band_boundary": "inclusive"})
    assert node(incl["bodies"]["c"]["ict"], "a3.5.4.1")["points"] == 0.5
    assert node(incl["bodies"]["c"]["ict"], "a3.5.4.2")["points"] == 1.5  # no comments -> 1.5


def test_ict_portal_figures_side_by_side():
    inp = full_ict_input()
    inp["ict"]["open_dialogue"] = {"blog_questions": 10, "blog_answered": 10}
    metrics = {
        "c": {
            "dialog": {
                "kk": {
                    "questions": {"value": 4, "evidence": ["http://d/kk"]},
                    "answered": {"value": 2, "evidence": []},
                },
                "ru": {
                    "questions": {"value": 8, "evidence": ["http://d/ru"]},
                    "answered": {"value": 6, "evidence": []},
                },
            }
        }
    }
    ict = score_run(targets(body("c")), [], metrics, {"c": inp})["bodies"]["c"]["ict"]
    n = node(ict, "a3.5.5")
    q = [f for f in n["figures"] if f["figure"] == "questions"][0]
    # one blog seen in two interface languages: the body-level count is the ru one (8), never kk + ru (12)
    assert (q["agency"], q["measured"], q["differs"], q["used"]) == (10, 8, True, "measured")
    assert q["evidence"] == ["http://d/ru"]
    assert any("questions: 10 vs 8" in flag for flag in n["flags"])
    assert node(ict, "a3.5.5.1")["points"] == 0  # 6/8 = 75%: not above 75% -> 0
    trusting = score_run(
        targets(body("c")), [], metrics, {"c": inp}, {"ict.portal_figures": "agency_then_measured"}
    )
    assert node(trusting["bodies"]["c"]["ict"], "a3.5.5.1")["points"] == 2  # 10/10
    # no agency figure at all: the measured one is used
    del inp["ict"]["open_dialogue"]
    fallback = score_run(targets(body("c")), [], metrics, {"c": inp})
    assert node(fallback["bodies"]["c"]["ict"], "a3.5.5.1")["inputs"]["questions"] == 8


def test_reorganisation_and_rankings():
    t = targets(body("a"), body("b"), body("c"), body("old"), body("gone"), body("l", "local"))
    inputs = {k: {**full_ict_input(), **all_max_openness()} for k in ("a", "b", "c", "old", "gone")}
    inputs["b"]["report"] = {"submitted_late": True, "incomplete": False, "false_facts": 0}
    inputs["old"]["reorganisation"] = {"status": "reorganised", "half": 1, "successor": "a"}
    inputs["gone"]["reorganisation"] = {"status": "liquidated", "half": 2, "successor": "c"}
    f = full_site("a") + full_site("b") + full_site("old") + full_site("gone")
    doc = score_run(t, f, {}, inputs)
    ranks = {r["body"]: r["rank"] for r in doc["rankings"]["ict"]["central"]}
    assert ranks == {"a": 1, "b": 2, "c": 3}
    assert doc["bodies"]["a"]["rankings"]["ict"] == {"rank": 1, "of": 3, "among": "central", "complete": True}
    assert doc["bodies"]["c"]["rankings"]["ict"]["complete"] is False  # c has no site findings
    openness_ranks = {r["body"]: r["rank"] for r in doc["rankings"]["openness"]["central"]}
    assert openness_ranks == {"a": 1, "b": 1, "c": 1}  # ties share the rank
    assert doc["bodies"]["a"]["includes_reorganised"] == ["old"]
    assert doc["bodies"]["old"]["reorganisation"]["treatment"] == "merged_into_successor"
    assert doc["bodies"]["gone"]["ict"]["status"] == "not_assessed"
    assert doc["bodies"]["gone"]["recommendations_only"]["ict"]["total"]["points"] == pytest.approx(100)
    assert doc["bodies"]["c"]["recommendations_from"] == ["gone"]
    assert "l" not in [r["body"] for rows in doc["rankings"]["ict"].values() for r in rows]


def test_settings_block_names_every_reading():
    doc = score_run(targets(body("c")), [], {}, {}, {"ict.search_engine_names": "mean"})
    s = doc["settings"]
    ict_ids = {v["ambiguity"] for v in s.values() if v["methodology"].startswith("ict")}
    assert {f"A-{i}" for i in range(1, 40)} <= ict_ids
    open_ids = {v["ambiguity"] for v in s.values() if v["methodology"].startswith("openness")}
    assert {f"A-{i}" for i in range(1, 29)} <= open_ids
    assert s["ict.search_engine_names"]["value"] == "mean" and not s["ict.search_engine_names"]["is_default"]
    assert s["ict.completeness_defect_cap"]["reading"].startswith("0.1 per defect")
    assert [m["id"] for m in doc["methodologies"]] == ["ict-1279", "openness-2020"]


def test_bad_settings_are_one_clear_error():
    with pytest.raises(InputError) as err:
        score_run(
            targets(body("c")),
            [],
            {},
            {},
            {"ict.nope": 1, "ict.band_boundary": "loose", "open.overall_weights": "{openness: -1}"},
        )
    msg = str(err.value)
    assert "unknown setting 'ict.nope'" in msg
    assert "ict.band_boundary: 'loose' is not one of strict, inclusive" in msg
    assert "open.overall_weights" in msg


# --- command line ----------------------------------------------------------------------------------------


def _run_dir(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    run.mkdir()
    t = targets(body("m"), body("k", "committee", parent="m", form="subdomain"), body("l", "local"))
    (run / "targets.json").write_text(json.dumps(t), encoding="utf-8")
    (run / "findings.json").write_text(json.dumps(full_site("m") + full_site("l", "leb")), encoding="utf-8")
    (run / "metrics.json").write_text(
        json.dumps({"m": {"dialog": {"ru": {"questions": {"value": 3}}}}}), encoding="utf-8"
    )
    return run


def test_cli_score_writes_scores_json(tmp_path: Path):
    run = _run_dir(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    assert (
        main(
            [
                "input-template",
                "--targets",
                str(_targets_yaml(tmp_path)),
                "--body",
                "l",
                "--out",
                str(inputs / "l.yaml"),
            ]
        )
        == 0
    )
    (inputs / "m.yaml").write_text(
        "report: {submitted_late: true, incomplete: false, false_facts: 0}\n", encoding="utf-8"
    )
    assert main(["score", str(run), "--inputs", str(inputs), "--setting", "ict.band_boundary=inclusive"]) == 0
    doc = json.loads((run / "scores.json").read_text(encoding="utf-8"))
    assert doc["settings"]["ict.band_boundary"]["value"] == "inclusive"
    assert doc["bodies"]["m"]["ict"]["penalties"]["points"] == pytest.approx(1.5)
    assert doc["bodies"]["l"]["ict"]["criteria"]["a3.1"]["points"] == pytest.approx(20)
    assert doc["run"]["metrics"] is True


def _targets_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(
        "bodies:\n  l: {names: {ru: L}, type: local, sites: ['http://l.test/']}\n", encoding="utf-8"
    )
    return path


def test_cli_errors_are_clear(tmp_path: Path, capsys):
    assert main(["score", str(tmp_path)]) == 2
    assert "is not a run directory (no targets.json)" in capsys.readouterr().err
    run = _run_dir(tmp_path)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "zz.yaml").write_text("x: 1\n", encoding="utf-8")
    assert main(["score", str(run), "--inputs", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "zz.yaml: no body 'zz' in the targets" in err and "Traceback" not in err
    assert main(["score", str(run), "--setting", "nonsense"]) == 2
    assert (
        main(
            [
                "input-template",
                "--targets",
                str(_targets_yaml(tmp_path)),
                "--body",
                "nope",
                "--out",
                str(tmp_path / "nope.xlsx"),
            ]
        )
        == 2
    )
    assert "no body 'nope'" in capsys.readouterr().err
    (run / "findings.json").write_text("{broken", encoding="utf-8")
    assert main(["score", str(run)]) == 2
    assert "findings.json is not valid JSON" in capsys.readouterr().err


def test_language_versions_on_separate_sites_and_summed_defects():
    b = body("c")
    b["sites"] = ["http://c.test/ru/", "http://c.test/kk/"]
    kk = [f for f in section_findings("c", "appendix5", "cso", site="http://c.test/kk/", defects={"kk": 2})]
    ru = [f for f in section_findings("c", "appendix5", "cso", site="http://c.test/ru/", defects={"ru": 1})]
    extra = section_findings(
        "c", "appendix5", "cso", {"kk": 0, "ru": 0}, site="http://c.test/kk/", defects={"kk": 1}
    )
    extra = [f for f in extra if f["indicator"] == "a5.defects"]  # a second defect finding for kk
    n = node(score_run(targets(b), kk + ru + extra, {}, {})["bodies"]["c"]["ict"], "a3.1.2")
    assert n["status"] == "scored"
    assert n["inputs"]["defects"] == {"kk": 3, "ru": 1}
    assert n["points"] == pytest.approx(10 - 0.4)


def test_score_directory_uses_run_inputs_by_default(tmp_path: Path):
    from scoring.rundir import score_directory

    run = _run_dir(tmp_path)
    (run / "inputs").mkdir()
    (run / "inputs" / "m.yaml").write_text("report: {submitted_late: true}\n", encoding="utf-8")
    doc = json.loads(score_directory(run).read_text(encoding="utf-8"))
    assert doc["run"]["inputs_dir"] == str(run / "inputs")
    assert doc["bodies"]["m"]["ict"]["penalties"]["points"] == pytest.approx(1.5)
