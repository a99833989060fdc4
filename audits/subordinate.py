"""SUB-WEB-1 facts of a subordinate organisation's own site (App. 10 Table 8; pure).

What the crawl can decide: a language version with no page at all cannot carry the Article 16 information in that
language, so the penalty applies (verdict fail). Whether a site with pages carries every Article 16 item needs
the Law "On access to information"'s item list, which is not in the methodology or its sources: such a language is
`not_assessed` with the pages counted, and the parent's agency flag (or the assessor) decides it in scoring.
"""

from __future__ import annotations

from audits.content.index import page_lang
from core.artifacts import SiteArtifacts
from core.findings import ERROR, FAIL, NOT_ASSESSED, Finding, evidence, finding

LANGS = ("kk", "ru")
READING = "SUB-WEB-1: no page in a language = Art. 16 information absent in it; otherwise the assessor decides"


def audit_subordinate_site(site: SiteArtifacts) -> list[Finding]:
    problem = site.home_problem()
    out = []
    pages = site.html_pages()
    for lang in LANGS:
        mine = [p for p in pages if page_lang(p) == lang]
        if problem:
            out.append(finding(body=site.body, site=site.site, lang=lang, indicator="SUB-WEB-1", verdict=ERROR,
                               points=None, max_points=1.5, reading=READING, note=problem,
                               evidence_items=[evidence(site.site, snippet=problem)]))
        elif not mine:
            note = (f"no {lang} page on the organisation's site ({len(pages)} page(s) crawled): the Article 16 "
                    f"information is absent in {lang}")
            out.append(finding(body=site.body, site=site.site, lang=lang, indicator="SUB-WEB-1", verdict=FAIL,
                               points=None, max_points=1.5, reading=READING, note=note,
                               evidence_items=[evidence(site.home, snippet=note, measured={"pages": 0})]))
        else:
            note = (f"{len(mine)} {lang} page(s) crawled; whether each Article 16 item is there needs the Law's "
                    "list (not in the methodology): the assessor or the agency's flag decides")
            out.append(finding(body=site.body, site=site.site, lang=lang, indicator="SUB-WEB-1", verdict=NOT_ASSESSED,
                               points=None, max_points=1.5, reading=READING, note=note,
                               evidence_items=[evidence(p.url, snippet=p.title or "") for p in mine[:5]]
                               + [evidence(site.home, measured={"pages": len(mine)})]))
    return out
