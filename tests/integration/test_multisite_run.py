"""Issue #13 items 1 and 2 end to end, over real HTTP on loopback: a body whose Kazakh and Russian versions are two
sites (fixtures/bilingual.py) is audited on both, each language row is scored on the site that carries the
language, the report shows both sites; the readings given (one by a deprecated name) reach the audits,
settings.json, scores.json and the report; --resume and `govaudit score` refuse a changed audit reading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from fixtures.bilingual import BODY, KK, LANGUAGE_OF, PAGES, RU
from fixtures.bodies import FIXTURE_BODIES
from fixtures.clock import FIXTURE_NOW_ISO
from fixtures.registry import build_sites, site_bodies
from fixtures.server import FixtureServers
from scoring.ict import site_findings


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from tests.conftest import run_cli

    tmp = tmp_path_factory.mktemp("multisite")
    with FixtureServers(build_sites([KK, RU])) as servers:
        body = {**FIXTURE_BODIES[BODY], **site_bodies(KK, servers.urls)["bodies"][BODY]}
        targets = {"audit": {"clock": FIXTURE_NOW_ISO, "gatherers": [], "settings": {"ict.navigation_depth": 4}},
                   "bodies": {BODY: body}}
        path = tmp / "targets.yaml"
        path.write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
        result = run_cli("run", "--targets", str(path), "--out", str(tmp / "run"), "--no-screenshots",
                         "--setting", "ict.band_boundary=inclusive", timeout=500)
        assert result.returncode == 0, result.stderr[-3000:]
        sites = {name: servers.urls[name] + "/" for name in (KK, RU)}
        resumed_same = run_cli("run", "--resume", str(tmp / "run"), "--no-screenshots", "--setting",
                               "nav_depth_limit=4", timeout=500)
    return {"dir": tmp / "run", "sites": sites, "stderr": result.stderr, "resumed_same": resumed_same}


def _json(run: dict, name: str):
    return json.loads((run["dir"] / name).read_text(encoding="utf-8"))


def test_both_sites_are_audited_and_findings_carry_the_site(run):
    findings = _json(run, "findings.json")
    own = [f for f in findings if f["body"] == BODY]
    for name, url in run["sites"].items():
        mine = [f for f in own if f["site"] == url]
        assert any(f["indicator"] == "a4.2.2" for f in mine), name  # Appendix 4 on each site
        assert any(f["indicator"].startswith("a5.") for f in mine), name  # Appendix 5 on each site


def test_each_language_row_comes_from_the_site_of_that_language(run):
    findings = [f for f in _json(run, "findings.json") if f["body"] == BODY]
    site_of = {LANGUAGE_OF[name]: url for name, url in run["sites"].items()}
    rows = [f for f in findings if f["indicator"].startswith(("a5.", "a6.")) and f.get("lang") in site_of]
    assert {f["lang"] for f in rows} == {"kk", "ru"}
    for f in rows:  # the Kazakh site's Russian rows ("no ru pages") are not kept: the Russian site answers them
        assert f["site"] == site_of[f["lang"]], (f["indicator"], f["lang"], f["site"])
    body = next(b for b in _json(run, "targets.json")["bodies"] if b["key"] == BODY)
    main_site, by_ind, by_lang = site_findings(findings, body)
    assert main_site == site_of["kk"]  # the first listed site answers the Appendix 4 rows
    assert by_ind["a4.2.2"]["site"] == site_of["kk"]
    for (ind, lang), f in by_lang.items():
        if ind.startswith("a5.") and lang in site_of:
            assert f["site"] == site_of[lang], (ind, lang)


def test_scores_combine_both_languages(run):
    scores = _json(run, "scores.json")
    completeness = scores["bodies"][BODY]["ict"]["criteria"]["a3.1"]
    text = json.dumps(completeness, ensure_ascii=False)
    assert '"kk"' in text and '"ru"' in text  # both language tables are scored


def test_depths_keep_the_pages_of_both_sites(run):
    depths = _json(run, "depths.json")[BODY]
    for name, url in run["sites"].items():
        base = url.rstrip("/")
        pages = {u[len(base):]: d for u, d in depths.items() if d["site"] == url}
        assert set(PAGES[name]) <= set(pages), name
        assert pages["/"]["all"] == 0


def test_the_report_shows_both_sites(run):
    page = (run["dir"] / "report" / "bodies" / f"{BODY}.html").read_text(encoding="utf-8")
    for url in run["sites"].values():
        assert url.rstrip("/") in page


def test_readings_are_one_name_space_end_to_end(run):
    assert "ict.navigation_depth is deprecated" in run["stderr"]
    applied = _json(run, "settings.json")["readings"]
    assert applied["nav_depth_limit"]["value"] == 4 and applied["nav_depth_limit"]["applied_by"] == "audits"
    scored = _json(run, "scores.json")["settings"]
    assert scored["nav_depth_limit"]["value"] == 4 and "ict.navigation_depth" not in scored
    assert scored["ict.band_boundary"]["value"] == "inclusive"
    nav = next(f for f in _json(run, "findings.json") if f["indicator"] == "a4.2.2")
    assert "4" in nav["reading"]
    index = (run["dir"] / "report" / "index.html").read_text(encoding="utf-8")
    assert "nav_depth_limit" in index and "ict.navigation_depth" not in index


def test_resume_with_the_same_reading_goes_on(run):
    assert run["resumed_same"].returncode == 0, run["resumed_same"].stderr[-3000:]


def test_resume_with_a_changed_reading_is_refused(run, cli):
    before = (run["dir"] / "findings.json").read_bytes()
    result = cli("run", "--resume", str(run["dir"]), "--no-screenshots", "--setting", "nav_depth_limit=5")
    assert result.returncode == 2, result.stderr[-3000:]
    assert "--resume keeps the readings the run started with (nav_depth_limit=4)" in result.stderr
    assert "Traceback" not in result.stderr
    assert (run["dir"] / "findings.json").read_bytes() == before  # nothing was run


def test_score_refuses_an_audit_reading_but_takes_a_scoring_one(run, cli):
    refused = cli("score", str(run["dir"]), "--setting", "nav_depth_limit=5")
    assert refused.returncode == 2 and "applied by the audits or gatherers" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    ok = cli("score", str(run["dir"]), "--setting", "ict.band_boundary=strict")
    assert ok.returncode == 0, ok.stderr[-3000:]
    scored = _json(run, "scores.json")["settings"]
    assert scored["ict.band_boundary"]["value"] == "strict" and scored["nav_depth_limit"]["value"] == 4


def test_unknown_setting_names_near_matches(tmp_path, cli):
    targets = tmp_path / "t.yaml"
    targets.write_text(yaml.safe_dump({"bodies": {"b": {"names": {"ru": "b"}, "type": "central",
                                                         "sites": ["http://127.0.0.1:9/"]}}}), encoding="utf-8")
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--setting", "nav_dept_limit=3")
    assert result.returncode == 2
    assert "unknown setting 'nav_dept_limit' (did you mean nav_depth_limit" in result.stderr
    assert not Path(tmp_path / "run" / "run.sqlite").exists()
