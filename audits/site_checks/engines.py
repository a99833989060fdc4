"""a4.1.1 search-engine positions: not crawlable; scored from the agency/audit-team input file (A-4)."""

from __future__ import annotations

from core.artifacts import SiteArtifacts
from core.findings import Finding, evidence, finding


def audit_search_engines(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    return finding(body=site.body, site=site.site, lang=None, indicator="a4.1.1", verdict="not_assessed",
                   points=None, max_points=1,
                   reading="A-4: per engine the better of the full-name and short-name positions; 1-10 -> 1, "
                           "11-20 -> 0.5, else 0; mean over Google, Yandex, Mail.ru",
                   note="positions come from the agency/audit-team input file (ict.search_engine_positions); "
                        "the scoring stage reads them, the crawler cannot query search engines",
                   evidence_items=[evidence(site.site, snippet="search-engine positions are an external input")])
