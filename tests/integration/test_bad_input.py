"""Broken sites and bad files: a clear message, an `error` finding saying why, and the run goes on."""

from __future__ import annotations

import json
import socket
import sqlite3

import pytest
import yaml

from fixtures.server import FixtureServers, Request, Response

pytestmark = pytest.mark.integration


class BrokenSite:
    """Home pages that fail in the ways real sites do."""

    def __init__(self, name: str, home: Response) -> None:
        self.name, self.host, self._home = name, f"{name}.example", home

    def handle(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return Response.not_found()
        return self._home


GOOD_HOME = ("<html lang='ru'><head><title>Сайт</title></head><body><nav class='menu'><a href='/a'>A</a>"
             "<a href='/b'>B</a><a href='/c'>C</a></nav></body></html>")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_broken_sites_become_error_findings_and_the_run_goes_on(tmp_path, cli):
    sites = [BrokenSite("s500", Response.text("oops", status=500)),
             BrokenSite("s404", Response.not_found()),
             BrokenSite("pdf", Response(body=b"%PDF-1.4\n%%EOF", content_type="application/pdf")),
             BrokenSite("good", Response.text(GOOD_HOME))]
    with FixtureServers(sites) as servers:
        bodies = {name: {"names": {"ru": name}, "type": "central", "sites": [url + "/"]}
                  for name, url in servers.urls.items()}
        bodies["down"] = {"names": {"ru": "down"}, "type": "local", "sites": [f"http://127.0.0.1:{_free_port()}/"]}
        targets = tmp_path / "targets.yaml"
        targets.write_text(yaml.safe_dump({"audit": {"gatherers": []}, "bodies": bodies}), encoding="utf-8")
        result = cli("--quiet", "run", "--targets", str(targets), "--out", str(tmp_path / "run"),
                     "--no-screenshots", timeout=300)
    bodies = set(bodies)
    assert result.returncode == 0, result.stderr
    findings = json.loads((tmp_path / "run" / "findings.json").read_text())
    nav = {f["body"]: f for f in findings if f["indicator"] == "a4.2.2"}
    assert "HTTP 500" in nav["s500"]["note"] and nav["s500"]["verdict"] == "error"
    assert "HTTP 404" in nav["s404"]["note"]
    assert "not HTML" in nav["pdf"]["note"]
    assert "could not be fetched" in nav["down"]["note"]
    assert nav["good"]["verdict"] in ("pass", "fail")  # audited normally despite the broken neighbours
    assert all(f["points"] is None for f in findings if f["verdict"] in ("error", "not_assessed"))
    assert (tmp_path / "run" / "report" / "index.html").exists()
    # every site's crawl is marked finished, so a resumed run would not crawl any of them again
    db = sqlite3.connect(tmp_path / "run" / "run.sqlite")
    done = {body for body, stage, status in db.execute("SELECT body, stage, status FROM progress")
            if stage.startswith("crawl:") and status == "done"}
    assert done == set(bodies)


def test_invalid_targets_file_names_the_field_and_runs_nothing(tmp_path, cli):
    targets = tmp_path / "targets.yaml"
    targets.write_text("bodies:\n  x:\n    names: {ru: X}\n    type: ministry\n    sites: [nope]\n")
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"))
    assert result.returncode == 2
    assert "bodies.x.type" in result.stderr and "bodies.x.sites[0]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "run" / "run.sqlite").exists()


def test_not_a_run_dir(tmp_path, cli):
    result = cli("audit", str(tmp_path))
    assert result.returncode == 2 and "not a govaudit run directory" in result.stderr


# -- honest exits (issue #11): every bad input gets its own message, a non-zero exit and no traceback ----------


def _write_targets(path, *, audit=None, bodies=None, site="http://127.0.0.1:9/"):
    bodies = bodies or {"minfin": {"names": {"ru": "Минфин"}, "type": "central", "sites": [site]}}
    path.write_text(yaml.safe_dump({"audit": {"gatherers": [], **(audit or {})}, "bodies": bodies},
                                   allow_unicode=True), encoding="utf-8")
    return path


def assert_fails_cleanly(result, *expected: str, code: int = 2) -> None:
    """The command failed with `code`, its message holds every `expected` text, and no traceback was printed."""
    assert result.returncode == code, result.stderr[-3000:]
    for text in expected:
        assert text in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr


def test_crashing_crawler_fails_the_run_names_the_stage_and_still_reports(tmp_path, cli):
    # a class path that imports but is no stats collector: no type check can catch it, the crawler child dies
    with FixtureServers([BrokenSite("good", Response.text(GOOD_HOME))]) as servers:
        targets = _write_targets(tmp_path / "t.yaml", audit={"scrapy_settings": {"STATS_CLASS": "builtins.object"}},
                                 site=servers.urls["good"] + "/")
        result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots",
                     timeout=300)
    assert_fails_cleanly(result, "the crawl stage failed", "TypeError", "govaudit run --resume DIR", code=3)
    run = tmp_path / "run"
    findings = json.loads((run / "findings.json").read_text())
    nav = [f for f in findings if f["indicator"] == "a4.2.2"]
    assert nav and nav[0]["verdict"] == "error"
    assert (run / "report" / "index.html").exists() and (run / "scores.json").exists()
    notes = json.loads((run / "notes.json").read_text())
    assert any(n["stage"] == "crawl-failure" and n["level"] == "error" and "TypeError" in n["message"]
               for n in notes)


def test_crawl_stopped_by_its_page_cap_is_not_a_failure(tmp_path, cli):
    with FixtureServers([BrokenSite("good", Response.text(GOOD_HOME))]) as servers:
        targets = _write_targets(tmp_path / "t.yaml", audit={"max_pages_per_site": 1},
                                 site=servers.urls["good"] + "/")
        result = cli("--quiet", "run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots",
                     timeout=300)
    assert result.returncode == 0, result.stderr
    notes = json.loads((tmp_path / "run" / "notes.json").read_text())
    assert any("page cap of 1 reached" in n["message"] for n in notes)


@pytest.mark.parametrize(("setting", "expected"), [
    ({"DOWNLOAD_TIMEOUT": "abc"}, "audit.scrapy_settings.DOWNLOAD_TIMEOUT: 'abc' must be a positive number"),
    ({"CONCURRENT_REQUESTS": -5}, "audit.scrapy_settings.CONCURRENT_REQUESTS: -5 must be a positive whole number"),
    ({"DOWNLOADER_MIDDLEWARES": {"nope.Middleware": 100}},
     "audit.scrapy_settings.DOWNLOADER_MIDDLEWARES: 'nope.Middleware' cannot be imported"),
])
def test_bad_scrapy_setting_is_named_before_anything_runs(tmp_path, cli, setting, expected):
    targets = _write_targets(tmp_path / "t.yaml", audit={"scrapy_settings": setting})
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots")
    assert_fails_cleanly(result, expected, "nothing was run")
    assert not (tmp_path / "run" / "run.sqlite").exists()


def _stored_run(run_dir):
    from core.targets import parse_targets
    from crawler.store import RunStore

    run_dir.mkdir()
    store = RunStore.in_dir(run_dir)
    store.set_meta("targets", parse_targets(yaml.safe_load(_write_targets(run_dir / "t.yaml").read_text()))
                   .to_dict())
    for i in range(40):  # enough pages that cutting the file in half cuts the tables
        store.put_page(body="minfin", site="http://127.0.0.1:9/", url=f"http://127.0.0.1:9/{i}", status=200,
                       content=bytes(range(256)) * 40 * (i + 1))
    store.close()
    (run_dir / "findings.json").write_text("[]")
    return run_dir / "run.sqlite"


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
@pytest.mark.parametrize("command", [["audit"], ["run", "--no-screenshots", "--resume"]])
def test_damaged_run_store_is_named_and_left_in_place(tmp_path, cli, damage, command):
    store = _stored_run(tmp_path / "run")
    data = store.read_bytes()
    store.write_bytes(b"\x00garbage" * 512 if damage == "garbage" else data[: len(data) // 2])
    before = store.read_bytes()
    result = cli(*command, str(tmp_path / "run"))
    assert_fails_cleanly(result, f"the run store {store}", "damaged or truncated", "nothing was deleted", ".recover",
                   "--out NEW_DIR")
    assert store.read_bytes() == before  # nothing collected was rewritten or deleted
    assert (tmp_path / "run" / "findings.json").read_text() == "[]"


def test_truncated_findings_json_is_named_for_report(tmp_path, cli):
    run = tmp_path / "run"
    run.mkdir()
    (run / "targets.json").write_text(json.dumps({"bodies": []}))
    (run / "findings.json").write_text('[{"body": "minfin", "indicator": "a4.2.2", "verd')
    result = cli("report", str(run))
    assert_fails_cleanly(result, f"{run / 'findings.json'} is damaged or truncated", "govaudit audit DIR")


@pytest.mark.parametrize("where", ["under-a-file", "proc", "a-file"])
def test_unusable_out_directory_is_named(tmp_path, cli, where):
    (tmp_path / "file").write_text("x")
    out = {"under-a-file": tmp_path / "file" / "run", "proc": "/proc/govaudit-run", "a-file": tmp_path / "file"}[where]
    targets = _write_targets(tmp_path / "t.yaml")
    result = cli("run", "--targets", str(targets), "--out", str(out), "--no-screenshots")
    assert_fails_cleanly(result, f"--out {out}", "nothing was run")
    assert any(why in result.stderr for why in ("cannot create or write the run directory",
                                                "cannot create the run directory", "is not a directory"))


def test_unwritable_template_out_is_named(tmp_path, cli):
    (tmp_path / "file").write_text("x")
    targets = _write_targets(tmp_path / "t.yaml")
    out = tmp_path / "file" / "minfin.yaml"
    result = cli("input-template", "--targets", str(targets), "--body", "minfin", "--out", str(out))
    assert_fails_cleanly(result, f"--out {out}: {tmp_path / 'file'} is a file, not a directory")


def _scorable_run(run_dir):
    run_dir.mkdir()
    (run_dir / "targets.json").write_text(json.dumps(
        {"bodies": [{"key": "minfin", "type": "central", "names": {"ru": "Минфин"}, "sites": []}]}))
    (run_dir / "findings.json").write_text("[]")
    (run_dir / "inputs").mkdir()
    return run_dir / "inputs" / "minfin.yaml"


def test_cp1251_agency_input_is_read_and_says_so(tmp_path, cli):
    _scorable_run(tmp_path / "run").write_bytes('# Отчёт\nbody: minfin\nperiod: "2025 год"\n'.encode("cp1251"))
    result = cli("score", str(tmp_path / "run"))
    assert result.returncode == 0, result.stderr
    assert "minfin.yaml is not UTF-8: read it as Windows-1251" in result.stderr
    assert "Traceback" not in result.stderr


def test_agency_input_of_uncertain_code_page_is_refused(tmp_path, cli):
    _scorable_run(tmp_path / "run").write_bytes("# Қаржы министрлігі\nbody: minfin\n".encode("kz1048"))
    result = cli("score", str(tmp_path / "run"))
    assert_fails_cleanly(result, "minfin.yaml: not UTF-8 text (byte 0x8d at line 1)", "save the file as UTF-8")


@pytest.mark.parametrize("value", [".inf", ".nan", "-1", "2.5"])
def test_page_cap_that_is_not_a_finite_count_is_refused(tmp_path, cli, value):
    targets = tmp_path / "t.yaml"
    targets.write_text(f"audit: {{max_pages_per_site: {value}}}\nbodies:\n  minfin: {{names: {{ru: M}}, "
                       "type: central, sites: ['http://127.0.0.1:9/']}\n")
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots")
    assert_fails_cleanly(result, "audit.max_pages_per_site:", "positive whole number")
    assert not (tmp_path / "run" / "run.sqlite").exists()


def test_nan_time_cap_is_refused(tmp_path, cli):
    targets = tmp_path / "t.yaml"
    targets.write_text("audit: {max_seconds_per_site: .nan}\nbodies:\n  minfin: {names: {ru: M}, type: central}\n")
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots")
    assert_fails_cleanly(result, "audit.max_seconds_per_site: nan must be a finite positive number")


def test_duplicate_body_key_is_refused(tmp_path, cli):
    targets = tmp_path / "t.yaml"
    targets.write_text("bodies:\n  minfin: {names: {ru: A}, type: central}\n  minfin: {names: {ru: B}, type: local}\n")
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots")
    assert_fails_cleanly(result, f"targets file {targets}: line 3: duplicate key 'minfin' (already given at line 2)")


def test_non_utf8_targets_file_is_refused(tmp_path, cli):
    targets = tmp_path / "t.yaml"
    targets.write_bytes("bodies:\n  minfin: {names: {ru: Минфин}, type: central}\n".encode("cp1251"))
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots")
    assert_fails_cleanly(result, f"targets file {targets} is not UTF-8 text: byte 0xcc at line 2",
                   "save the file as UTF-8")


@pytest.mark.parametrize(("args", "expected"), [
    (["run", "--fixtures", "--fixtures-port", "70000", "--out"], "argument --fixtures-port: 70000 is out of range"),
    (["run", "--fixtures", "--fixtures-port", "65530", "--out"], "--fixtures-port 65530: the"),
    (["fixtures", "targets", "--base-port", "0", "--out"], "argument --base-port: 0 is out of range"),
    (["fixtures", "serve", "--base-port", "-1", "--targets-out"], "argument --base-port: -1 is out of range"),
])
def test_port_out_of_range_is_refused(tmp_path, cli, args, expected):
    result = cli(*args, str(tmp_path / "out"))
    assert_fails_cleanly(result, expected)
    assert not (tmp_path / "out").exists()


def test_site_url_with_a_port_out_of_range_is_refused(tmp_path, cli):
    targets = _write_targets(tmp_path / "t.yaml", site="http://127.0.0.1:99999/")
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--no-screenshots")
    assert_fails_cleanly(result, "bodies.minfin.sites[0]: 'http://127.0.0.1:99999/' is not an http(s) URL")


def test_body_key_that_leaves_the_run_directory_is_refused(tmp_path, cli):
    bodies = {"../../x": {"names": {"ru": "X"}, "type": "central", "sites": ["http://127.0.0.1:9/"]}}
    targets = _write_targets(tmp_path / "t.yaml", bodies=bodies)
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "a" / "run"), "--no-screenshots")
    assert_fails_cleanly(result, "bodies.'../../x': a body key must be", "nothing was run")
    assert not (tmp_path / "a").exists() and not (tmp_path / "x").exists()


@pytest.mark.parametrize(("setting", "expected"), [
    ("sitemap_deduction_cap=nan", "setting sitemap_deduction_cap: nan must be a finite non-negative number"),
    ("nav_depth_limit=-3", "setting nav_depth_limit: -3 must be a non-negative whole number"),
])
def test_reading_that_would_disable_a_rule_is_refused(tmp_path, cli, setting, expected):
    targets = _write_targets(tmp_path / "t.yaml")
    result = cli("run", "--targets", str(targets), "--out", str(tmp_path / "run"), "--setting", setting)
    assert_fails_cleanly(result, expected, "nothing was run")
    assert not (tmp_path / "run" / "run.sqlite").exists()
