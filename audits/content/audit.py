"""Appendix 5 audit: completeness and relevance of a site's Kazakh and Russian versions (ict-methodology.md §5).

One finding per (section, language) with per-item evidence, and one `a5.defects` finding per language.
"""

from __future__ import annotations

from typing import Any

from audits.content.api_pages import api_pages
from audits.content.assess import ABSENT, Finder, ItemResult, section_points
from audits.content.defects import (
    APPENDIX5_KINDS,
    Defect,
    laws_without_link,
    mismatches,
    missing_sources,
    outdated_npa,
    untimely,
)
from audits.content.index import SiteIndex
from audits.content.settings import ContentSettings
from core.artifacts import SiteArtifacts
from core.findings import ERROR, FAIL, PASS, Finding, evidence, finding, verdict_for
from crawler.content.model import LANGS, Section, table_for, table_sections

DEFECT_READING = {
    5: "Appendix 5 defects, 0.1 each (cap applied in scoring, A-12); kk/ru mismatches counted once, in kk",
    6: "Appendix 6 defects, 0.1 each (cap applied in scoring, A-14 c); kk/ru mismatches counted once, in kk",
}




def audit_content(site: SiteArtifacts, body_type: str, settings: Any = None) -> list[Finding]:
    """Appendix 5 findings for one site: Table 1 for central bodies and committees, Table 2 for LEBs."""
    s = ContentSettings.coerce(settings)
    secs = table_sections(5, table_for(body_type))
    problem = site.home_problem()
    if problem:
        return error_findings(site.body, site.site, secs, problem, "a5.defects")
    api = api_pages(site)
    if not api:
        return assess_site(site.body, site.site, SiteIndex(site.pages), secs, s, appendix=5, home=site.home)
    # the gov.kz API's records count as published items; quality defects stay with the pages a person sees, so
    # API content (the same texts the platform renders) is never counted twice as a defect
    n_api = sum(1 for p in api.values() if p.is_html)
    return assess_site(site.body, site.site, SiteIndex({**site.pages, **api}), secs, s, appendix=5,
                       home=site.home, defect_index=SiteIndex(site.pages),
                       note_extra=f"{n_api} gov.kz API record page(s) (source=api) searched besides the rendered "
                                  "pages")


def error_findings(body: str, site: str, secs: list[Section], problem: str, defects_id: str) -> list[Finding]:
    out = []
    for lang in LANGS:
        for sec in secs:
            out.append(finding(body=body, site=site, lang=lang, indicator=sec.id, verdict=ERROR, points=None,
                               max_points=sec.points[lang], reading="", note=problem,
                               evidence_items=[evidence(site, snippet=problem)]))
        out.append(finding(body=body, site=site, lang=lang, indicator=defects_id, verdict=ERROR, points=None,
                           max_points=0, reading="", note=problem, evidence_items=[evidence(site, snippet=problem)]))
    return out


def assess_site(body: str, site: str, index: SiteIndex, secs: list[Section], s: ContentSettings, *, appendix: int,
                home: str, evidence_extra: dict[str, list[dict]] | None = None,
                note_extra: str = "", defect_index: SiteIndex | None = None) -> list[Finding]:
    """Section findings per language plus one defects finding per language (shared by Appendix 5 and 6).
    `defect_index`: the pages the quality defects (other than outdated items) are looked for on, if not all."""
    finders = {lang: Finder(index, lang, s) for lang in LANGS}
    dfinders = finders if defect_index is None else {lang: Finder(defect_index, lang, s) for lang in LANGS}
    findings: list[Finding] = []
    results_by_lang: dict[str, list[ItemResult]] = {}
    for lang in LANGS:
        finder = finders[lang]
        results_by_lang[lang] = []
        for sec in secs:
            results = [finder.assess(sec, item) for item in sec.items]
            results_by_lang[lang] += results
            findings.append(_section_finding(body, site, sec, lang, results, s, home, len(finder.views),
                                             (evidence_extra or {}).get(lang, []), note_extra))
    kinds = APPENDIX_KINDS[appendix]
    mism = mismatches(dfinders["kk"], dfinders["ru"], s.mismatch_min_jaccard) if "kk_ru_mismatch" in kinds else []
    for lang in LANGS:
        finder = dfinders[lang]
        defects: list[Defect] = untimely(results_by_lang[lang])
        if "outdated_npa" in kinds:
            defects += outdated_npa(finder)
        if "law_without_link" in kinds:
            defects += laws_without_link(finder, s.law_link_defects)
        if "no_source" in kinds:
            defects += missing_sources(finder)
        if lang == "kk":
            defects += mism
        findings.append(_defects_finding(body, site, lang, appendix, defects, len(finder.views), kinds))
    return findings


APPENDIX_KINDS = {5: APPENDIX5_KINDS, 6: ("untimely_update", "kk_ru_mismatch")}


def _section_finding(body: str, site: str, sec: Section, lang: str, results: list[ItemResult], s: ContentSettings,
                     home: str, n_pages: int, extra: list[dict], note_extra: str) -> Finding:
    points, credited, required = section_points(sec, lang, results, s)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    ev = [evidence(r.url or home, snippet=r.snippet, measured=r.measured(sec)) for r in results]
    note = (f"{credited} of {required} required item(s) credited in {lang} ({n_pages} {lang} page(s) searched); "
            + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    if n_pages == 0:
        note += f"; no {lang} pages were found on the site"
    skipped = [r.item.number for r in results if r.item.optional and r.status == ABSENT and s.optional_absent_excluded]
    if skipped:
        note += f"; optional item(s) {', '.join(skipped)} absent and not counted (A-13)"
    if note_extra:
        note += f"; {note_extra}"
    return finding(body=body, site=site, lang=lang, indicator=sec.id, verdict=verdict_for(points, sec.points[lang]),
                   points=points, max_points=sec.points[lang], reading=s.reading(), evidence_items=ev + extra,
                   note=note, items={"credited": credited, "required": required, "statuses": counts})


def _defects_finding(body: str, site: str, lang: str, appendix: int, defects: list[Defect], n_pages: int,
                     kinds: tuple[str, ...]) -> Finding:
    head = evidence(site, measured={"count": len(defects), "defects": [d.as_dict() for d in defects],
                                    "checked": list(kinds), "pages": n_pages})
    ev = [head] + [evidence(d.url, snippet=d.snippet, measured={"defect": d.kind, "why": d.why}) for d in defects]
    return finding(body=body, site=site, lang=lang, indicator=f"a{appendix}.defects",
                   verdict=PASS if not defects else FAIL, points=0, max_points=0, reading=DEFECT_READING[appendix],
                   evidence_items=ev, note=f"{len(defects)} defect(s) in {lang}; 'text does not match its heading' "
                                           "is left to a reviewer")
