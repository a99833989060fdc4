"""A body with several sites: which site answers a language.

Every site of a body is audited (one site per language, or a stand-alone site plus another). The Appendix 5/6 audits
judge each language on each site, so a Kazakh-only site also gets Russian rows ("no ru pages were found on the
site"). Where another site of the body carries that language, those rows say nothing about the body and would, by
the first-site rule of scoring/ict.py (the first listed site answers each indicator and language), take the place
of the rows of the site that does carry it. They are left out; where no site carries the language, the first
site's rows stay (the language version is missing, and the rows say so).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.artifacts import SiteArtifacts

Finding = dict[str, Any]
PER_LANGUAGE = ("a5.", "a6.")  # Appendix 5 (completeness) and 6 (mobile): judged per language


def site_languages(site: SiteArtifacts) -> set[str]:
    """The languages of the site's readable pages (HTTP 200 HTML with a detected language)."""
    return {p.lang for p in site.pages.values() if p.lang and p.status == 200 and p.html}


def per_language_rows(findings: Iterable[Finding], sites: list[SiteArtifacts]) -> list[Finding]:
    """The findings without the per-language rows of a site for a language it lacks and another site has."""
    languages = {s.site: site_languages(s) for s in sites}
    carried = set().union(*languages.values()) if languages else set()
    out = []
    for f in findings:
        lang, site = f.get("lang"), f.get("site")
        if (str(f.get("indicator", "")).startswith(PER_LANGUAGE) and lang and site in languages
                and lang not in languages[site] and lang in carried):
            continue
        out.append(f)
    return out
