"""Is an attached file readable? Broken (HTTP error), empty (0 bytes), image-only (no text layer), or ok (DEF-11)."""

from __future__ import annotations

import io
import re
import zipfile

from pypdf import PdfReader
from pypdf.errors import PdfReadError

_TEXT_PARTS = re.compile(r"(word/document|xl/sharedStrings|ppt/slides/slide\d+)\.xml")
OK, BROKEN, EMPTY, IMAGE_ONLY, UNREADABLE = "ok", "broken", "empty", "image_only", "unreadable"


def classify_attachment(status: int, body: bytes, path: str) -> str:
    if status != 200:
        return BROKEN
    if not body.strip():
        return EMPTY
    ext = path.lower().rsplit("?", 1)[0].rsplit(".", 1)[-1]
    if ext == "pdf" or body.startswith(b"%PDF"):
        return _pdf(body)
    if ext in ("docx", "xlsx", "pptx") or body.startswith(b"PK"):
        return _ooxml(body)
    return OK  # other formats (doc, rtf, images…) are not judged here


def _pdf(body: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(body))
        text = "".join((page.extract_text() or "") for page in reader.pages[:5])
    except (PdfReadError, ValueError, KeyError, OSError):
        return UNREADABLE
    return OK if text.strip() else IMAGE_ONLY


def _ooxml(body: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            names = z.namelist()
            xml_parts = [n for n in names if _TEXT_PARTS.fullmatch(n)]
            text = "".join(re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8", "replace")) for n in xml_parts)
            has_media = any("/media/" in n for n in names)
    except (zipfile.BadZipFile, KeyError, OSError):
        return UNREADABLE
    if text.strip():
        return OK
    return IMAGE_ONLY if has_media else EMPTY
