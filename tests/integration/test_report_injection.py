"""A defaced site must not own the evaluator report: every HTML output, opened in real Chromium, runs no payload.

The hostile site (fixtures/hostile/payloads.py) puts script payloads in every text the report can quote; the
targets file gives the body hostile names. After a full run the test opens each .html file of the run directory
and asserts: no dialog, no call of a hooked marker function, no element or attribute a payload could have made,
no non-http(s) link, the CSP meta present and not violated, our own script still working, and the payload texts
visible as text (so a report that merely dropped them would fail too). Every page of the multi-page report is
opened (index, one per body, one per indicator), and the workbook, CSV files and DOCX forms are read back: no cell
of crawled text may start like a formula.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fixtures.hostile.payloads import FEEDS, TARGET_NAMES, VISIBLE, PayloadSite
from fixtures.server import FixtureServers

pytestmark = pytest.mark.integration

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Runs before any script of the page: every way a payload could announce itself is counted in window.__hits.
HOOKS = r"""
(() => {
  const hits = [];
  const csp = [];
  Object.defineProperty(window, '__hits', {value: hits});
  Object.defineProperty(window, '__csp', {value: csp});
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = function (...args) { hits.push(name + '(' + args.map(String).join(',') + ')'); };
  }
  const realEval = window.eval;
  window.eval = function (src) {  // Playwright's own evaluate() goes through eval: not a payload
    if (!/UtilityScript\.evaluate/.test(new Error().stack)) hits.push('eval');
    return realEval(src);
  };
  const RealFunction = window.Function;
  window.Function = function (...args) { hits.push('Function'); return RealFunction(...args); };
  document.addEventListener('securitypolicyviolation',
    (e) => csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
})();
"""

# What only a payload could have put in the DOM (our templates have no event-handler attributes and no forms; the
# only svg are our charts, the only inputs our filters, the only images our thumbnails).
DANGEROUS_DOM = r"""
() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) bad.push(`${el.tagName} has ${attr.name}=${attr.value}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data'].includes(attr.name)) {
        let protocol = 'invalid:';
        try { protocol = new URL(attr.value, document.baseURI).protocol; } catch (e) {}
        if (!['http:', 'https:', 'file:'].includes(protocol))
          bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
  }
  for (const el of document.querySelectorAll(
      'svg:not([data-govaudit-chart]), svg svg, svg foreignObject, svg script, iframe, frame, object, embed, ' +
      'textarea, form, input:not([data-verdict]):not([data-govaudit-filter]), base, title ~ title, ' +
      'meta[http-equiv="refresh"]'))
    bad.push(`unexpected <${el.tagName.toLowerCase()}>`);
  for (const img of document.images)
    if (!/^(\.\.\/)?(screenshots|thumbs)\//.test(img.getAttribute('src')))
      bad.push(`foreign <img src=${img.getAttribute('src')}>`);
  for (const s of document.scripts)
    if (s.src || !s.hasAttribute('data-govaudit')) bad.push(`foreign <script>${s.textContent.slice(0, 80)}`);
  return bad;
}
"""


def _run_hostile_audit(tmp_path: Path, cli) -> Path:
    with FixtureServers([PayloadSite()]) as servers:
        base = servers.urls["payloads"]
        targets = {"audit": {"clock": "2026-07-01T12:00:00+05:00", "gatherers": ["feeds", "a11y"]},
                   "bodies": {"payloads": {"names": TARGET_NAMES, "type": "local", "sites": [base + "/"]}}}
        (tmp_path / "t.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
        result = cli("--quiet", "run", "--targets", str(tmp_path / "t.yaml"), "--out", str(tmp_path / "run"),
                     timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp_path / "run"


def test_no_payload_runs_in_any_html_output(tmp_path, cli):
    from playwright.sync_api import sync_playwright

    run_dir = _run_hostile_audit(tmp_path, cli)
    outputs = sorted(run_dir.rglob("*.html"))
    assert run_dir / "report" / "index.html" in outputs
    # The run must really have quoted the hostile texts, or the test would prove nothing.
    report_text = (run_dir / "findings.json").read_text(encoding="utf-8")
    assert "alert(" in report_text and any(feed.strip() in report_text for feed in FEEDS)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        try:
            for html_file in outputs:
                page = browser.new_page()
                dialogs: list[str] = []
                console: list[str] = []
                page.on("dialog", lambda d, log=dialogs: (log.append(f"{d.type}: {d.message}"), d.dismiss()))
                page.on("console", lambda m, log=console: log.append(f"{m.type}: {m.text}"))
                page.add_init_script(HOOKS)
                page.goto(html_file.as_uri(), wait_until="load")
                page.wait_for_timeout(300)  # let late handlers (onload, onerror of broken images) fire
                hits = page.evaluate("window.__hits")
                csp_violations = page.evaluate("window.__csp")
                bad_dom = page.evaluate(DANGEROUS_DOM)
                name = html_file.relative_to(run_dir)
                assert not dialogs, f"{name}: dialogs {dialogs}"
                assert not hits, f"{name}: payloads ran: {hits}"
                assert not bad_dom, f"{name}: payload markup in the DOM: {bad_dom[:20]}"
                assert not csp_violations, f"{name}: CSP violations: {csp_violations}\n{console}"
                csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content") or ""
                for directive in ("script-src 'sha256-", "object-src 'none'", "base-uri 'none'",
                                  "form-action 'none'"):
                    assert directive in csp, f"{name}: CSP {csp!r} lacks {directive}"
                if html_file.name == "index.html" and html_file.parent.name == "report":
                    _assert_index_behaviour(page)
                if html_file.parent.name == "bodies":
                    _assert_report_behaviour(page)
                page.close()
        finally:
            browser.close()
    _assert_exports_neutralised(run_dir / "report")


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _assert_exports_neutralised(report: Path) -> None:
    """The workbook, the CSV files and the DOCX forms hold the hostile texts, none as a formula."""
    import csv

    import docx
    from openpyxl import load_workbook

    wb = load_workbook(report / "workbook.xlsx")
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("alert(" in v for v in texts), "the workbook does not quote the hostile texts"
    assert not [v for v in texts if v.startswith(FORMULA)], [v for v in texts if v.startswith(FORMULA)][:5]
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    for path in (report / "csv").glob("*.csv"):
        with path.open(encoding="utf-8-sig") as fh:
            cells = [c for row in csv.reader(fh) for c in row]
        assert not [c for c in cells if c.startswith(FORMULA) and not _is_number(c)], path.name
    forms = sorted((report / "forms").rglob("*.docx"))
    assert forms
    for path in forms:
        d = docx.Document(str(path))
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        assert not [c for c in cells if c.startswith(FORMULA) and not _is_number(c)], path.name


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _assert_index_behaviour(page) -> None:
    """The rankings page names the hostile body as text, in both languages, and links only to our pages."""
    text = page.inner_text("body")
    page.click("[data-govaudit-lang=kk]")
    text += page.inner_text("body")
    page.click("[data-govaudit-lang=ru]")
    for name in TARGET_NAMES.values():
        assert name in text
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("index.html", "bodies/", "indicators/", "workbook.xlsx", "csv/")) for h in hrefs), hrefs


def _assert_report_behaviour(page) -> None:
    text = page.inner_text("body")
    page.click("[data-govaudit-lang=kk]")  # the Kazakh name is shown in the Kazakh interface
    text += page.inner_text("body")
    page.click("[data-govaudit-lang=ru]")
    missing = [v for v in VISIBLE if v not in text]
    assert not missing, f"payload texts not shown escaped: {missing}"
    for feed in FEEDS:  # non-http feed URLs are shown, but as text, never as links
        assert feed.strip() in text
    assert page.locator("a[href^='javascript' i], a[href^='data' i]").count() == 0
    # Screenshots still show under img-src 'self' (they load lazily: bring one into view first).
    shot = page.locator("img").first
    shot.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=shot.element_handle(), timeout=5000)
    # Our own (hashed) script still runs: the verdict filter hides passing findings.
    passing = page.locator("tr.v-pass").first
    assert passing.is_visible()
    page.uncheck("input[data-verdict='pass']")
    assert not passing.is_visible()
    page.check("input[data-verdict='pass']")
    assert passing.is_visible()
