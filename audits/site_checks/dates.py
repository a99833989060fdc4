"""a4.2.9 date and time of publication and of the last change on material pages (-0.2 per missing requirement).

Material pages are the pages typed as materials (crawler/page_types.py: news items, announcements, documents, acts,
reports, vacancies), not the menus, section and list pages, search, site map or forms. The dates are read in the
page's content block (crawler/page_types `content_block`), so a site-wide "site last updated" footer is not taken
for a page's own last change.
"""

from __future__ import annotations

import re
from collections import Counter

from audits.site_checks.common import score_facts, visible_text
from core.artifacts import SiteArtifacts
from core.findings import Finding, evidence, finding
from core.site_check_settings import SiteCheckSettings
from crawler.page_types import content_block, is_material, stored_or_classified

MONTHS = (r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|"
          r"декабр\w*|қаңтар\w*|ақпан\w*|наурыз\w*|сәуір\w*|мамыр\w*|маусым\w*|шілде\w*|тамыз\w*|қыркүйек\w*|"
          r"қазан\w*|қараша\w*|желтоқсан\w*|january|february|march|april|may|june|july|august|september|october|"
          r"november|december")
DATE = (r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
        rf"\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}(?:\s*ж\.?|\s*г\.?)?)")
# the time after the date: "18.05.2026 11:15", "15 мая 2026 г., в 10:00", Drupal's "25.02.2026 - 17:30"
TIME = r"(?:\s*[,\-–—|/]?\s*(?:в|at|сағ\.?)?\s*\d{1,2}:\d{2})"
PUBLISHED = re.compile(r"опубликован\w*|дата\s+(публикации|размещения|создания)|размещен\w*|жарияланд\w*|"
                       r"жарияланған|орналастырылған|published|posted|created|date\s+of\s+publication", re.I)
MODIFIED = re.compile(r"изменен\w*|обновлен\w*|дата\s+(изменения|обновления|редакции)|последн\w+\s+изменени\w*|"
                      r"өзгертіл\w*|жаңартыл\w*|соңғы\s+өзгеріс\w*|modified|updated|last\s+(change|update)\w*",
                      re.I)
META_PUB = ("article:published_time", "datepublished", "dc.date.created", "dcterms.created")
META_MOD = ("article:modified_time", "datemodified", "dc.date.modified", "dcterms.modified", "og:updated_time")


def _dated(label: re.Pattern[str], text: str, need_time: bool) -> str | None:
    pattern = re.compile(rf"(?:{label.pattern})[^0-9]{{0,40}}({DATE}{TIME if need_time else TIME + '?'})", re.I)
    m = pattern.search(text)
    return m.group(0) if m else None


def _meta(doc, names: tuple[str, ...], need_time: bool) -> str | None:
    for el in doc.iter("meta", "time"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        value = el.get("content") or el.get("datetime") or ""
        if key in names and value and (not need_time or re.search(r"\d{1,2}:\d{2}", value)):
            return f"{key}={value}"
    return None


def page_dates(doc, need_time: bool) -> dict[str, str | None]:
    """The publication and last-change date(-time)s a person sees in the page's content block; "2.9 display"
    (көрсету) is what is shown, so a <meta> tag alone is kept apart (`*_meta_only`), for the evidence."""
    content = content_block(doc)
    text = visible_text(content)
    published = _dated(PUBLISHED, text, need_time)
    if published is None:  # a date-time in an element marked as the date (news items rarely label it)
        for el in content.iter():
            cls = " ".join(filter(None, (el.get("class"), el.get("itemprop")))) if isinstance(el.tag, str) else ""
            if el.tag == "time" or re.search(r"(^|[-_\s])(date|published|pubdate|post-date|news-date)([-_\s]|$)",
                                             cls, re.I):
                value = " ".join(el.text_content().split())
                if re.fullmatch(rf"{DATE}{TIME if need_time else TIME + '?'}", value, re.I) and \
                        not MODIFIED.search(cls):
                    published = value
                    break
    modified = _dated(MODIFIED, text, need_time)
    return {"published": published, "modified": modified,
            "published_meta_only": None if published else _meta(doc, META_PUB, need_time),
            "modified_meta_only": None if modified else _meta(doc, META_MOD, need_time)}


def audit_dates(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    reading = (f"2.9: each requirement (publication, last change) is met when ≥ {cfg.dates_min_share:.0%} of the "
               f"material pages show it {'with a time (HH:MM)' if cfg.dates_require_time else '(date alone is enough)'}"
               " (material pages by page type); shown in the page's content (labelled text, a date element); a date "
               "only in <meta> is not shown and does not count; -0.2 per unmet one")
    html = site.html_pages()
    types = stored_or_classified({p.url: p for p in html}, site.site, site.home)
    pages = [p for p in html if is_material(types[p.url].type) and p.doc is not None]
    if not pages:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.9", verdict="not_applicable",
                       points=None, max_points=0.4, reading=reading,
                       note="no material page (news, announcement, document, act, report, vacancy) crawled")
    found = {p.url: page_dates(p.doc, cfg.dates_require_time) for p in pages}
    shares = {k: sum(1 for d in found.values() if d[k]) / len(pages) for k in ("published", "modified")}
    facts = {k: shares[k] >= cfg.dates_min_share - 1e-9 for k in shares}
    kinds = dict(Counter(types[p.url].type for p in pages).most_common())
    items = [evidence(site.home, snippet=f"{len(pages)} material pages; publication date-time on "
                      f"{shares['published']:.0%}, last change on {shares['modified']:.0%}",
                      measured={"pages": len(pages), "page_types": kinds,
                                **{f"share_{k}": round(v, 3) for k, v in shares.items()}})]
    for key in ("published", "modified"):
        missing = sorted(u for u, d in found.items() if not d[key])[:5]
        items += [evidence(u, selector="main", snippet=f"no {key} date and time shown"
                           + (f" (only in a meta tag: {found[u][key + '_meta_only']})"
                              if found[u][key + "_meta_only"] else ""), measured={"missing": key})
                  for u in missing]
        example = next(((u, d[key]) for u, d in sorted(found.items()) if d[key]), None)
        if example:
            items.append(evidence(example[0], snippet=example[1], measured={"found": key}))
    counts = {k: sum(1 for d in found.values() if not d[k]) for k in ("published", "modified")}
    return score_facts(site=site, indicator="a4.2.9", max_points=0.4, unit=0.2, facts=facts, reading=reading,
                       counts=counts, facts_per=cfg.facts_per,
                       evidence_items=items)
