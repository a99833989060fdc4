"""Readings of the accessibility indicators a4.3.1–a4.3.8 (ict-methodology.md A-8) as a typed view of the readings
registry (core/readings.yaml holds their names, defaults, ranges and descriptions)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from core.readings import default, for_fields


@dataclass(frozen=True)
class AccessibilitySettings:
    a11y_proportional: bool = default("a11y_proportional")  # all-or-nothing unless true
    a11y_strict_contrast: bool = default("a11y_strict_contrast")
    # the template-aware browser sample (crawler/browser/a11y_gather.py) and its per-site cap
    a11y_pages_per_template: int = default("a11y_pages_per_template")
    a11y_max_pages: int = default("a11y_max_pages")
    a11y_pages: int = default("a11y_pages")  # deprecated: read as the cap when a11y_max_pages is not given

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> AccessibilitySettings:
        return cls(**for_fields((f.name for f in fields(cls)), values, group="accessibility"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FIELDS = tuple(f.name for f in fields(AccessibilitySettings))
