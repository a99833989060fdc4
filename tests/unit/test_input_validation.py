"""Bad input caught where it is read: targets values, YAML duplicates, encodings, crawler settings, paths, the
command line's last-resort handler (issue #11, honest exits)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.errors import InputError, StoreError
from core.targets import load_targets, parse_targets
from crawler.browser.screenshots import inside
from crawler.runner import scrapy_settings_problems
from crawler.store import RunStore, check_store
from govaudit import cli
from scoring.inputs import load_inputs

SITE = "http://127.0.0.1:8101/"


def _targets(audit: dict | None = None, key: str = "minfin") -> dict:
    return {"audit": audit or {}, "bodies": {key: {"names": {"ru": "Минфин"}, "type": "central", "sites": [SITE]}}}


@pytest.mark.parametrize("value", [float("inf"), float("nan"), -1, 0, 2.5, True, "3000"])
def test_page_cap_must_be_a_finite_positive_whole_number(value):
    with pytest.raises(InputError, match=r"audit\.max_pages_per_site: .* must be a .*positive whole number"):
        parse_targets(_targets({"max_pages_per_site": value}))


@pytest.mark.parametrize("key", ["max_seconds_per_site", "max_bytes_per_page", "browser_timeout_s"])
def test_nan_switches_no_cap_off(key):
    with pytest.raises(InputError, match=rf"audit\.{key}: nan must be a finite"):
        parse_targets(_targets({key: float("nan")}))


def test_whole_float_cap_is_read_as_an_integer():
    assert parse_targets(_targets({"max_pages_per_site": 3000.0})).audit["max_pages_per_site"] == 3000


@pytest.mark.parametrize("key", ["../../x", "a/b", "..", "Minfin", "", "-x", "x" * 65, "a..b"])
def test_unsafe_body_keys_are_rejected(key):
    with pytest.raises(InputError, match="a body key must be"):
        parse_targets(_targets(key=key))


@pytest.mark.parametrize("key", ["minfin", "akimat-almaty", "content_cso_full", "s500", "kz.gov"])
def test_ordinary_body_keys_pass(key):
    assert parse_targets(_targets(key=key)).bodies[0].key == key


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/", "http://127.0.0.1:-1/", "http://127.0.0.1:0/", "http://:80/"])
def test_site_url_with_a_bad_port_is_rejected(url):
    raw = _targets()
    raw["bodies"]["minfin"]["sites"] = [url]
    with pytest.raises(InputError, match=r"bodies\.minfin\.sites\[0\]"):
        parse_targets(raw)


def test_duplicate_keys_in_a_targets_file_are_an_error(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("bodies:\n  a: {names: {ru: A}, type: central}\n  a: {names: {ru: B}, type: local}\n")
    with pytest.raises(InputError, match=r"line 3: duplicate key 'a' \(already given at line 2\)"):
        load_targets(path)
    path.write_text("bodies:\n  a:\n    names: {ru: A}\n    type: central\n    type: local\n")
    with pytest.raises(InputError, match="duplicate key 'type'"):
        load_targets(path)


def test_yaml_merge_keys_may_still_be_overridden(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("bodies:\n  a: &b {names: {ru: A}, type: central}\n  c:\n    <<: *b\n    type: local\n")
    assert [b.type for b in load_targets(path).bodies] == ["central", "local"]


def test_non_utf8_targets_file_is_refused_with_its_position(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes("bodies:\n  a: {names: {ru: Минфин}, type: central}\n".encode("cp1251"))
    with pytest.raises(InputError, match=r"is not UTF-8 text: byte 0xcc at line 2, column 19") as exc:
        load_targets(path)
    assert "save the file as UTF-8" in str(exc.value)


AGENCY_TARGETS = {"bodies": [{"key": "minfin", "type": "central", "names": {"ru": "Минфин"}, "sites": []}]}


def test_cp1251_agency_input_is_decoded_with_a_warning(tmp_path, caplog):
    (tmp_path / "minfin.yaml").write_bytes('# Отчёт\nbody: minfin\nperiod: "2025 год"\n'.encode("cp1251"))
    with caplog.at_level("WARNING", logger="govaudit"):
        inputs = load_inputs(tmp_path, AGENCY_TARGETS)
    assert inputs["minfin"]["period"] == "2025 год"
    assert "read it as Windows-1251" in caplog.text


def test_agency_input_whose_code_page_is_uncertain_is_refused(tmp_path):
    (tmp_path / "minfin.yaml").write_bytes('# Қаржы министрлігі\nbody: minfin\n'.encode("kz1048"))
    with pytest.raises(InputError, match=r"minfin\.yaml: not UTF-8 text .*cannot be told for certain"):
        load_inputs(tmp_path, AGENCY_TARGETS)


def test_duplicate_keys_in_an_agency_input_are_an_error(tmp_path):
    (tmp_path / "minfin.yaml").write_text("body: minfin\nreport:\n  false_facts: 2\n  false_facts: 3\n")
    with pytest.raises(InputError, match=r"minfin\.yaml: line 4: duplicate key 'false_facts'"):
        load_inputs(tmp_path, AGENCY_TARGETS)


@pytest.mark.parametrize(("settings", "expected"), [
    ({"DOWNLOAD_TIMEOUT": "abc"}, "DOWNLOAD_TIMEOUT: 'abc' must be a positive number"),
    ({"CONCURRENT_REQUESTS": -5}, "CONCURRENT_REQUESTS: -5 must be a positive whole number"),
    ({"CONCURRENT_REQUESTS": 2.5}, "CONCURRENT_REQUESTS: 2.5 must be a positive whole number"),
    ({"DOWNLOAD_DELAY": float("nan")}, "DOWNLOAD_DELAY: nan must be a finite"),
    ({"ROBOTSTXT_OBEY": "no"}, "ROBOTSTXT_OBEY: 'no' must be true or false"),
    ({"DOWNLOADER_MIDDLEWARES": {"nope.Mw": 100}}, "DOWNLOADER_MIDDLEWARES: 'nope.Mw' cannot be imported"),
    ({"DUPEFILTER_CLASS": "nope.Filter"}, "DUPEFILTER_CLASS: 'nope.Filter' cannot be imported"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL: 'LOUD' must be one of"),
    ({"DOWNLOAD_TIMOUT": 5}, "DOWNLOAD_TIMOUT: not a Scrapy or govaudit crawler setting"),
])
def test_scrapy_settings_are_checked_by_type(settings, expected):
    problems = scrapy_settings_problems(settings)
    assert len(problems) == 1 and problems[0].startswith(f"audit.scrapy_settings.{expected}"), problems


def test_good_scrapy_settings_pass():
    assert scrapy_settings_problems({"DOWNLOAD_TIMEOUT": 5.5, "DEPTH_PRIORITY": -1, "RETRY_TIMES": 0,
                                     "ROBOTSTXT_OBEY": True, "DOWNLOADER_MIDDLEWARES": {
                                         "scrapy.downloadermiddlewares.retry.RetryMiddleware": None}}) == []


def test_damaged_store_is_reported_and_left_untouched(tmp_path):
    path = tmp_path / "run.sqlite"
    store = RunStore(path)
    store.set_meta("targets", {"bodies": []})
    for i in range(40):
        store.put_page(body="b", site=SITE, url=f"{SITE}{i}", status=200, content=bytes(range(256)) * 40 * (i + 1))
    store.close()
    check_store(path)  # intact
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="is damaged or truncated .*nothing was deleted"):
        check_store(path)
    assert path.read_bytes() == data[: len(data) // 2]
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="file is not a database"):
        RunStore(path)


def test_store_without_run_tables_is_not_a_run(tmp_path):
    path = tmp_path / "run.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE other (x)").connection.close()
    with pytest.raises(StoreError, match="no govaudit tables"):
        check_store(path)


def test_paths_from_input_stay_inside_the_run_directory(tmp_path):
    assert inside(tmp_path, "screenshots/minfin/abc.png") == (tmp_path / "screenshots/minfin/abc.png").resolve()
    for rel in ("screenshots/../../x/abc.png", "/etc/passwd", "..", ""):
        assert inside(tmp_path, rel) is None
    (tmp_path / "screenshots").mkdir()
    (tmp_path / "screenshots" / "link").symlink_to("/tmp")
    assert inside(tmp_path, "screenshots/link/abc.png") is None


def test_screenshot_paths_outside_the_run_are_not_attached(tmp_path):
    from govaudit.evidence import attach_screenshots

    store = RunStore(tmp_path / "run.sqlite")
    store.put_artifact("b", "", "screenshot", "http://a/ok", "screenshots/b/1.png")
    store.put_artifact("b", "", "screenshot", "http://a/bad", "../../outside.png")
    findings = [{"body": "b", "evidence": [{"url": "http://a/ok"}, {"url": "http://a/bad"}]}]
    attach_screenshots(findings, store)  # type: ignore[arg-type]
    store.close()
    assert [ev.get("screenshot") for ev in findings[0]["evidence"]] == ["screenshots/b/1.png", None]


def _boom(args: object) -> int:
    raise RuntimeError("boom\nsecond line")


def test_unexpected_errors_are_one_line_without_traceback(monkeypatch, capsys):
    monkeypatch.setattr("govaudit.commands.report.handle", _boom)
    monkeypatch.setenv(cli.DEBUG_ENV, "0")
    assert cli.main(["report", "somewhere"]) == 1
    err = capsys.readouterr().err
    assert "govaudit: internal error: RuntimeError: boom (run with --debug for the traceback)" in err
    assert "Traceback" not in err and "second line" not in err


def test_debug_shows_the_traceback(monkeypatch, capsys):
    monkeypatch.setattr("govaudit.commands.report.handle", _boom)
    monkeypatch.setenv(cli.DEBUG_ENV, "0")  # restored afterwards: --debug sets it for child processes
    assert cli.main(["report", "somewhere", "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    assert cli.main(["report", "somewhere"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_unwritable_run_directory_is_named(tmp_path):
    from govaudit.pipeline import prepare_run_dir

    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match=f"cannot create the run directory, {tmp_path / 'file'} is a file"):
        prepare_run_dir(tmp_path / "file" / "sub" / "run")
    with pytest.raises(InputError, match="--out /proc/govaudit-run: cannot create or write the run directory"):
        prepare_run_dir(Path("/proc/govaudit-run"))
    with pytest.raises(InputError, match="exists and is not a directory"):
        prepare_run_dir(tmp_path / "file")


def test_crawler_failure_causes():
    from crawler.crawl_process import describe
    from crawler.runner import _failures

    jobs = [("minfin", "http://a/")]
    assert _failures(-9, {}, jobs) == {("minfin", "http://a/"): "the crawler process was killed by signal SIGKILL"}
    assert _failures(4, {"crashed": "ValueError: x"}, jobs)[jobs[0]] == "the crawler process crashed: ValueError: x"
    assert _failures(4, {"failed": {"minfin=http://a/?q=1": "TypeError: y"}}, jobs) == {
        ("minfin", "http://a/?q=1"): "TypeError: y"}
    try:
        try:
            raise ModuleNotFoundError("No module named 'nope'")
        except ModuleNotFoundError:
            raise RuntimeError("Engine slot not assigned") from None
    except RuntimeError as exc:
        assert describe(exc) == "RuntimeError: Engine slot not assigned"  # `from None`: no earlier cause shown
    try:
        try:
            raise ModuleNotFoundError("No module named 'nope'")
        except ModuleNotFoundError:
            raise RuntimeError("Engine slot not assigned")  # noqa: B904 - Scrapy's clean-up does this
    except RuntimeError as exc:
        assert describe(exc).startswith("ModuleNotFoundError: No module named 'nope' (then RuntimeError")
