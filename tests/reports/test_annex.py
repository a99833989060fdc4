"""The accessibility annex in a scored run: the scores, rankings, tallies, comparisons and decisions are the same
with and without its advisory records, and the report shows every group, escaped, by WCAG criterion.

The advisory records are built by the real annex code from the handmade artifacts of tests/unit/data/annex_site.json
(30 news pages sharing a header logo without alt, a contacts page with several barriers) for the body "alpha" of
the reports' test run (tests/reports/conftest.py)."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from audits.accessibility.annex import site_barriers
from audits.accessibility.annex_groups import advisory_records, page_templates
from core.errors import InputError
from core.findings import ADVISORY, evidence
from govaudit.evidence import MAX_ADVISORY_SCREENSHOTS_PER_BODY, advisory_urls, failing_selectors
from reports.compare import compare
from reports.rundata import load_run
from reports.site import write_site
from reports.workbook import write_workbook
from scoring.overrides_run import score_directory
from tests.reports.conftest import NAV_BOX

DATA = json.loads((Path(__file__).parents[1] / "unit" / "data" / "annex_site.json").read_text(encoding="utf-8"))
SITE = "http://alpha.test/"
HEADER_SELECTOR = "body > header > a:nth-of-type(1) > img"
HOSTILE = DATA["html"]["https://example.gov.kz/contacts"]["barriers"][0]["snippet"]


def annex_records() -> list[dict[str, Any]]:
    arts = {}
    for n in range(1, 31):
        art = json.loads(json.dumps(DATA["news_page"], ensure_ascii=False).replace("{n}", str(n)))
        arts[art["url"]] = art
    arts[DATA["contacts"]["url"]] = DATA["contacts"]
    records = advisory_records("alpha", SITE, site_barriers(arts, DATA["html"]), page_templates(DATA["sample"]))
    header = next(r for r in records if r["advisory"]["instances"][0]["selector"] == HEADER_SELECTOR)
    # as the evidence stage attaches it: the page's screenshot and the element's box on it
    header["evidence"][0].update(screenshot="screenshots/alpha/home.png", box=dict(NAV_BOX))
    return records


def _scores(run: Path) -> dict[str, Any]:
    doc = json.loads((run / "scores.json").read_text(encoding="utf-8"))
    doc.pop("run", None)  # the run directory's own path
    return doc


@pytest.fixture(scope="module")
def runs(built_run, tmp_path_factory) -> dict[str, Any]:
    """The test run as built, and a copy whose findings.json also holds the annex, both (re-)scored."""
    plain = tmp_path_factory.mktemp("annex") / "plain"
    shutil.copytree(built_run, plain)
    with_annex = plain.parent / "with_annex"
    shutil.copytree(built_run, with_annex)
    records = annex_records()
    findings = json.loads((with_annex / "findings.json").read_text(encoding="utf-8"))
    (with_annex / "findings.json").write_text(json.dumps(findings + records, ensure_ascii=False), encoding="utf-8")
    score_directory(plain)
    score_directory(with_annex)
    write_site(with_annex)
    return {"plain": plain, "annex": with_annex, "records": records}


def test_scores_and_rankings_identical_with_and_without_the_annex(runs):
    assert runs["records"] and all(r["verdict"] == ADVISORY for r in runs["records"])
    assert _scores(runs["plain"]) == _scores(runs["annex"])
    # the records stay in findings.json through scoring
    kept = json.loads((runs["annex"] / "findings.json").read_text(encoding="utf-8"))
    assert sum(f["verdict"] == ADVISORY for f in kept) == len(runs["records"])


def test_tallies_tables_and_comparison_skip_the_annex(runs, tmp_path):
    run = load_run(runs["annex"])
    assert len(run.advisories) == len(runs["records"]) and not any(f["verdict"] == ADVISORY for f in run.findings)
    assert compare(load_run(runs["plain"]), run)["changed"] == []  # no "new defect" from an advisory record
    path = write_workbook(run, tmp_path)
    book = load_workbook(path, read_only=True)
    ids = {r[0] for r in book["findings"].iter_rows(min_row=3, values_only=True)}
    assert not ids & {r["id"] for r in runs["records"]}
    annex_rows = list(book["a11y_annex"].iter_rows(min_row=3, values_only=True))
    assert len(annex_rows) == len(runs["records"])
    body_page = (runs["annex"] / "report" / "bodies" / "alpha.html").read_text(encoding="utf-8")
    assert "v-advisory" not in body_page
    assert 'href="../annex/alpha.html#a4.3.1"' in body_page and 'href="../annex/alpha.html#a4.3.7"' in body_page


def test_override_or_appeal_on_an_advisory_record_is_refused(runs, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(runs["annex"], run)
    target = runs["records"][0]["id"]
    (run / "overrides.yaml").write_text(yaml.safe_dump({"overrides": [
        {"finding": target, "verdict": "pass", "reason": "r", "evaluator": "E", "date": "2026-07-05"}]}),
        encoding="utf-8")
    with pytest.raises(InputError) as exc:
        score_directory(run)
    assert target in str(exc.value) and "advisory record" in str(exc.value)
    (run / "overrides.yaml").unlink()
    (run / "appeals.yaml").write_text(yaml.safe_dump({"appeals": [{
        "body": "alpha", "direction": "ict", "results_received": "2026-07-01", "commission": {"chair": "C"},
        "objections": [{"no": 1, "finding": target, "text": "fixed", "submitted": "2026-07-02"}], "decisions": []}]}),
        encoding="utf-8")
    with pytest.raises(InputError) as exc:
        score_directory(run)
    assert "objections row 1, field 'finding'" in str(exc.value) and "advisory record" in str(exc.value)


class _Rows(HTMLParser):
    """The annex page's group rows (id F-…) with their text, and every img src."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}
        self.current: str | None = None
        self.images: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and (a.get("id") or "").startswith("F-"):
            self.current = a["id"]
            self.rows[self.current] = ""
        if tag == "img":
            self.images.append(a.get("src") or "")
        if tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current:
            self.rows[self.current] += data


def test_annex_page_groups_by_criterion_escapes_and_shows_the_crop(runs):
    page = (runs["annex"] / "report" / "annex" / "alpha.html").read_text(encoding="utf-8")
    parser = _Rows()
    parser.feed(page)
    assert set(parser.rows) == {r["id"] for r in runs["records"]}
    header = next(r for r in runs["records"] if r["advisory"]["instances"][0]["selector"] == HEADER_SELECTOR)
    # the header logo on 30 pages: one row, not 30, with the page count
    rows_with_header = [rid for rid, text in parser.rows.items() if HEADER_SELECTOR in text]
    assert rows_with_header == [header["id"]]
    assert "30" in parser.rows[header["id"]].split()
    # the hostile snippet is text: escaped in the source, never markup (only our own script element)
    assert HOSTILE not in page and "&lt;script&gt;alert(&#39;annex&#39;)&lt;/script&gt;" in page
    assert parser.scripts == 1
    assert any(HOSTILE in text for text in parser.rows.values())
    # grouped by WCAG 2.2 criterion with its title; the unscored ones say so
    assert page.index('id="sc-1.1.1"') < page.index('id="sc-1.4.3"') < page.index('id="sc-4.1.2"') < page.index(
        'id="sc-none"')
    assert "Нетекстовый контент" in page and "Мәтіндік емес мазмұн" in page
    assert "не оценивается методикой" in page
    assert 'id="a4.3.1"' in page
    # the header group's evidence has a box: its thumbnail is the crop around the element
    assert any(src.startswith("../thumbs/") for src in parser.images)


def test_evidence_stage_bounds_the_annex_pages_and_measures_its_selectors():
    failing = {"alpha": ["http://alpha.test/"]}
    records = [{"body": "alpha", "verdict": ADVISORY, "evidence": [
        evidence(f"http://alpha.test/p{i}", selector=f"#e{i}") for i in range(2)]} for _ in range(1)]
    records += [{"body": "alpha", "verdict": ADVISORY,
                 "evidence": [evidence(f"http://alpha.test/q{i}", selector="#x")]} for i in range(40)]
    records.append({"body": "alpha", "verdict": ADVISORY, "evidence": [evidence("http://alpha.test/")]})
    extra = advisory_urls(records, failing)["alpha"]
    assert len(extra) == MAX_ADVISORY_SCREENSHOTS_PER_BODY and "http://alpha.test/" not in extra
    fail = {"body": "alpha", "verdict": "fail", "evidence": [evidence("http://alpha.test/p0", selector="#f")]}
    assert failing_selectors([*records, fail])["http://alpha.test/p0"] == ["#f", "#e0"]  # failing first


# Three pages of one template, built by hand: the shared header's logo has no alt (axe image-alt, 1.1.1, a4.3.1)
# and its icon link has no text (axe link-name: 2.4.4 and 4.1.2 from the rule's tags, no a4.3.x row).
TEMPLATE_PAGE = """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Новость {n}</title></head>
<body><header><a href="/"><img src="logo.png" width="40" height="40"></a> <a href="/search"><span></span></a>
</header><main><h1>Новость {n}</h1><p>Текст новости номер {n}.</p></main></body></html>"""


@pytest.mark.browser
@pytest.mark.integration
def test_real_axe_results_reach_the_annex_with_their_criteria(tmp_path):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from crawler.browser.a11y import check_pages

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

    pages = tmp_path / "site"
    pages.mkdir()
    for n in range(1, 4):
        (pages / f"news{n}.html").write_text(TEMPLATE_PAGE.replace("{n}", str(n)), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(pages)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/"
        arts = check_pages([f"{base}news{n}.html" for n in range(1, 4)], out_dir=tmp_path / "out", timeout_s=8,
                           workers=1, checks=("axe",), watch_tab=False, submit_forms=False)
    finally:
        server.shutdown()
    assert all(a["error"] is None for a in arts.values()), arts
    records = {r["advisory"]["check"]: r for r in advisory_records("b", base, site_barriers(arts))}
    logo, link = records["image-alt"]["advisory"], records["link-name"]["advisory"]
    assert (logo["criteria"], logo["scored_indicator"], logo["page_count"]) == (["1.1.1"], "a4.3.1", 3)
    assert logo["instances"][0]["selector"] and "logo.png" in logo["instances"][0]["snippet"]
    assert set(link["criteria"]) >= {"2.4.4", "4.1.2"} and link["scored_indicator"] is None
    assert link["page_count"] == 3 and records["link-name"]["indicator"] == "a11y.annex"


def test_attached_screenshots_and_boxes_reach_the_example_instances(tmp_path):
    from crawler.store import RunStore
    from govaudit.evidence import BOX_KIND, attach_screenshots, box_key

    record = next(r for r in advisory_records("alpha", SITE, site_barriers(
        {u: json.loads(json.dumps(DATA["news_page"]).replace("{n}", u[-1])) for u in
         ("https://example.gov.kz/news/1", "https://example.gov.kz/news/2")})) if r["advisory"]["check"] == "image-alt")
    first = "https://example.gov.kz/news/1"
    store = RunStore(tmp_path / "run.sqlite")
    store.put_artifact("alpha", "", "screenshot", first, "screenshots/alpha/1.png")
    store.put_artifact("alpha", "", BOX_KIND, box_key(first, HEADER_SELECTOR), {"x": 5, "y": 6, "w": 40, "h": 40})
    attach_screenshots([record], store)
    store.close()
    shown = [(i["url"], i.get("screenshot"), i.get("box")) for i in record["advisory"]["instances"]]
    assert shown == [(first, "screenshots/alpha/1.png", {"x": 5, "y": 6, "w": 40, "h": 40}),
                     ("https://example.gov.kz/news/2", None, None)]  # that page was not shot
