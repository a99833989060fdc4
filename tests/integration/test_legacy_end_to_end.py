"""`govaudit run` on the legacy fixture site, compared with the generator's own manifest (expected.json)."""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import urlsplit

import pytest
import yaml

from fixtures.bodies import FIXTURE_BODIES
from fixtures.legacy.site import build
from fixtures.registry import DEFAULT_SEED
from fixtures.server import FixtureServers

pytestmark = [pytest.mark.integration, pytest.mark.browser]
INDICATORS = ("a4.2.2", "a4.2.3", "a4.2.4", "a4.2.5")


@pytest.fixture(scope="module")
def legacy_run(tmp_path_factory):
    from tests.conftest import run_cli

    tmp = tmp_path_factory.mktemp("legacy")
    site = build(DEFAULT_SEED)
    with FixtureServers([site]) as servers:
        base = servers.urls["legacy"]
        body = dict(FIXTURE_BODIES["aviation"], sites=[base + "/"])
        # six pages for the accessibility browser checks (as before the template sample) keep the run short
        targets = {"bodies": {"aviation": body}, "audit": {"settings": {"a11y_max_pages": 6}}}
        (tmp / "targets.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True))
        result = run_cli("run", "--targets", str(tmp / "targets.yaml"), "--out", str(tmp / "run"), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return {"dir": tmp / "run", "base": base, "manifest": site.model.manifest}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_manifest_page_is_stored_with_its_status(legacy_run):
    db = sqlite3.connect(legacy_run["dir"] / "run.sqlite")
    stored = {_path(url): status for url, status in db.execute("SELECT url, status FROM pages")}
    for path, page in legacy_run["manifest"]["pages"].items():
        assert stored.get(path) == page["status"], path


def test_click_depths_equal_the_manifest(legacy_run):
    depths = json.loads((legacy_run["dir"] / "depths.json").read_text())["aviation"]
    measured = {_path(url): d for url, d in depths.items()}
    checked = 0
    for path, page in legacy_run["manifest"]["pages"].items():
        if path == "/" or page["status"] != 200:
            continue
        assert measured[path]["all"] == page["depth"], path
        checked += 1
    assert checked > 60


def test_indicator_verdicts_and_points_equal_the_manifest(legacy_run):
    findings = json.loads((legacy_run["dir"] / "findings.json").read_text())
    by_id = {f["indicator"]: f for f in findings if f["body"] == "aviation"}
    expected = legacy_run["manifest"]["indicators"]["site"]
    for ind in INDICATORS:
        assert by_id[ind]["verdict"] == expected[ind]["verdict"], ind
        assert by_id[ind]["points"] == pytest.approx(expected[ind]["points"]), ind
        assert by_id[ind]["reading"], ind
    missing = {e["measured"]["missing"] for e in by_id["a4.2.3"]["evidence"][1:]}
    assert missing == set(expected["a4.2.3"]["missing_types"])
    dead = [e for e in by_id["a4.2.5"]["evidence"] if (e["measured"] or {}).get("on_sitemap")]
    assert len(dead) == expected["a4.2.5"].get("dead_links", len(dead))
    deep = {_path(e["url"]) for e in by_id["a4.2.2"]["evidence"][1:]}
    assert deep <= set(expected["a4.2.2"]["deeper_than_limit"]) | {
        p for p, v in legacy_run["manifest"]["pages"].items() if (v.get("depth") or 0) > 3}
    # every Appendix 4 indicator is reported; one that could not be judged carries no points
    a4 = [f for f in findings if f["indicator"].startswith("a4.")]
    assert len({f["indicator"] for f in a4}) == 27
    assert all(f["points"] is None for f in a4 if f["verdict"] in ("not_assessed", "error", "not_applicable"))


def test_failing_findings_carry_screenshots_and_the_report_shows_them(legacy_run):
    findings = json.loads((legacy_run["dir"] / "findings.json").read_text())
    shots = [e["screenshot"] for f in findings if f["verdict"] in ("fail", "partial")
             for e in f["evidence"] if e.get("screenshot")]
    assert shots
    for rel in shots:
        png = legacy_run["dir"] / rel
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pages = "".join(p.read_text() for p in (legacy_run["dir"] / "report").rglob("*.html"))  # findings: body pages
    assert shots[0] in pages and (legacy_run["dir"] / "report" / shots[0]).exists()
    assert "a4.2.5" in (legacy_run["dir"] / "report" / "index.html").read_text()


def test_stored_run_re_audits_without_crawling(legacy_run):
    from tests.conftest import run_cli

    before = json.loads((legacy_run["dir"] / "findings.json").read_text())
    result = run_cli("audit", str(legacy_run["dir"]))  # the fixture server is stopped: no crawling possible
    assert result.returncode == 0, result.stderr[-2000:]
    after = json.loads((legacy_run["dir"] / "findings.json").read_text())
    assert after == before
    assert run_cli("report", str(legacy_run["dir"])).returncode == 0


def _stored_pages(run_dir) -> dict[str, dict]:
    db = sqlite3.connect(run_dir / "run.sqlite")
    return {_path(url): {"status": status, "info": json.loads(info)}
            for url, status, info in db.execute("SELECT url, status, info FROM pages")}


def test_languages_documents_and_dates_equal_the_manifest(legacy_run):
    stored = _stored_pages(legacy_run["dir"])
    manifest = legacy_run["manifest"]
    html = [(p, v) for p, v in manifest["pages"].items() if v["status"] == 200 and v.get("lang")
            and v["content_type"].startswith("text/html")]
    detected = {p: stored[p]["info"].get("lang_detected") for p, _v in html}
    assert all(detected[p] == v["lang"] for p, v in html if detected[p]), detected
    assert sum(1 for p, _ in html if detected[p]) >= len(html) * 0.9  # text enough to tell on nearly all pages
    # each page names its counterpart in the other language (the language switch)
    with_pair = [p for p, v in html if p.startswith(f"/{v['lang']}/") and stored[p]["info"].get("counterparts")]
    assert len(with_pair) >= len(html) * 0.9
    dated = [(p, v["published"]) for p, v in manifest["pages"].items() if v.get("published")]
    assert dated
    for path, published in dated:
        assert stored[path]["info"]["dates"]["published"][:10] == published, path
    for doc in manifest["documents"]:
        page = stored.get(doc["href"])
        if page is None or page["status"] != 200:
            continue
        info = page["info"]["document"]
        assert info["type"] == doc["format"] and info["size"] == doc["size"], doc["href"]
        if doc["format"] == "pdf":
            assert info["text_layer"] is True
