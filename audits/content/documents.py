"""Is a published document machine-readable text (Appendix 5 items marked *)? Pure: reads stored bytes only.

A scanned image or a PDF without a text layer does not count; HTML, DOC(X), XLS(X), ODT, RTF, TXT and PDFs with
extractable text do.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from core.artifacts import PageArtifact

IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp")
TEXT_EXT = (".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".rtf", ".txt", ".csv", ".xml", ".json")
DOC_EXT = IMAGE_EXT + TEXT_EXT + (".pdf", ".zip", ".rar")
MIN_TEXT_CHARS = 10  # fewer extractable characters than this in the first pages = no text layer


@dataclass(frozen=True)
class Readability:
    readable: bool | None  # None: cannot tell (not stored)
    kind: str              # pdf | image | office | html | archive | unknown
    reason: str
    text: str = ""


def looks_like_document(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(DOC_EXT)


def doc_kind(url: str, content_type: str | None) -> str:
    ct = (content_type or "").lower()
    path = urlsplit(url).path.lower()
    if "pdf" in ct or path.endswith(".pdf"):
        return "pdf"
    if ct.startswith("image/") or path.endswith(IMAGE_EXT):
        return "image"
    if "html" in ct:
        return "html"
    if path.endswith((".zip", ".rar")) or "zip" in ct:
        return "archive"
    if path.endswith(TEXT_EXT) or any(k in ct for k in ("word", "excel", "spreadsheet", "opendocument", "rtf",
                                                         "text/plain", "csv")):
        return "office"
    return "unknown"


def pdf_text(data: bytes, max_pages: int = 3) -> str:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        return " ".join((page.extract_text() or "") for page in reader.pages[:max_pages]).strip()
    except Exception:  # noqa: BLE001 - a broken PDF is simply not readable
        return ""


def readability(page: PageArtifact | None, url: str) -> Readability:
    if page is None:
        kind = doc_kind(url, None)
        if kind == "image":
            return Readability(False, kind, "an image file (scan), not text")
        return Readability(None, kind, "the document was not downloaded by the crawl; text layer not checked")
    kind = doc_kind(page.url, page.content_type)
    info_doc = (page.info or {}).get("document") or {}
    if kind == "image":
        return Readability(False, kind, f"an image file ({page.content_type or 'image'}), not text")
    if kind == "html":
        return Readability(True, kind, "HTML text")
    if kind == "pdf":
        if "text_layer" in info_doc:
            ok = bool(info_doc["text_layer"])
            return Readability(ok, kind, "PDF with a text layer" if ok else "PDF without a text layer (scanned image)")
        data = getattr(page, "content", None)
        if not data:
            return Readability(None, kind, "PDF bytes not stored; text layer not checked")
        text = pdf_text(data)
        if len(text.replace(" ", "")) >= MIN_TEXT_CHARS:
            return Readability(True, kind, f"PDF with a text layer ({len(text)} characters on the first pages)", text)
        return Readability(False, kind, "image-only PDF: no extractable text on the first pages (scanned image)")
    if kind == "office":
        return Readability(True, kind, f"text document ({page.content_type or urlsplit(page.url).path})")
    return Readability(None, kind, f"unknown format ({page.content_type}); not checked")
