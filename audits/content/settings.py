"""Named readings for Appendix 5/6 (completeness, relevance, mobile) with defaults; see ict-methodology.md §15.

A typed view of the readings registry (core/readings.yaml). Override in the targets file (`audit.settings`) or
with `--setting NAME=VALUE`; every finding's `reading` names the values used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from core.readings import default, for_fields


@dataclass(frozen=True)
class ContentSettings:
    # Names, defaults, allowed values and descriptions: core/readings.yaml (the one registry of readings).
    section_credit: str = default("section_credit")  # proportional | strict
    optional_absent_excluded: bool = default("optional_absent_excluded")
    outdated_item_credit: bool = default("outdated_item_credit")  # relevance
    news_max_age_days: int = default("news_max_age_days")  # relevance: the methodology gives no periods
    report_year_lag: int = default("report_year_lag")
    dated_max_age_days: int = default("dated_max_age_days")
    audit_date: str = default("audit_date")  # ISO; empty = today (UTC)
    mismatch_min_jaccard: float = default("mismatch_min_jaccard")  # kk/ru mismatch
    law_link_defects: str = default("law_link_defects")  # act | page | mention

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None, *, strict: bool = True) -> ContentSettings:
        return cls(**for_fields((f.name for f in fields(cls)), values, strict=strict, group="content/mobile"))

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
