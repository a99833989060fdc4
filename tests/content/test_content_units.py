"""Dictionaries, phrase matching, readability, settings, and a body with nothing detectable."""

from __future__ import annotations

import pytest

from audits.content import ContentSettings, audit_content
from audits.content.documents import readability
from audits.content.text import find_dates, find_years
from core.artifacts import PageArtifact, SiteArtifacts
from core.errors import InputError
from crawler.content.model import concepts, sections, table_sections
from crawler.text import compile_phrase, norm
from fixtures.content.files import image_pdf_bytes, text_pdf_bytes


def test_tables_match_the_methodology_totals():
    for table, n_sections in (("cso", 13), ("leb", 15)):
        secs = table_sections(5, table)
        assert len(secs) == n_sections
        for lang in ("kk", "ru"):
            assert sum(s.points[lang] for s in secs) == pytest.approx(50)
    assert sum(len(s.items) for s in table_sections(5, "cso")) == 74
    assert sum(len(s.items) for s in table_sections(5, "leb")) == 75
    for table, n_sections, n_items in (("cso", 5, 22), ("leb", 7, 27)):  # the memo header 3) is not scored
        secs = table_sections(6, table)
        assert len(secs) == n_sections and sum(len(s.items) for s in secs) == n_items
        assert sum(s.points["kk"] for s in secs) == pytest.approx(25)
    # A-16: * items of Table 1 and the section-title * of Table 2 1.6
    mr = {f"{s.id}.{it.number}" for s in sections().values() for it in s.items if it.machine_readable}
    assert {"a5.cso.1.4.1", "a5.cso.1.4.2", "a5.cso.1.6.2", "a5.cso.1.13.1", "a5.leb.1.6.1", "a5.leb.1.6.2",
            "a5.leb.1.9.2"} <= mr
    assert "a5.leb.1.4.1" not in mr


def test_every_concept_has_phrases_in_both_languages():
    for cid, c in concepts().items():
        assert c.phrases["kk"] and c.phrases["ru"], cid


@pytest.mark.parametrize(("phrase", "text", "hit"), [
    ("отчет* * исполнени* стратегическ* план*", "Отчёт об исполнении Стратегического плана", True),
    ("ваканс*", "Вакансии", True),
    ("ваканс*", "вакантных должностей", False),
    ("бос орын*", "Бос орындар", True),
    ("адрес:", "Адрес: г. Астана", True),
    ("әлеуметтік маңызы бар * жоба*", "Әлеуметтік маңызы бар жобалар", True),
    ("нпа", "снпа", False),
])
def test_phrase_semantics(phrase, text, hit):
    assert bool(compile_phrase(phrase).search(norm(text))) is hit


def test_dates_in_both_languages():
    assert [d.isoformat() for d in find_dates("Опубликовано 15.06.2026; 2026 жылғы 3 шілде; 1 июля 2025 г.")] == [
        "2026-06-15", "2026-07-03", "2025-07-01"]
    assert find_years("Отчет за 2025 год, размещен 15.02.2026", 2027) == [2025]


def test_scans_and_image_only_pdfs_are_not_machine_readable():
    scan = PageArtifact("http://x/a.pdf", 200, "application/pdf", content=image_pdf_bytes())
    text = PageArtifact("http://x/b.pdf", 200, "application/pdf", content=text_pdf_bytes(["Budget report 2025"]))
    jpg = PageArtifact("http://x/c.jpg", 200, "image/jpeg", content=b"\xff\xd8")
    assert readability(scan, scan.url).readable is False and "scan" in readability(scan, scan.url).reason
    assert readability(text, text.url).readable is True
    assert readability(jpg, jpg.url).readable is False
    assert readability(None, "http://x/d.pdf").readable is None


def test_settings_validate_and_coerce():
    assert ContentSettings.coerce({"section_credit": "strict", "other": 1}).section_credit == "strict"
    with pytest.raises(InputError):
        ContentSettings.from_mapping({"section_credit": "half"})
    with pytest.raises(InputError):
        ContentSettings.from_mapping({"nope": 1})
    assert ContentSettings.from_mapping({"outdated_item_credit": "false"}).outdated_item_credit is False


def _site(html: str) -> SiteArtifacts:
    url = "http://127.0.0.1:9/"
    return SiteArtifacts("blank", url, {url: PageArtifact(url, 200, "text/html; charset=utf-8", html, "ru", "x")}, [])


def test_a_body_with_nothing_detectable_gets_low_points_with_what_was_searched():
    html = "<html lang=ru><head><title>Сайт</title></head><body><p>Сайт находится в разработке.</p></body></html>"
    findings = audit_content(_site(html), "local", {"audit_date": "2026-07-01"})
    sections_f = [f for f in findings if f["indicator"].startswith("a5.leb.")]
    assert len(sections_f) == 30
    assert sum(f["points"] for f in sections_f) == 0
    for f in sections_f:
        assert f["verdict"] == "fail"
        for e in f["evidence"]:
            assert e["measured"]["status"] == "absent"
            assert "searched" in e["measured"]["matched"]
    kk = next(f for f in sections_f if f["lang"] == "kk")
    assert "no kk pages" in kk["note"]
    defects = [f for f in findings if f["indicator"] == "a5.defects"]
    assert [f["evidence"][0]["measured"]["count"] for f in defects] == [0, 0]


def test_an_unreachable_home_page_gives_error_findings_not_a_crash():
    url = "http://127.0.0.1:9/"
    site = SiteArtifacts("down", url, {url: PageArtifact(url, None, None, error="connection refused")}, [])
    findings = audit_content(site, "central", None)
    assert findings and all(f["verdict"] == "error" and f["points"] is None for f in findings)
    assert "connection refused" in findings[0]["note"]
