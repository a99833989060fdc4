"""robots.txt is obeyed by default; the explicit audit policy reads a disallowed page and logs that it did."""

from __future__ import annotations

import json

import pytest
import yaml

from fixtures.server import FixtureServers, Request, Response

pytestmark = pytest.mark.integration


class RobotsSite:
    name, host = "robots", "robots.example"

    def __init__(self) -> None:
        self.private_hits = 0

    def handle(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        if request.path == "/":
            return Response.text("<html><body><nav class='menu'><a href='/a'>A</a><a href='/private/report'>R</a>"
                                 "<a href='/b'>B</a></nav></body></html>")
        if request.path == "/private/report":
            self.private_hits += 1
        return Response.text("<html><body><p>Отчёт о деятельности министерства за 2025 год.</p></body></html>")


def _run(tmp_path, cli, site: RobotsSite, policy: str | None) -> list[dict]:
    with FixtureServers([site]) as servers:
        audit = {"gatherers": []} | ({"robots_policy": policy} if policy else {})
        targets = {"audit": audit, "bodies": {"r": {"names": {"ru": "Р"}, "type": "local",
                                                    "sites": [servers.urls["robots"] + "/"]}}}
        (tmp_path / "t.yaml").write_text(yaml.safe_dump(targets))
        result = cli("--quiet", "run", "--targets", str(tmp_path / "t.yaml"), "--out", str(tmp_path / "run"),
                     "--no-screenshots", timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads((tmp_path / "run" / "notes.json").read_text())


def test_robots_obeyed_by_default(tmp_path, cli):
    site = RobotsSite()
    notes = _run(tmp_path, cli, site, None)
    assert site.private_hits == 0
    assert any("robots.txt disallows" in n["message"] and n["url"].endswith("/private/report") for n in notes)


def test_audit_override_reads_and_logs(tmp_path, cli):
    site = RobotsSite()
    notes = _run(tmp_path, cli, site, "audit_override")
    assert site.private_hits == 1
    assert any("robots.txt disallows" in n["message"] and n["url"].endswith("/private/report") for n in notes)
