"""Named readings for the Appendix 4 site checks (ict-methodology.md A-4, A-5, A-8, A-10, A-11), with defaults.

The lead merges this into the run's settings; `SiteCheckSettings.resolve(obj)` picks the fields of the same name
from whatever settings object an audit receives, so the audits work before and after the merge.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from govaudit.errors import InputError

_CHOICES = {
    "display_untestable": ("pass", "ignore"),
    "facts_per": ("requirement", "instance"),
    "english_bonus_mode": ("alternatives", "cumulative"),
    "official_marker_scope": ("all_homes", "any_home"),
}


@dataclass(frozen=True)
class SiteCheckSettings:
    # IE, Windows Phone, Presto Opera and WebKit Safari cannot be run here; "pass" counts them as passing
    # (flagged), "ignore" leaves them out (the 0.03 deductions then cover only the tested platforms anyway).
    display_untestable: str = "pass"
    # pages rendered per platform (home + menu pages); Firefox ESR renders only the first N of them.
    display_pages: int = 3
    display_firefox_pages: int = 1
    # a4.2.6 (1): the search field must accept at least this many characters.
    search_min_chars: int = 20
    # "-X for each detected fact of non-compliance" (2.7, 2.8, 2.9, 2.10): "requirement" = each unmet
    # sub-requirement is one fact (2.7: max 4 × 0.25); "instance" = every offending link/page is a fact
    # (floored at 0, so one row can lose everything to a single requirement).
    facts_per: str = "requirement"
    formats_require_size: bool = True  # (2) both the format and the size must be shown next to a download link
    # A-8 / 2.8: a page is a "large document" when its main text has at least this many characters.
    large_doc_chars: int = 4000
    # 2.9: the date must carry a time (the text says "date and time"); a requirement is met when at least this
    # share of material pages shows it.
    dates_require_time: bool = True
    dates_min_share: float = 0.5
    # 2.10 (2): the language switch fails when more than this share of checked pages lands on the wrong page.
    lang_switch_max_fail_share: float = 0.0
    # 2.10 (3): an external link must open a new window AND say so (title, aria-label, visible text or icon).
    external_notice_required: bool = True
    # 2.11: the "official internet resource" marker on every language home page, or on any of them.
    official_marker_scope: str = "all_homes"
    # 4.1: a link to an outside reception portal (eOtinish, dialog.egov.kz) instead of a form on the site.
    feedback_external_portal_counts: bool = False
    # 4.6: hidden analytics (no visible number/informer) does not count as a visit counter.
    counter_hidden_analytics_counts: bool = False
    # 4.5 bonus tiers are alternatives (max +0.5) or cumulative (max +0.75).
    english_bonus_mode: str = "alternatives"
    # the +0.5 tier needs this share of ru/kk material pages to have an English counterpart.
    english_full_share: float = 1.0

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> SiteCheckSettings:
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise InputError(f"unknown site-check setting(s): {', '.join(unknown)}",
                             f"use one of: {', '.join(sorted(known))}")
        defaults = cls()
        converted: dict[str, Any] = {}
        for name, value in values.items():
            kind = type(getattr(defaults, name))
            try:
                if kind is bool and isinstance(value, str):
                    converted[name] = value.strip().lower() in ("1", "true", "yes", "on")
                else:
                    converted[name] = kind(value)
            except (TypeError, ValueError) as exc:
                raise InputError(f"site-check setting {name}={value!r} is not a valid {kind.__name__}",
                                 "fix the value in the targets file or --setting") from exc
            if name in _CHOICES and converted[name] not in _CHOICES[name]:
                raise InputError(f"site-check setting {name} must be one of {', '.join(_CHOICES[name])}",
                                 "fix the value")
        return cls(**converted)

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
