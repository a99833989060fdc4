"""The gather job plan (the contract with the distributed engine) and the progress/ETA lines."""

from __future__ import annotations

import json
import logging

import pytest

from core.errors import GovauditError, InputError
from core.log import Progress, configure_logging, eta_seconds, log
from core.targets import Body, Targets
from govaudit.gather import gather_mode
from govaudit.gather_jobs import GOVKZ_LANE, RUN, Job, depends_on, lanes_of, plan_jobs
from govaudit.gather_scheduler import lanes


def _targets() -> Targets:
    return Targets(bodies=[
        Body(key="a", names={"ru": "А"}, type="central", sites=["http://127.0.0.2:1/", "http://127.0.0.2:2/"]),
        Body(key="g", names={"ru": "Г"}, type="central", sites=["http://127.0.0.1:3/e/g"], platform="govkz",
             portal_ids={"govkz": "g"}),
        Body(key="b", names={"ru": "Б"}, type="committee", parent="a", committee_form="separate_site",
             sites=["http://127.0.0.3:1/"]),
    ])


def test_plan_has_every_job_once_and_dependencies_first():
    targets = _targets()
    jobs = plan_jobs(targets)
    assert len(jobs) == len(set(jobs))
    assert Job("a", "http://127.0.0.2:2/", "crawl") in jobs and Job("g", None, "govkz") in jobs
    assert Job(RUN, None, "portals") in jobs
    assert not any(j.stage == "crawl" and j.body == "g" for j in jobs)  # gov.kz bodies are not crawled by Scrapy
    for i, job in enumerate(jobs):
        for dep in depends_on(job, targets):
            assert dep in jobs[:i], (job, dep)


def test_dependencies_follow_the_store_rules():
    targets = _targets()
    second = Job("a", "http://127.0.0.2:2/", "crawl")
    assert depends_on(second, targets) == [Job("a", "http://127.0.0.2:1/", "crawl")]
    assert set(depends_on(Job("a", "http://127.0.0.2:1/", "gatherers"), targets)) == {
        Job("a", "http://127.0.0.2:1/", "crawl"), second}
    assert depends_on(Job("g", "http://127.0.0.1:3/e/g", "gatherers"), targets) == [Job("g", None, "govkz")]
    assert {j.body for j in depends_on(Job(RUN, None, "portals"), targets)} == {"a", "b"}
    assert depends_on(Job("g", None, "govkz"), targets) == []


def test_every_job_that_loads_govkz_holds_its_one_slot_lane():
    targets = _targets()
    held = {job: lanes_of(job, targets) for job in plan_jobs(targets)}
    assert held[Job("g", None, "govkz")] == ("browser", GOVKZ_LANE)
    assert held[Job("g", "http://127.0.0.1:3/e/g", "gatherers")] == ("browser", GOVKZ_LANE)
    assert held[Job("a", "http://127.0.0.2:1/", "gatherers")] == ("browser",)
    assert held[Job("a", "http://127.0.0.2:1/", "crawl")] == ("crawl",)
    assert lanes(2)[GOVKZ_LANE] == 1


def test_jobs_round_trip_as_json_and_bad_ones_are_named():
    job = Job("a", "http://127.0.0.2:1/", "gatherers")
    assert Job.from_dict(json.loads(json.dumps(job.to_dict()))) == job
    with pytest.raises(GovauditError, match="unknown gather job stage 'paint'"):
        Job.from_dict({"body": "a", "site": None, "stage": "paint"})
    with pytest.raises(GovauditError, match="body 'zz'"):
        depends_on(Job("zz", "x", "crawl"), _targets())


def test_gather_mode_setting(monkeypatch):
    monkeypatch.delenv("GOVAUDIT_GATHER", raising=False)
    assert gather_mode(Targets(bodies=[])) == "overlapped"
    assert gather_mode(Targets(bodies=[], audit={"gather_mode": "sequential"})) == "sequential"
    with pytest.raises(InputError, match="audit.gather_mode: 'fast'"):
        gather_mode(Targets(bodies=[], audit={"gather_mode": "fast"}))


def test_eta():
    assert eta_seconds(0, 10, 5) is None
    assert eta_seconds(2, 10, 4.0) == 16.0
    assert eta_seconds(10, 10, 4.0) == 0.0


def test_progress_json_lines_carry_stage_and_overall_eta(capsys):
    configure_logging(json_lines=True)
    try:
        overall = Progress("gather", 4, interval=0)
        crawl = Progress("crawl", 2, interval=0, parent=overall)
        crawl.step("a")
        crawl.step("b")
    finally:
        log.handlers[:] = [logging.NullHandler()]
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    stages = [(rec["stage"], rec["done"], rec["total"]) for rec in lines]
    assert stages == [("crawl", 1, 2), ("gather", 1, 4), ("crawl", 2, 2), ("gather", 2, 4)]
    assert all("eta_s" in rec and "elapsed_s" in rec for rec in lines)
    assert lines[-1]["eta_s"] is not None


def test_command_line_overrides_of_the_budget(monkeypatch):
    import argparse

    from govaudit.gather_options import GATHER_ENV, POLITENESS_ENV, add_gather_options, politeness_settings

    monkeypatch.setenv(POLITENESS_ENV, "")  # the options write os.environ: restored after the test
    monkeypatch.setenv(GATHER_ENV, "")
    parser = argparse.ArgumentParser()
    add_gather_options(parser)
    parser.parse_args(["--sequential", "--politeness", "rate=2", "--politeness", "hosts.www.gov.kz.concurrency=1"])
    import os

    assert os.environ[GATHER_ENV] == "sequential"
    merged = politeness_settings({"politeness": {"rate": 5, "concurrency": 3, "hosts": {"www.gov.kz": {"rate": 1}}}})
    assert merged == {"rate": 2, "concurrency": 3, "hosts": {"www.gov.kz": {"rate": 1, "concurrency": 1}}}
    with pytest.raises(InputError, match="is not NAME=VALUE"):
        parser.parse_args(["--politeness", "fast"])


def test_bad_budget_in_the_targets_file_stops_before_anything_runs(tmp_path):
    import yaml

    from tests.conftest import run_cli

    targets = tmp_path / "targets.yaml"
    targets.write_text(yaml.safe_dump({
        "audit": {"politeness": {"rate": -1, "hosts": {"www.gov.kz": {"concurrency": 0}}}, "browser_workers": 0},
        "bodies": {"a": {"names": {"ru": "А"}, "type": "central", "sites": ["http://127.0.0.1:9/"]}}}))
    result = run_cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), timeout=120)
    assert result.returncode == 2, result.stderr[-2000:]
    for field in ("audit.politeness.rate", "audit.politeness.hosts.www.gov.kz.concurrency", "audit.browser_workers"):
        assert field in result.stderr
    assert not (tmp_path / "run" / "run.sqlite").exists()
