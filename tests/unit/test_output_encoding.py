"""Output encoding of the report: which URLs become links, JSON for <script>, the CSP and its hashes, autoescape
whatever the template's name, and spreadsheet formula neutralisation."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from lxml import html as lxml_html

from reports.cells import neutralise, neutralise_row
from reports.encoding import csp_hash, safe_url, script_json
from reports.site import write_site

LINKABLE = [
    "http://example.kz/", "https://www.gov.kz/memleket/entities/mti?lang=ru#top", "HTTPS://EXAMPLE.KZ/A",
    "/files/report.pdf", "screenshots/body/0123abcd.png", "?page=2", "#body-mti", "news/1", "../up",
    "https://example.kz/search?q=javascript:alert(1)", "/files/%22%3E%3Cimg%20src%3Dx%3E.pdf",
    "https://example.kz/a:b", "relative/path:with-colon-after-slash",
]
NOT_LINKABLE = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)", "javascript\x00:alert(1)",
    "java&#x09;script:alert(1)", "java&Tab;script:alert(1)", "javascript&colon;alert(1)", "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD4=", "DATA:image/svg+xml,<svg>",
    "vbscript:msgbox(1)", "file:///etc/passwd", "blob:https://x/1", "about:blank", "mailto:a@b.kz", "tel:+7",
    "//evil.example/x", "\\\\evil.example/x", "/\\evil.example/x", "\\/evil.example", " //evil.example",
    "https://example.kz/\u2028x", "http://example.kz/ a", "\ufeffjavascript:alert(1)", "\u200bjavascript:alert(1)",
    "", None, 42, ["http://x"], "http ://example.kz/", "1http:x", "javascript:", ":relative-colon",
]


@pytest.mark.parametrize("url", LINKABLE)
def test_http_and_relative_urls_are_links(url):
    assert safe_url(url) == url


@pytest.mark.parametrize("url", NOT_LINKABLE)
def test_other_urls_are_never_links(url):
    assert safe_url(url) is None


def test_script_json_cannot_end_or_bend_a_script():
    value = {"t": "</script><script>alert(1)</script>", "c": "<!-- x -->", "a": "&amp; 'q'", "ls": "\u2028\u2029"}
    text = str(script_json(value))
    assert not re.search(r"[<>&'\u2028\u2029]", text)
    assert json.loads(text) == value  # still the same JSON to the script that reads it


def test_csp_hash_is_base64_sha256_of_the_exact_text():
    digest = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert csp_hash("alert(1)") == f"'sha256-{digest}'"


HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>' onmouseover='alert(3)"


def _site(tmp_path) -> list:
    """The real report site rendered from a run directory whose every text is hostile."""
    finding = {"body": "b", "site": "https://example.kz/", "indicator": "a4.2.10", "lang": "ru", "verdict": "fail",
               "points": 0.0, "max_points": 0.3, "note": HOSTILE, "reading": HOSTILE,
               "evidence": [{"url": "javascript:alert(4)", "screenshot": "javascript:alert(5)", "selector": HOSTILE,
                             "snippet": HOSTILE, "measured": {"title": HOSTILE}},
                            {"url": "https://example.kz/?q=" + HOSTILE, "screenshot": None,
                             "selector": None, "snippet": None, "measured": None}]}
    body = {"key": "b", "names": {"ru": HOSTILE, "kk": "{{7*7}}"}, "type": "local", "sites": ["https://example.kz/"]}
    (tmp_path / "findings.json").write_text(json.dumps([finding]))
    (tmp_path / "targets.json").write_text(json.dumps({"bodies": [body]}))
    (tmp_path / "notes.json").write_text(json.dumps([
        {"stage": "gather", "level": "warning", "message": HOSTILE, "url": "data:text/html,x", "body": "b"},
        {"stage": "crawl", "level": "info", "message": HOSTILE, "url": None, "body": None}]))
    index = write_site(tmp_path, tmp_path / "report")
    return [lxml_html.document_fromstring(path.read_text()) for path in
            (index, tmp_path / "report" / "bodies" / "b.html", *sorted((tmp_path / "report" / "indicators").glob("*")))]


def test_report_escapes_every_text_and_links_only_safe_urls(tmp_path):
    pages = _site(tmp_path)
    text = ""
    for doc in pages:
        assert not [el for el in doc.iter() if isinstance(el.tag, str) and any(a.startswith("on") for a in el.attrib)]
        hrefs = [a.get("href") for a in doc.iter("a") if a.get("href")]
        assert not [h for h in hrefs if h.split(":", 1)[0].lower() in ("javascript", "data", "vbscript")], hrefs
        assert not [h for h in hrefs if ":" in h.split("/", 1)[0] and not h.startswith(("https:", "http:"))], hrefs
        assert len(doc.findall(".//script")) <= 1
        text += doc.text_content()
    assert HOSTILE in text and "javascript:alert(4)" in text and "javascript:alert(5)" in text
    assert "{{7*7}}" in text and "data:text/html,x" in text


def test_csp_admits_exactly_our_script_and_style(tmp_path):
    for doc in _site(tmp_path):
        csp = doc.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
        script, style = doc.find(".//script"), doc.find(".//style")
        if script is not None:
            assert f"script-src {csp_hash(script.text)}" in csp
        assert f"style-src {csp_hash(style.text)}" in csp
        for directive in ("default-src 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"):
            assert directive in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        # The policy comes before any other content it must guard.
        head = list(doc.find("head"))
        assert head.index(doc.find(".//meta[@http-equiv='Content-Security-Policy']")) <= 1


@pytest.mark.parametrize("cell", ["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+7 7172", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1", "=cmd|' /C calc'!A0"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Министерство", " =1", "a=1", "", "'already", "1-2", "http://x/?a=1"])
def test_plain_text_cells_stay(cell):
    assert neutralise(cell) == cell


@pytest.mark.parametrize("cell", [-5, -0.5, 3, 0.0, None, True])
def test_numbers_and_non_strings_are_not_neutralised(cell):
    assert neutralise(cell) is cell


def test_neutralise_row():
    assert neutralise_row(["=1", -1, "x", None]) == ["'=1", -1, "x", None]
