"""Official forms per body, in Kazakh and Russian, as DOCX and PDF: the ICT conclusion (order 1279 Appendix 2),
the openness conclusion (2020 Appendix 8), the reconciliation act (Appendix 9) and, after an appeal, the
disagreement tables (Appendix 10; 2020 Appendix 14). Templates are data (templates/*.yaml); report/forms/<body>/."""

from __future__ import annotations

from pathlib import Path

from core.log import log
from reports.forms.docx_render import write_docx
from reports.forms.model import Document, documents_for
from reports.forms.pdf_render import write_pdf
from reports.rundata import RunData


def write_forms(run: RunData, out_dir: Path, *, pdf: bool = True) -> list[Path]:
    from reports.site import slug

    written: list[Path] = []
    docs: list[Document] = []
    for body in run.bodies:
        docs += documents_for(run, body)
    for doc in docs:
        folder = out_dir / "forms" / slug(doc.body)
        written.append(write_docx(doc, folder / f"{doc.file}.docx"))
        if pdf:
            written.append(write_pdf(doc, folder / f"{doc.file}.pdf"))
    if docs:
        log.info("[report] %d forms for %d bodies → %s", len(docs), len({d.body for d in docs}), out_dir / "forms")
    return written
