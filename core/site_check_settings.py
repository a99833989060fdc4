"""Readings of the Appendix 4 site checks (ict-methodology.md A-4, A-5, A-8, A-10, A-11) as a typed view of the
readings registry: names, defaults, allowed values and descriptions live in core/readings.yaml.

`SiteCheckSettings.resolve(obj)` picks the fields of the same name from whatever settings object an audit
receives (the run's `Readings`, a mapping or this class).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from core.readings import default, for_fields


@dataclass(frozen=True)
class SiteCheckSettings:
    display_untestable: str = default("display_untestable")
    display_pages: int = default("display_pages")  # pages rendered per platform
    display_firefox_pages: int = default("display_firefox_pages")
    search_min_chars: int = default("search_min_chars")  # a4.2.6 (1)
    facts_per: str = default("facts_per")
    formats_require_size: bool = default("formats_require_size")  # a4.2.7 (2)
    large_doc_chars: int = default("large_doc_chars")  # A-8 / a4.2.8
    dates_require_time: bool = default("dates_require_time")  # a4.2.9
    dates_min_share: float = default("dates_min_share")
    lang_switch_max_fail_share: float = default("lang_switch_max_fail_share")  # a4.2.10 (2)
    external_notice_required: bool = default("external_notice_required")  # a4.2.10 (3)
    official_marker_scope: str = default("official_marker_scope")  # a4.2.11
    feedback_external_portal_counts: bool = default("feedback_external_portal_counts")  # a4.4.1
    counter_hidden_analytics_counts: bool = default("counter_hidden_analytics_counts")  # a4.4.6
    english_bonus_mode: str = default("english_bonus_mode")
    english_full_share: float = default("english_full_share")
    # Readings of issue #13 item 3 (in core/readings.yaml), both A-8 / a4.2.8: a material page
    # (crawler/page_types.py) is also a large document by its structure when its text has at least
    # `large_doc_structure_chars` characters and an anchor table of contents (>= 2 in-page links to its parts) or
    # at least `large_doc_min_headings` sub-headings; `large_doc_chars` stays the length-only threshold.
    large_doc_structure_chars: int = default("large_doc_structure_chars")
    large_doc_min_headings: int = default("large_doc_min_headings")

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> SiteCheckSettings:
        return cls(**for_fields((f.name for f in fields(cls)), values, group="site-check"))

    @classmethod
    def resolve(cls, settings: Any) -> SiteCheckSettings:
        """This module's settings from any settings object or mapping that may carry some of its fields."""
        if isinstance(settings, cls):
            return settings
        if isinstance(settings, dict):
            return cls.from_mapping({k: v for k, v in settings.items() if k in {f.name for f in fields(cls)}})
        picked = {f.name: getattr(settings, f.name) for f in fields(cls) if hasattr(settings, f.name)}
        return cls.from_mapping(picked)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def gatherer_settings(audit: dict[str, Any]) -> SiteCheckSettings:
    """The readings a gatherer sees: the targets file's `audit.settings` (fields of this class) overlaid with its
    `audit.site_checks` mapping (which the run's audit-settings validation does not see)."""
    names = {f.name for f in fields(SiteCheckSettings)}
    merged = {k: v for k, v in (audit.get("settings") or {}).items() if k in names}
    merged.update(audit.get("site_checks") or {})
    return SiteCheckSettings.from_mapping(merged)
