"""Appendix 5 recall on paraphrased items (issue #13 item 5): handmade pages with a hand-written truth
(tests/content/pages/recall_site.yaml, recall_truth.yaml), and unit cases for the morphology and acceptance rules
behind them. Each rule has a near miss that must stay absent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from audits.content import ContentSettings, audit_content
from audits.content.accept import heading_above
from core.artifacts import PageArtifact, SiteArtifacts
from crawler.content.morph import match_terms, term_phrase, tokens

HERE = Path(__file__).with_name("pages")
BASE = "http://127.0.0.1:9"
SETTINGS = ContentSettings(audit_date="2026-07-01")
SPEC = yaml.safe_load((HERE / "recall_site.yaml").read_text(encoding="utf-8"))
TRUTH = yaml.safe_load((HERE / "recall_truth.yaml").read_text(encoding="utf-8"))


def _site(name: str) -> SiteArtifacts:
    pages: dict[str, PageArtifact] = {}
    for path, page in SPEC[name].items():
        lang = path.split("/")[1]
        doc = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{page["title"]}</title>'
               f'</head><body><main id="content">{page["main"]}</main></body></html>')
        pages[BASE + path] = PageArtifact(BASE + path, 200, "text/html; charset=utf-8", doc, lang=lang,
                                          final_url=BASE + path)
    links = "".join(f'<a href="{path}">{page["title"]}</a>' for path, page in SPEC[name].items())
    home = (f'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Главная</title></head><body>'
            f'<nav>{links}</nav><main><h1>Комитет</h1></main></body></html>')
    pages[BASE + "/ru/"] = PageArtifact(BASE + "/ru/", 200, "text/html; charset=utf-8", home, lang="ru",
                                        final_url=BASE + "/ru/")
    pages[BASE + "/"] = PageArtifact(BASE + "/", 302, "text/html", "", info={"redirect_to": BASE + "/ru/"})
    return SiteArtifacts(name, BASE + "/", pages, [])


def _items(name: str) -> dict[tuple[str, str], dict]:
    out = {}
    for f in audit_content(_site(name), "committee", SETTINGS):
        for e in f["evidence"] if f["indicator"] != "a5.defects" else ():
            m = e.get("measured") or {}
            if "item" in m:
                out[(f"a5.cso.{m['item'].split(' ', 1)[0]}", f["lang"])] = m
    return out


@pytest.fixture(scope="module")
def audited() -> dict[str, dict[tuple[str, str], dict]]:
    return {name: _items(name) for name in TRUTH}


CASES = [(name, lang, item, status) for name, langs in TRUTH.items() for lang, rows in langs.items()
         for item, status in rows.items()]


@pytest.mark.parametrize(("site", "lang", "item", "status"), CASES,
                         ids=[f"{s}-{lg}-{it}" for s, lg, it, _ in CASES])
def test_item_status_equals_the_hand_written_truth(audited, site, lang, item, status):
    got = audited[site][(item, lang)]
    assert got["status"] == status, got["matched"]


@pytest.mark.parametrize(("phrase", "text", "hit"), [
    # шағым's own stem is "шақ" (-ым read as a possessive): its class member дау must still count for "шағым*"
    ("жауап* * шағым*", "Берілген жауапқа дауыңыз болса", True),
    ("жауап* * шағым*", "Жауап беру мерзімі он бес күн", False),
    # to open and to start a business are one step
    ("бизнес* ашу*", "Бизнесті қалай бастау керек", True),
    ("бизнес* ашу*", "Бизнес-жоспар байқауы басталды", False),
    ("ведомстволық ұйым*", "Ведомствоның ұйымдары", True),
])
def test_kazakh_classes_apply_to_stems(phrase, text, hit):
    tp = term_phrase(phrase, "kk")
    assert tp is not None
    assert (match_terms(tp, tokens(text, "kk"), len(tokens(text, "kk"))) is not None) is hit


@pytest.mark.parametrize(("phrase", "text", "hit"), [
    ("открыть сво* дел*", "Хотите открыть собственное дело? Откройте своё дело за три шага", True),
    ("начать сво* дел*", "Начинаем своё дело", False),  # another verb form is not the phrase's word
    ("начать сво* дел*", "Как начать свое дело с нуля", True),
    ("начать сво* дел*", "Начать рассмотрение дела по существу", False),
])
def test_russian_own_business_phrases(phrase, text, hit):
    tp = term_phrase(phrase, "ru")
    assert tp is not None
    assert (match_terms(tp, tokens(text, "ru"), len(tokens(text, "ru"))) is not None) is hit


@pytest.mark.parametrize(("markup", "heading"), [
    ("<h2>H</h2><p id=t>x</p>", "H"),
    ("<h2>H</h2><div><p id=t>x</p></div>", "H"),                       # a CMS wrapper around the text
    ("<h2>H</h2><div><time>20.01.2025</time></div><div><p id=t>x</p></div>", "H"),  # a date stamp between
    ("<h2>H</h2><p>first</p><p id=t>x</p>", None),                     # other text stands between
    ("<p>intro</p><p id=t>x</p>", None),
])
def test_the_heading_a_passage_stands_under(markup, heading):
    doc = lxml_html.fromstring(f"<html><body><main>{markup}</main></body></html>")
    found = heading_above(doc.get_element_by_id("t"))
    assert (found.text_content() if found is not None else None) == heading
