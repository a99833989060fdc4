"""The services report pages: written only when services.json exists, and hostile page text stays text."""

from __future__ import annotations

import json
from pathlib import Path

from reports.services import write_services

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def run_dir(tmp_path: Path, **over: object) -> Path:
    grades = {c: {"grade": 5, "host": "egov.kz", "zone": "portal", "note": HOSTILE}
              for c in ("findability", "card", "parity", "order", "handoff", "wall", "stability")}
    service = {"id": "s1", "title": HOSTILE, "body": "b</td>", "grades": grades,
               "service": {"register_code": "101012", "names": {"ru": HOSTILE}, "standard_url": "javascript:alert(1)"},
               "journey": {"steps": [{"n": 1, "action": "entry", "host": "egov.kz", "url": "javascript:alert(2)",
                                      "title": HOSTILE, "status": 200, "clicks": 0, "note": "",
                                      "screenshot": "services/s1/01-entry.png"}],
                           "stop": {"reason": "auth_wall", "detail": HOSTILE}, "hosts": {}, "domains": [],
                           "card": {"title": HOSTILE, "items": {"ru": {"fee": {"present": True,
                                                                                "evidence": {"block": HOSTILE}}}},
                                    "parity": {"same": None}}},
               "recommendations": [{"addressee": HOSTILE, "criterion": "card", "text": HOSTILE}],
               "summary": {"mean": 5.0, "top_share": 100.0}}
    data = {"scale": "services-1", "catalogue": HOSTILE, "services": [service, {**service, "id": "../evil"}],
            "ranking": [{"id": "s1", "rank": 1, "mean": 5.0, "top_share": 100.0}],
            "criteria": {}, "bodies": {"own_zone": [], "all_zones": []}, **over}
    (tmp_path / "services.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_nothing_without_services_json(tmp_path: Path) -> None:
    assert write_services(tmp_path, tmp_path / "report") is None
    assert not (tmp_path / "report").exists()


def test_pages_render_and_escape_hostile_text(tmp_path: Path) -> None:
    run = run_dir(tmp_path)
    index = write_services(run, run / "report")
    assert index == run / "report" / "services.html"
    pages = [index.read_text(encoding="utf-8"), (run / "report" / "services" / "s1.html").read_text(encoding="utf-8")]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
        assert 'href="javascript:' not in html
        assert "script-src 'none'" in html
    assert 'src="../../services/s1/01-entry.png"' in pages[1]
    assert "javascript:alert(1)" in pages[1]  # shown as text, not linked
    # an id that would name a file outside the report is never used
    assert sorted(p.name for p in (run / "report" / "services").iterdir()) == ["s1.html"]
    assert not (run / "evil.html").exists()
