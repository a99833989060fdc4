"""Official forms per body in kk and ru: DOCX read back with python-docx, PDF text read back with pypdf and with
poppler's pdftotext; both carry the body's name, the criteria and totals of scores.json, and hostile text only as
text."""

from __future__ import annotations

import json

import docx
import pytest
from pypdf import PdfReader

from reports.forms import write_forms
from reports.forms.model import documents_for, load_templates
from reports.rundata import load_run

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def forms(built_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("forms")
    run = load_run(built_run)
    return write_forms(run, out), run, out


def test_every_template_is_data_with_both_languages():
    templates = load_templates()
    assert {(t["id"], t["direction"]) for t in templates} >= {("ict-conclusion", "ict"),
                                                                ("openness-conclusion", "openness"),
                                                                ("reconciliation-act", "ict"),
                                                                ("disagreement-table", "ict"),
                                                                ("disagreement-table", "openness")}
    for t in templates:
        assert t["title"]["kk"] and t["title"]["ru"] and t["appendix"]["kk"] and t["appendix"]["ru"]


def test_forms_per_body_and_language_without_appeals(forms):
    written, run, out = forms
    names = {p.relative_to(out / "forms").as_posix() for p in written}
    for body in ("alpha", "beta", "gamma"):
        for form in ("ict-conclusion", "openness-conclusion", "reconciliation-act"):
            for lang in ("kk", "ru"):
                assert f"{body}/{form}-{lang}.docx" in names and f"{body}/{form}-{lang}.pdf" in names
    assert not [n for n in names if "disagreement" in n]  # no appeal, no Appendix 10


def test_ict_conclusion_docx_has_the_criteria_table_and_total(forms, built_run):
    _, run, out = forms
    scores = json.loads((built_run / "scores.json").read_text(encoding="utf-8"))["bodies"]["beta"]["ict"]
    d = docx.Document(str(out / "forms" / "beta" / "ict-conclusion-kk.docx"))
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert rows[0][1] == "Бағалау критерийі"
    assert rows[1][1] == "Интернет-ресурстың тиімділігі"
    assert rows[1][2] == f"{scores['criteria']['a3.1']['points']:.2f}"
    assert rows[-1][1] == "Жалпы бағалау" and rows[-1][2] == f"{scores['final']['points']:.2f}"
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Бета министрлігі" in text and "Қорытындылар мен ұсынымдар" in text and "2-қосымша" in text


def test_recommendations_name_what_to_fix_with_finding_ids(forms, built_run):
    _, run, out = forms
    d = docx.Document(str(out / "forms" / "alpha" / "ict-conclusion-ru.docx"))
    text = "\n".join(p.text for p in d.paragraphs)
    failing = [f for f in run.findings if f["body"] == "alpha" and f["verdict"] in ("fail", "partial")]
    assert failing and all(f["id"] in text for f in failing)
    assert "Устранить: Доступность интернет-ресурса" in text
    # the hostile note is text in the document, never a field or a formula
    assert "<script>alert(1)</script>" in text


def test_pdf_carries_the_body_name_and_totals(forms, built_run):
    _, run, out = forms
    scores = json.loads((built_run / "scores.json").read_text(encoding="utf-8"))["bodies"]
    for body, name in (("beta", "Министерство бета"), ("gamma", "Акимат гамма")):
        text = "\n".join(p.extract_text() for p in PdfReader(out / "forms" / body / "ict-conclusion-ru.pdf").pages)
        assert name in text and "Общая оценка" in text
        assert f"{scores[body]['ict']['final']['points']:.2f}" in text
    kk = "\n".join(p.extract_text() for p in PdfReader(out / "forms" / "gamma" / "reconciliation-act-kk.pdf").pages)
    assert "САЛЫСТЫРУ АКТІСІ" in kk and "Гамма әкімдігі" in kk


def test_document_model_is_the_same_for_docx_and_pdf(built_run):
    run = load_run(built_run)
    body = next(b for b in run.bodies if b["key"] == "alpha")
    docs = documents_for(run, body)
    assert {d.lang for d in docs} == {"kk", "ru"} and len(docs) == 6
    ru = next(d for d in docs if d.template == "ict-conclusion" and d.lang == "ru")
    assert "Министерство тестов" in ru.text()


def _pdftotext(path) -> str:
    """The PDF's text as poppler's pdftotext reads it (scripts/bootstrap.sh installs poppler-utils)."""
    import shutil
    import subprocess

    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is missing: run scripts/bootstrap.sh"
    done = subprocess.run([exe, "-enc", "UTF-8", "-layout", str(path), "-"], capture_output=True, timeout=60,
                          check=True)
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_pdftotext_finds_the_body_name_and_totals(forms, built_run, lang):
    _, run, out = forms
    scores = json.loads((built_run / "scores.json").read_text(encoding="utf-8"))["bodies"]
    names = {"beta": {"ru": "Министерство бета", "kk": "Бета министрлігі"},
             "gamma": {"ru": "Акимат гамма", "kk": "Гамма әкімдігі"}}
    total_label = {"ru": "Общая оценка", "kk": "Жалпы бағалау"}[lang]
    for body in ("beta", "gamma"):
        ict = scores[body]["ict"]
        text = _pdftotext(out / "forms" / body / f"ict-conclusion-{lang}.pdf")
        assert names[body][lang] in text
        assert total_label in text
        # the overall score and each criterion's points, as the form prints them (two decimals)
        assert f"{ict['final']['points']:.2f}" in text
        criteria = [(cid, c["points"]) for cid, c in ict["criteria"].items() if c.get("points") is not None]
        assert criteria
        for cid, points in criteria:
            assert f"{points:.2f}" in text, (body, cid)
        total_line = next(line for line in text.splitlines() if total_label in line)
        assert f"{ict['final']['points']:.2f}" in total_line
    kk = _pdftotext(out / "forms" / "gamma" / f"reconciliation-act-{lang}.pdf")
    assert names["gamma"][lang] in kk
