"""Server-supplied text kept in samples and TLS states (error messages, status lines, certificate names) loses its
control characters here: they could rewrite a terminal through the log, and spreadsheet writers refuse them.
Every output still encodes what is left (HTML autoescape, formula neutralising, JSON)."""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_CHARS = 500


def clean(text: str | None, limit: int = MAX_CHARS) -> str | None:
    if text is None:
        return None
    out = _CONTROLS.sub("\ufffd", str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"
