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
