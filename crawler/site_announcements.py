"""Announcements on a stand-alone site of the start of a public discussion of budget programmes (OB-CSO-11.2 /
OB-LEB-7.2) and of the placement of draft NPAs (NPA-CSO-5.2 / NPA-LEB-4.2), from the pages the crawl stored.

The gov.kz collector measures these rows for gov.kz bodies from the API (crawler/govkz/collect.py); here the same
recognition (crawler/govkz/announcements.py) runs on each stored HTML page of the body's own site that is dated
inside the reporting window (`audit.portals.reporting_period`, default the last calendar year before the clock).
Metrics `site.announcements_budget` / `site.announcements_npa` per language: the number of such pages, the pages as
evidence, the window in the meta. Nothing is fetched.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.html import parse_html
from core.targets import Body
from crawler.dates import page_dates
from crawler.govkz.announcements import PATTERNS, announces
from crawler.language import main_text
from crawler.portals.common import MetricSink, parse_date, reporting_window
from crawler.store import Page, RunStore

PORTAL = "site"
EVIDENCE_LIMIT = 100
KINDS = tuple(PATTERNS)  # "budget", "npa"
LANG_ALIASES = {"kz": "kk", "kaz": "kk", "rus": "ru"}
BASIS = {"budget": "pages of the body's own site dated in the period announcing a public discussion of budget "
                   "programmes",
         "npa": "pages of the body's own site dated in the period announcing draft NPAs placed"}


def _lang(value: Any) -> str | None:
    code = str(value or "").strip().lower().replace("_", "-").split("-")[0]
    return LANG_ALIASES.get(code, code) or None


def page_lang(page: Page) -> str | None:
    """The page's real language (detected at crawl time), else its declared one, else its URL's."""
    return _lang(page.info.get("lang_detected")) or _lang(page.lang) or _lang(page.info.get("lang_url"))


def _clock(settings: dict[str, Any]) -> datetime:
    clock = settings.get("clock")
    return datetime.fromisoformat(str(clock)) if clock else datetime.now(UTC)


def _window_settings(settings: dict[str, Any]) -> dict[str, Any]:
    portals = settings.get("portals")
    return {"reporting_period": portals.get("reporting_period")} if isinstance(portals, dict) else {}


def scan(store: RunStore, body: Body, site_url: str, settings: dict[str, Any]) -> dict[str, Any]:
    """{"window", "read": lang -> pages read, "found": lang -> kind -> [url]} for the site's stored pages."""
    window = reporting_window(_clock(settings), _window_settings(settings))
    langs = [lang for lang in body.languages if any(lang in by_lang for by_lang in PATTERNS.values())]
    read: dict[str, int] = dict.fromkeys(langs, 0)
    found: dict[str, dict[str, list[str]]] = {lang: {kind: [] for kind in KINDS} for lang in langs}
    for page in store.pages(body.key):
        if page.site != site_url or not page.is_html or not page.content or not (200 <= (page.status or 0) < 300):
            continue
        lang = page_lang(page)
        if lang not in read:
            continue
        doc = parse_html(page.text)
        if doc is None:
            continue
        read[lang] += 1
        text = main_text(doc)
        dates = page_dates(doc, text)
        if not window.contains(parse_date(dates.get("published"))):
            continue
        for kind in announces({"title": page.title or "", "body": text}, lang):
            found[lang][kind].append(page.final_url or page.url)
    return {"window": window, "read": read, "found": found}


def gather(store: RunStore, body: Body, site_url: str, *, run_dir: Path, settings: dict[str, Any],
           gate: Any = None) -> None:
    """Write site.announcements_budget / _npa per language (`gate` unused: nothing is fetched)."""
    del run_dir, gate
    if body.platform == "govkz":  # measured from the gov.kz API (govkz.announcements_*)
        return
    result = scan(store, body, site_url, settings)
    window = result["window"]
    sink = MetricSink(store, body.key, PORTAL, evidence_limit=EVIDENCE_LIMIT)
    for lang, kinds in result["found"].items():
        for kind, urls in kinds.items():
            metric = f"announcements_{kind}"
            if not result["read"][lang]:  # no page of the site in this language was read: not evidence of none
                sink.put(lang, metric, None, [site_url], not_assessed=f"no stored HTML page of {site_url} in "
                         f"language {lang!r} to look for announcements in")
                continue
            sink.put(lang, metric, len(urls), urls, window=window.meta(BASIS[kind]))
