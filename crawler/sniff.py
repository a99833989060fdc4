"""Is a body that claims to be HTML really text? Binary files are often served as text/html by misconfigured sites."""

from __future__ import annotations

# Magic numbers of the binary formats state-body sites serve by mistake (documents, archives, images, media).
_MAGIC = ((b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\xd0\xcf\x11\xe0", "OLE/Office"),
          (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"Rar!", "RAR"),
          (b"7z\xbc\xaf", "7z"), (b"\x1f\x8b", "gzip"), (b"ID3", "MP3"), (b"\x00\x00\x00", "MP4/binary"),
          (b"RIFF", "RIFF media"), (b"\x7fELF", "executable"), (b"MZ", "executable"))
SAMPLE = 4096


def binary_kind(body: bytes) -> str | None:
    """A name for the binary format of `body`, or None when it reads as text."""
    if not body:
        return None
    head = body[:SAMPLE]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    # Text in any charset has no NUL bytes and few C0 controls besides tab/newline/CR/FF/ESC; UTF-16 text
    # (which has NULs) announces itself with a BOM.
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if b"\x00" in head or controls > len(head) * 0.1:
        return "binary data"
    return None
