"""A small scored run directory built from real scoring code: three bodies (two central, one local), full and
partial sites, hostile texts and URLs in the evidence, screenshots (one shared by several findings with the box of
its element "nav > a", two identical images under different names), depths, portal metrics and an agency input file."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.findings import evidence, finding
from scoring.overrides_run import score_directory
from tests.scoring.helpers import a4_findings, body, coefficient, full_ict_input, section_findings

HOSTILE_NOTE = "=HYPERLINK(\"http://evil.example\",\"x\") <script>alert(1)</script>"
HOSTILE_SNIPPET = "@SUM(A1) <img src=x onerror=alert(2)>"
HOSTILE_URL = "javascript:alert(3)"
HOSTILE_NAME = {"ru": "<script>alert('name')</script> Министерство тестов",
                "kk": "+cmd|' /C calc'!A0 Сынақ министрлігі"}


# the element "nav > a" on the home screenshots: low on the page, below what a page-top thumbnail shows
NAV_BOX = {"x": 40, "y": 1100, "w": 200, "h": 40}
NAV_COLOR = (20, 160, 20)


def _png(color: tuple[int, int, int], size: tuple[int, int] = (800, 1200),
         element: dict[str, int] | None = None) -> bytes:
    from PIL import Image, ImageDraw

    buf = io.BytesIO()
    img = Image.new("RGB", size, color)
    if element:
        ImageDraw.Draw(img).rectangle([element["x"], element["y"], element["x"] + element["w"] - 1,
                                       element["y"] + element["h"] - 1], fill=NAV_COLOR)
    img.save(buf, "PNG")
    return buf.getvalue()


def build_run(run_dir: Path) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    alpha = body("alpha", site="http://alpha.test/")
    alpha["names"] = HOSTILE_NAME
    beta = body("beta", site="http://beta.test/")
    beta["names"] = {"ru": "Министерство бета", "kk": "Бета министрлігі"}
    gamma = body("gamma", "local", site="http://gamma.test/")
    gamma["names"] = {"ru": "Акимат гамма", "kk": "Гамма әкімдігі"}
    targets = {"bodies": [alpha, beta, gamma], "portals": {}, "audit": {"clock": "2026-07-01T12:00:00+05:00"}}
    shots = run_dir / "screenshots"
    for key in ("alpha", "beta"):
        (shots / key).mkdir(parents=True, exist_ok=True)
    (shots / "alpha" / "home.png").write_bytes(_png((200, 30, 30), element=NAV_BOX))
    (shots / "alpha" / "news.png").write_bytes(_png((30, 30, 200)))
    (shots / "beta" / "home.png").write_bytes(_png((200, 30, 30), element=NAV_BOX))  # identical to alpha/home
    findings = []
    findings += a4_findings("alpha", {"a4.2.3": 0.0, "a4.2.4": 0.5}, site="http://alpha.test/")
    findings += section_findings("alpha", "appendix5", "cso", {"kk": 0.5, "ru": 1.0}, site="http://alpha.test/")
    findings += section_findings("alpha", "appendix6", "cso", site="http://alpha.test/")
    findings.append(coefficient("alpha", 5, site="http://alpha.test/"))
    findings += a4_findings("beta", site="http://beta.test/")
    findings += section_findings("beta", "appendix5", "cso", site="http://beta.test/")
    findings += a4_findings("gamma", {"a4.2.7": 0.0}, site="http://gamma.test/")
    findings += section_findings("gamma", "appendix5", "leb", {"kk": 0.2, "ru": 0.4}, site="http://gamma.test/")
    for f in findings:
        if f["body"] == "alpha" and f["indicator"] in ("a4.2.3", "a4.2.4", "a4.2.5"):
            f["verdict"] = "fail" if not f["points"] else "partial"
            f["note"] = HOSTILE_NOTE
            f["evidence"] = [evidence("http://alpha.test/", screenshot="screenshots/alpha/home.png",
                                      selector="nav > a", snippet=HOSTILE_SNIPPET, measured={"x": "-1+1"}),
                             evidence(HOSTILE_URL, screenshot="screenshots/alpha/news.png")]
            f["evidence"][0]["box"] = dict(NAV_BOX)  # as the screenshot step measures it (govaudit/evidence.py)
        if f["body"] == "beta" and f["indicator"] == "a4.2.2":
            f["evidence"] = [evidence("http://beta.test/", screenshot="screenshots/beta/home.png")]
        if f["body"] == "gamma" and f["indicator"] == "a4.2.7":
            f["verdict"] = "fail"
            f["note"] = "-2 links broken"
    findings.append(finding(body="gamma", site="http://gamma.test/", lang=None, indicator="a4.1.1",
                            verdict="not_assessed", points=None, max_points=1, reading="test",
                            note="no search-engine positions"))
    findings = [f for f in findings if not (f["body"] == "gamma" and f["indicator"] == "a4.1.1"
                                            and f["verdict"] != "not_assessed")]
    depths = {"alpha": {f"http://alpha.test/p{i}": {"all": i % 4, "navigational": i % 5} for i in range(12)}}
    metrics = {"alpha": {"legalacts": {"ru": {"npa_published": {"value": 12, "evidence": ["=1+2"]}}}}}
    for name, data in (("targets.json", targets), ("findings.json", findings), ("depths.json", depths),
                       ("metrics.json", metrics), ("notes.json", [{"body": "alpha", "stage": "crawl",
                                                                   "level": "warning", "message": "-note"}]),
                       ("settings.json", {"audit": {"nav_depth_limit": 3}})):
        (run_dir / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    inputs = run_dir / "inputs"
    inputs.mkdir(exist_ok=True)
    beta_input: dict[str, Any] = {"body": "beta", **full_ict_input("cso")}
    (inputs / "beta.yaml").write_text(yaml.safe_dump(beta_input, allow_unicode=True), encoding="utf-8")
    score_directory(run_dir)
    return run_dir


@pytest.fixture(scope="session")
def built_run(tmp_path_factory) -> Path:
    return build_run(tmp_path_factory.mktemp("wb") / "run")


@pytest.fixture
def run_copy(built_run, tmp_path) -> Path:
    """A private copy to change (overrides, appeals, reports)."""
    dest = tmp_path / "run"
    shutil.copytree(built_run, dest)
    return dest
