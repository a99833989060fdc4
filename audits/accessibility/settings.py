"""Named readings for the accessibility indicators a4.3.1–a4.3.8 (ict-methodology.md A-8)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from govaudit.errors import InputError


@dataclass(frozen=True)
class AccessibilitySettings:
    # rows 3.1-3.8 have no distribution rule: all-or-nothing by default; proportional = max × share of
    # checked pages that pass (an implementation choice the methodology does not state).
    a11y_proportional: bool = False
    # a4.3.7: 4.5:1 for all text (the methodology's figure) instead of WCAG's 3:1 for large text.
    a11y_strict_contrast: bool = False
    # The browser checks run on a template-aware sample (crawler/browser/a11y_gather.py): this many pages of
    # every page template (home and language homes always), plus every page with a form, media, motion, a frame,
    # a dialog trigger or a long document …
    a11y_pages_per_template: int = 2
    # … at most this many pages per site (0: no browser checks); a cap that cuts the sample is a collection note.
    a11y_max_pages: int = 60
    # Old reading ("pages per site"), kept as an alias of a11y_max_pages: used as the cap when that is not given.
    # 0 = not set.
    a11y_pages: int = 0

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> AccessibilitySettings:
        converted: dict[str, Any] = {}
        for name, value in (values or {}).items():
            kind = type(getattr(cls(), name))
            if kind is bool and isinstance(value, str):
                value = value.strip().lower() in ("1", "true", "yes", "on")
            try:
                converted[name] = kind(value)
            except (TypeError, ValueError) as exc:
                raise InputError(f"accessibility setting {name}={value!r} is not a valid {kind.__name__}",
                                 "fix the value in the targets file or --setting") from exc
        return cls(**converted)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FIELDS = tuple(f.name for f in fields(AccessibilitySettings))
