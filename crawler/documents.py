"""What a downloaded file is: real type (by its bytes, not only its name), size, declared vs actual encoding,
whether a PDF has a text layer and whether a DOCX has any text (a scanned image is not machine-readable)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from urllib.parse import urlsplit

DOC_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "txt", "xml", "zip", "rar", "7z",
                  "odt", "ods", "csv", "jpg", "jpeg", "png", "gif", "tif", "tiff", "html", "htm")
_CHARSET = re.compile(r"charset=([\w-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)
MAX_PDF_PAGES = 3
MIN_TEXT_CHARS = 20


def extension(url: str) -> str:
    path = urlsplit(url).path.lower()
    return path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""


def sniff_type(content: bytes, url: str, content_type: str | None) -> str:
    head = content[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return {"xls": "xls", "ppt": "ppt"}.get(extension(url), "doc")
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        if "content.xml" in names:
            return "odt" if extension(url) != "ods" else "ods"
        return "zip"
    if head.startswith((b"Rar!", b"7z\xbc\xaf")):
        return "rar" if head.startswith(b"Rar!") else "7z"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    if head.lstrip().startswith(b"<?xml"):
        return "xml"
    ctype = (content_type or "").lower()
    if "html" in ctype:
        return "html"
    if "text/plain" in ctype or extension(url) == "txt":
        return "txt"
    return extension(url) or "unknown"


def encoding_check(content: bytes, content_type: str | None) -> dict[str, Any]:
    """Declared charset (header, then <meta>) against what the bytes really are."""
    declared = None
    if content_type and (m := _CHARSET.search(content_type)):
        declared = m.group(1).lower()
    meta = _META_CHARSET.search(content[:4096])
    meta_declared = meta.group(1).decode("ascii", "replace").lower() if meta else None
    try:
        content.decode("utf-8")
        actual = "utf-8"
    except UnicodeDecodeError:
        actual = "cp1251" if _looks_cp1251(content) else "unknown"
    effective = declared or meta_declared
    return {"declared": declared, "meta_declared": meta_declared, "actual": actual,
            "mismatch": bool(effective) and _norm(effective) != _norm(actual) and actual != "unknown"
            and not (actual == "utf-8" and content.isascii()),
            "utf8": actual == "utf-8"}


def _norm(name: str) -> str:
    return {"utf8": "utf-8", "windows-1251": "cp1251", "win-1251": "cp1251"}.get(name.lower(), name.lower())


def _looks_cp1251(content: bytes) -> bool:
    high = [b for b in content[:20000] if b >= 0x80]
    return bool(high) and sum(0xC0 <= b <= 0xFF for b in high) / len(high) > 0.6


def pdf_text_chars(content: bytes) -> int | None:
    """Characters of extractable text in the first pages, or None when the PDF cannot be read."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return sum(len((page.extract_text() or "").strip()) for page in reader.pages[:MAX_PDF_PAGES])
    except Exception:  # pypdf raises many types on broken files; a broken file is a finding, not a crash
        return None


def docx_text_chars(content: bytes) -> tuple[int | None, int]:
    """(characters of text, number of embedded images) of a DOCX."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        xml = archive.read("word/document.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        return None, 0
    text = re.sub(r"<[^>]+>", "", xml)
    images = sum(1 for n in archive.namelist() if n.startswith("word/media/"))
    return len(text.strip()), images


def describe_document(url: str, content_type: str | None, content: bytes, status: int | None,
                      truncated: bool = False) -> dict[str, Any]:
    kind = sniff_type(content, url, content_type) if content else (extension(url) or "unknown")
    info: dict[str, Any] = {"type": kind, "extension": extension(url), "size": len(content),
                            "empty": not content, "truncated": truncated,
                            "type_matches_name": extension(url) in ("", kind) or (kind, extension(url)) in
                            {("html", "htm"), ("image", "jpg"), ("image", "png"), ("image", "jpeg")}}
    if kind == "pdf":
        chars = pdf_text_chars(content)
        info.update(text_chars=chars, text_layer=bool(chars and chars >= MIN_TEXT_CHARS), readable=chars is not None)
    elif kind == "docx":
        chars, images = docx_text_chars(content)
        info.update(text_chars=chars, images=images, text_layer=bool(chars and chars >= MIN_TEXT_CHARS),
                    readable=chars is not None)
    elif kind in ("txt", "xml", "rtf", "csv"):
        info["encoding"] = encoding_check(content, content_type)
    info["auth_required"] = status in (401, 403)
    return info
