"""Document model -> DOCX (python-docx). Text is made XML-safe (a crawled control character would make Word
refuse the file) and every table cell goes through reports.cells.neutralise."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reports.cells import neutralise
from reports.forms.model import Document

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def write_docx(doc: Document, path: Path) -> Path:
    d = new_docx()
    section = d.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    d.core_properties.title = xml_safe(next((b.text for b in doc.blocks if b.kind == "title"), doc.template))
    d.core_properties.language = doc.lang
    for b in doc.blocks:
        if b.kind == "right":
            p = d.add_paragraph(xml_safe(b.text))
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b.kind in ("title", "subtitle"):
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(xml_safe(b.text))
            run.bold = b.kind == "title"
        elif b.kind == "field":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(xml_safe(b.text) or "_" * 40)
            run.underline = True
            cap = d.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            small = cap.add_run(xml_safe(b.caption))
            small.font.size = Pt(9)
        elif b.kind == "table":
            _table(d, b)
        elif b.kind == "heading":
            d.add_paragraph().add_run(xml_safe(b.text)).bold = True
        elif b.kind == "para":
            d.add_paragraph(xml_safe(b.text))
        elif b.kind == "list":
            for item in b.items:
                d.add_paragraph(xml_safe(item), style="List Bullet")
        elif b.kind == "signature":
            d.add_paragraph(xml_safe(b.text))
            line = d.add_paragraph("    ".join("_" * 16 for _ in b.items))
            line.paragraph_format.space_after = Pt(0)
            cap = d.add_paragraph().add_run(xml_safe("    ".join(b.items)))
            cap.font.size = Pt(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def _table(d, b) -> None:
    table = d.add_table(rows=1, cols=len(b.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, b.headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
    for n, row in enumerate(b.rows):
        cells = table.add_row().cells
        total = n >= len(b.rows) - b.bold_last
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(xml_safe(str(neutralise(text))))
            run.bold = total
