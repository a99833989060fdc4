"""Runs every implemented audit on a site's artifacts; every other Appendix 4 indicator is `not_assessed`.

An indicator is never silently 0 or full: a site whose home page could not be fetched gets `error` findings that
say why, and indicators without an audit yet are listed as `not_assessed` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from audits.accessibility import audit_accessibility
from audits.accessibility.annex_groups import accessibility_annex
from audits.furniture import audit_breadcrumbs, audit_furniture, survey
from audits.govkz_facts import merge_govkz_facts
from audits.language_scope import BREAKDOWN, WHOLE_SITE, add_language_breakdown
from audits.navigation import audit_navigation
from audits.settings import AuditSettings
from audits.site_checks import SITE_CHECKS
from audits.sitemap import audit_sitemap
from core.artifacts import SiteArtifacts
from core.findings import ERROR, NOT_ASSESSED, Finding, evidence, finding

SiteAudit = Callable[[SiteArtifacts, AuditSettings, dict[str, Any]], Finding]

# indicator id -> audit over the site's artifacts (features = the per-page furniture survey)
SITE_AUDITS: dict[str, SiteAudit] = {
    "a4.2.2": lambda site, settings, features: audit_navigation(site, settings),
    "a4.2.3": audit_furniture,
    "a4.2.4": audit_breadcrumbs,
    "a4.2.5": lambda site, settings, features: audit_sitemap(site, settings),
    **SITE_CHECKS,  # a4.1.1, a4.2.1, a4.2.6-a4.2.12, a4.4.1-a4.4.6 (audits/site_checks)
}


def accessibility_findings(site: SiteArtifacts, settings: Any) -> dict[str, Finding]:
    """a4.3.1-a4.3.8 come from one pass over the browser artifacts of the sampled pages and the HTML-check artifacts
    of every stored page."""
    found = audit_accessibility(site.body, site.site, site.extra.get("a11y", {}),
                                html_artifacts=site.extra.get("a11y_html", {}),
                                proportional=settings.a11y_proportional,
                                strict_contrast=settings.a11y_strict_contrast)
    return {f["indicator"]: f for f in found}


def with_a11y_coverage(found: dict[str, Finding], site: SiteArtifacts) -> dict[str, Finding]:
    """Each a4.3.x finding says how many pages of how many templates the browser checked, and which templates it
    did not and why (`coverage` + the end of its note; audits/accessibility/coverage.py)."""
    from audits.accessibility.coverage import add_coverage

    return add_coverage(found, (site.extra.get("a11y_sample") or {}).get("site"), site.extra.get("a11y") or {})


@cache
def appendix4() -> list[dict[str, Any]]:
    data = yaml.safe_load((Path(__file__).with_name("appendix4.yaml")).read_text(encoding="utf-8"))
    return data["indicators"]




def audit_site(site: SiteArtifacts, settings: AuditSettings) -> list[Finding]:
    problem = site.home_problem()
    features = survey(site) if problem is None else {}
    accessibility = with_a11y_coverage(accessibility_findings(site, settings), site) if problem is None else {}
    findings: list[Finding] = []
    for row in appendix4():
        ind = row["id"]
        audit = SITE_AUDITS.get(ind)
        if ind in accessibility:
            findings.append(accessibility[ind])
        elif audit is None:
            findings.append(finding(body=site.body, site=site.site, lang=None, indicator=ind, verdict=NOT_ASSESSED,
                                    points=None, max_points=row["max_points"], reading="",
                                    note="no automated audit for this indicator in this version"))
        elif problem:
            findings.append(finding(body=site.body, site=site.site, lang=None, indicator=ind, verdict=ERROR,
                                    points=None, max_points=row["max_points"], reading="", note=problem,
                                    evidence_items=[evidence(site.site, snippet=problem)]))
        else:
            findings.append(audit(site, settings, features))
    if problem is None:  # then the accessibility annex: advisory records, outside the scores
        add_language_breakdown(findings, site, lambda view, scoped: _breakdown_audits(view, scoped, settings))
        return merge_govkz_facts(findings, site) + accessibility_annex(site, settings)
    return findings


def _breakdown_audits(view: SiteArtifacts, scoped: SiteArtifacts, settings: AuditSettings) -> dict[str, Finding]:
    """The language-sensitive audits over one language version (audits/language_scope.py)."""
    if view.home_problem():
        return {}
    features = survey(view)
    out = {ind: SITE_AUDITS[ind](scoped if ind in WHOLE_SITE else view, settings, features)
           for ind in BREAKDOWN if ind in SITE_AUDITS}
    accessibility = accessibility_findings(view, settings)
    out.update({ind: f for ind, f in accessibility.items() if ind in BREAKDOWN})
    return out


def not_crawled_findings(body: str, reason: str) -> list[Finding]:
    """A body with no site to crawl (e.g. no URL in the targets file) — every indicator not assessed."""
    return [finding(body=body, site=None, lang=None, indicator=row["id"], verdict=NOT_ASSESSED, points=None,
                    max_points=row["max_points"], reading="", note=reason) for row in appendix4()]


def audit_site_content(site: SiteArtifacts, body: Any, settings: Any = None) -> list[Finding]:
    """Appendix 5 (completeness, per language) and Appendix 6 (mobile) findings for a body's site.

    `body` is a core.targets.Body (its `type` picks Table 1 or Table 2); `settings` may be a ContentSettings,
    a mapping of its field names (e.g. {"audit_date": clock, "section_credit": "strict"}) or any settings object.
    """
    from audits.content import audit_content
    from audits.mobile import audit_mobile

    body_type = getattr(body, "type", None) or body["type"]
    if body_type == "subordinate":  # not assessed by Appendices 5/6: its site feeds the parent's P5 (SUB-WEB-1)
        from audits.subordinate import audit_subordinate_site

        return audit_subordinate_site(site)
    return audit_content(site, body_type, settings) + audit_mobile(site, body_type, settings)
