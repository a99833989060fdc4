"""Document model -> PDF with WeasyPrint (HTML + CSS -> PDF, pinned in pyproject.toml).

Why WeasyPrint and not LibreOffice headless: it is a pinned Python wheel on the Pango already on the machine
(Chromium needs it), not a ~400 MB office suite from apt whose version drifts with Debian; it needs no
profile directory, lock file or long-lived soffice process; and it renders in-process, so one failure is one
form, not a hung converter. The PDF is laid out from the same document model as the DOCX, so both carry the
same text and numbers. The HTML is built with autoescape (crawled text is hostile) and WeasyPrint is given a
URL fetcher that fetches nothing: a form never loads a remote or local resource named by a page.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from reports.forms.docx_render import xml_safe
from reports.forms.model import Document

CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: "DejaVu Serif", serif; font-size: 11pt; }
.right { text-align: right; margin: 0; }
.title { text-align: center; font-weight: bold; margin: .8em 0; }
.subtitle { text-align: center; margin: .8em 0 0; }
.field { text-align: center; margin: .6em 0 0; text-decoration: underline; }
.caption { text-align: center; font-size: 8pt; margin: 0 0 .5em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; font-size: 10pt; }
tr.total td { font-weight: bold; }
.heading { font-weight: bold; margin-top: .8em; }
.sig { margin-top: 1.2em; }
.sigcap { font-size: 8pt; }
"""

TEMPLATE = (Path(__file__).with_name("form.html.j2")).read_text(encoding="utf-8")

_env = Environment(autoescape=True)
_template = _env.from_string(TEMPLATE)


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"forms load no resources ({url[:80]})")


def render_html(doc: Document) -> str:
    title = next((b.text for b in doc.blocks if b.kind == "title"), doc.template)
    return xml_safe(_template.render(doc=doc, title=title))


def write_pdf(doc: Document, path: Path) -> Path:
    from weasyprint import CSS as WCSS
    from weasyprint import HTML

    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=render_html(doc), url_fetcher=_no_fetch).write_pdf(str(path), stylesheets=[_stylesheet(WCSS)])
    return path


_css_cache: list = []


def _stylesheet(WCSS):
    if not _css_cache:
        _css_cache.append(WCSS(string=CSS, url_fetcher=_no_fetch))
    return _css_cache[0]
