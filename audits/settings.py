"""Named readings of the methodology's ambiguous rules (ict-methodology.md, A-6 … A-9), with defaults.

Every finding records the reading it was judged by, so an evaluator sees which interpretation was used.
Override with `audit.settings` in the targets file or `--setting NAME=VALUE`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from govaudit.errors import InputError


@dataclass(frozen=True)
class AuditSettings:
    # the indicator text says 3 transitions, the rule cell says 5; default the indicator text.
    nav_depth_limit: int = 3
    # "clicks" counted over all links (Xenu Link Sleuth, which the rule names) or navigational links only.
    nav_links: str = "all"
    # full points when at least this share of material pages is within the limit.
    nav_material_share: float = 0.5
    # deduct 0.15 per element type missing on any page ("any_page") or on most pages ("majority").
    furniture_rule: str = "any_page"
    # A-8 (2.4 has no rule): breadcrumbs count as present when on at least this share of inner pages.
    breadcrumbs_min_share: float = 0.5
    # total deduction for dead site-map links is capped at 50 % of the row's 0.4.
    sitemap_deduction_cap: float = 0.2

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> AuditSettings:
        values = values or {}
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InputError(f"unknown audit setting(s): {', '.join(unknown)}",
                             f"use one of: {', '.join(sorted(known))}")
        converted: dict[str, Any] = {}
        defaults = cls()
        for name, value in values.items():
            kind = type(getattr(defaults, name))
            try:
                converted[name] = kind(value)
            except (TypeError, ValueError) as exc:
                raise InputError(f"audit setting {name}={value!r} is not a valid {kind.__name__}",
                                 "fix the value in the targets file or --setting") from exc
        if converted.get("nav_links", "all") not in ("all", "navigational"):
            raise InputError("audit setting nav_links must be 'all' or 'navigational'", "fix the value")
        if converted.get("furniture_rule", "any_page") not in ("any_page", "majority"):
            raise InputError("audit setting furniture_rule must be 'any_page' or 'majority'", "fix the value")
        return cls(**converted)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
