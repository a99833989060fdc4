"""Named readings for Appendix 5/6 (completeness, relevance, mobile) with defaults; see ict-methodology.md §15.

Override in the targets file (`audit.settings`) or with `--setting NAME=VALUE`; every finding's `reading` names the
values used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from govaudit.errors import InputError

CHOICES = {"section_credit": ("proportional", "strict"), "law_link_defects": ("act", "page", "mention")}


@dataclass(frozen=True)
class ContentSettings:
    # a partly filled section earns items present / items required x section points ("proportional",
    # the spec's recommendation) or its points only when every item is there ("strict").
    section_credit: str = "proportional"
    # an absent "(if any)" item is left out of the denominator (the body may have none).
    optional_absent_excluded: bool = True
    # Relevance: an outdated item still counts as present for the section's points and is counted once as the
    # defect "materials not updated on time" (0.1); False = an outdated item earns no points (and is a defect).
    outdated_item_credit: bool = True
    # Relevance readings (the methodology gives no periods): news feed stale after this many days (order 124-НҚ
    # asks for daily news; 30 days is the tolerant reading) ...
    news_max_age_days: int = 30
    # ... reports/plans/budget: the newest year mentioned must be at least (audit year - this lag), i.e. a report
    # for the last completed period ...
    report_year_lag: int = 1
    # ... dated lists (vacancies, events): the newest date must be at most this many days old.
    dated_max_age_days: int = 365
    # The audit date (the fixture clock or the assessment date), ISO; empty = today (UTC).
    audit_date: str = ""
    # kk/ru mismatch: paired pages whose figures overlap less than this (Jaccard) differ in content.
    mismatch_min_jaccard: float = 0.6
    # "laws mentioned without a link": one defect per distinct act named without a link (default), per page that
    # has such mentions, or per mention.
    law_link_defects: str = "act"

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None, *, strict: bool = True) -> ContentSettings:
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown and strict:
            raise InputError(f"unknown content/mobile setting(s): {', '.join(unknown)}",
                             f"use one of: {', '.join(sorted(known))}")
        defaults = cls()
        converted: dict[str, Any] = {}
        for name in known & set(values):
            kind = type(getattr(defaults, name))
            value = values[name]
            try:
                if kind is bool and isinstance(value, str):
                    value = value.strip().lower() in ("1", "true", "yes", "on")
                converted[name] = kind(value)
            except (TypeError, ValueError) as exc:
                raise InputError(f"setting {name}={value!r} is not a valid {kind.__name__}",
                                 "fix the value in the targets file or --setting") from exc
            if name in CHOICES and converted[name] not in CHOICES[name]:
                raise InputError(f"setting {name} must be one of {', '.join(CHOICES[name])}", "fix the value")
        if converted.get("audit_date"):
            try:
                datetime.fromisoformat(converted["audit_date"])
            except ValueError as exc:
                raise InputError(f"setting audit_date={converted['audit_date']!r} is not an ISO date",
                                 "write it as YYYY-MM-DD or an ISO timestamp") from exc
        return cls(**converted)

    @classmethod
    def coerce(cls, settings: Any) -> ContentSettings:
        """Accept this class, a mapping, or any settings object carrying some of these attribute names."""
        if isinstance(settings, cls):
            return settings
        if settings is None:
            return cls()
        if isinstance(settings, Mapping):
            return cls.from_mapping(settings, strict=False)
        return cls.from_mapping({f.name: getattr(settings, f.name) for f in fields(cls) if hasattr(settings, f.name)})

    def today(self) -> date:
        if self.audit_date:
            return datetime.fromisoformat(self.audit_date).date()
        return datetime.now(UTC).date()

    def reading(self) -> str:
        return (f"A-13 section_credit={self.section_credit}, optional_absent_excluded={self.optional_absent_excluded}; "
                f"relevance: outdated_item_credit={self.outdated_item_credit}, news<={self.news_max_age_days}d, "
                f"reports for year>={self.today().year - self.report_year_lag}, dated<={self.dated_max_age_days}d "
                f"(audit date {self.today().isoformat()}); A-16: items of a section titled * need text")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
