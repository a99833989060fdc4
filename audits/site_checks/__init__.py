"""The Appendix 4 site checks other than navigation (a4.2.2-a4.2.5) and accessibility (a4.3.x).

One small pure audit per concern over the site's stored artifacts; browser facts come from the `display`,
`search_check` and `feeds` gatherers. `SITE_CHECKS` maps indicator id -> audit(site, settings, features).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from audits.site_checks.dates import audit_dates
from audits.site_checks.display import audit_display
from audits.site_checks.engines import audit_search_engines
from audits.site_checks.english import audit_english
from audits.site_checks.formats import audit_formats
from audits.site_checks.identity import audit_no_stub, audit_official_marker
from audits.site_checks.interactive import audit_counter, audit_faq, audit_feedback, audit_poll
from audits.site_checks.large_docs import audit_large_documents
from audits.site_checks.links import audit_links
from audits.site_checks.rss import audit_rss
from audits.site_checks.search import audit_search
from core.findings import Finding, evidence, finding
from core.site_check_settings import SiteCheckSettings

MAX_POINTS = {"a4.1.1": 1, "a4.2.1": 0.25, "a4.2.6": 1, "a4.2.7": 1, "a4.2.8": 0.4, "a4.2.9": 0.4, "a4.2.10": 0.6,
              "a4.2.11": 0.1, "a4.2.12": 0.1, "a4.4.1": 0.1, "a4.4.2": 0.2, "a4.4.3": 0.3, "a4.4.4": 0.3,
              "a4.4.5": 0.3, "a4.4.6": 0.2}


def guarded(indicator: str, audit: Callable[..., Finding]) -> Callable[..., Finding]:
    """A site that breaks one audit (odd markup, a bug) yields an `error` finding for that indicator only;
    the other indicators and bodies are still audited."""

    @wraps(audit)
    def run(site: Any, settings: Any, features: Any = None) -> Finding:
        try:
            return audit(site, settings, features)
        except Exception as exc:  # noqa: BLE001 - reported on the finding, never silently scored
            problem = f"the {indicator} audit failed on this site: {type(exc).__name__}: {exc}"[:500]
            return finding(body=site.body, site=site.site, lang=None, indicator=indicator, verdict="error",
                           points=None, max_points=MAX_POINTS[indicator], reading="", note=problem,
                           evidence_items=[evidence(site.site, snippet=problem)])

    return run


_AUDITS = {
    "a4.1.1": audit_search_engines,
    "a4.2.1": audit_display,
    "a4.2.6": audit_search,
    "a4.2.7": audit_formats,
    "a4.2.8": audit_large_documents,
    "a4.2.9": audit_dates,
    "a4.2.10": audit_links,
    "a4.2.11": audit_official_marker,
    "a4.2.12": audit_no_stub,
    "a4.4.1": audit_feedback,
    "a4.4.2": audit_poll,
    "a4.4.3": audit_rss,
    "a4.4.4": audit_faq,
    "a4.4.5": audit_english,
    "a4.4.6": audit_counter,
}
SITE_CHECKS = {ind: guarded(ind, fn) for ind, fn in _AUDITS.items()}

__all__ = ["SITE_CHECKS", "SiteCheckSettings"]
