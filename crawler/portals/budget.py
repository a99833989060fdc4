"""budget.egov.kz: budget-programme drafts, implementation reports, comments (§5).

Programmes of a body come from `/application/search?budgetStatus=ALL&govAgencyId=<id>&page=N&searchType=ALL`
(`h2 > a`); each card `/budgetprogram/budgetprogram?govAgencyId=&budgetId=&lang=` has `#tab-PROJECT` (draft),
`#tab-REPORT` (report; files after `<!-- filelist -->`). A report is due by 1 April of the following year
(indicator 3, §9.2). [INFERRED] comments render as `div.comments > div.media` with a nested `div.media` answer,
the programme year is the «Финансовый год» / «Қаржы жылы» row, paging is 1-based.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from bs4 import BeautifulSoup, Comment

from crawler.portals.common import LANGS, Context, parse_date
from crawler.portals.http import PortalError

YEAR_LABELS = ("Финансовый год", "Қаржы жылы")


def parse_search(html: str) -> list[dict[str, Any]]:
    soup = BeautifulSoup(html, "lxml")
    out = []
    for a in soup.select("h2 > a[href]"):
        query = parse_qs(urlsplit(a["href"]).query)
        if query.get("budgetId"):
            out.append({"id": query["budgetId"][0], "gov": (query.get("govAgencyId") or [""])[0]})
    return out


def parse_programme(html: str) -> dict[str, Any]:
    soup = BeautifulSoup(html, "lxml")
    year = None
    for tr in soup.select("tr"):
        cells = tr.find_all("td")
        if len(cells) >= 2 and cells[0].get_text(" ", strip=True) in YEAR_LABELS:
            m = re.search(r"\d{4}", cells[1].get_text())
            year = int(m.group()) if m else None
            break
    report = soup.select_one("#tab-REPORT")
    dates: list[date] = []
    if report:
        marker = report.find(string=lambda s: isinstance(s, Comment) and "filelist" in s)
        table = marker.find_next("table") if marker else None
        for tr in table.find_all("tr") if table else []:
            for td in tr.find_all("td"):
                d = parse_date(td.get_text(" ", strip=True)) if re.search(r"\d{2}\.\d{2}\.\d{4}", td.get_text()) \
                    else None
                if d:
                    dates.append(d)
    comments = soup.select("div.comments > div.media")
    answered = [c for c in comments if c.select_one("div.media-body div.media")]
    return {"year": year, "draft": soup.select_one("#tab-PROJECT") is not None, "report": report is not None,
            "report_date": min(dates) if dates else None, "comments": len(comments), "answered": len(answered)}


def deadline(year: int) -> date:
    return date(year + 1, 4, 1)


def collect(ctx: Context) -> None:
    gov = str(ctx.portal_id)
    for lang in LANGS:
        _collect_lang(ctx, gov, lang)


def _collect_lang(ctx: Context, gov: str, lang: str) -> None:
    programmes: dict[str, dict[str, Any]] = {}
    page = 1
    search_url = None
    while page <= int(ctx.settings["max_pages"]):
        path = "/application/search?" + urlencode({"budgetStatus": "ALL", "govAgencyId": gov, "page": page,
                                                   "searchType": "ALL", "lang": lang})
        search_url = search_url or ctx.client.url(path)
        found = [p for p in parse_search(ctx.get(path, session=lang).text) if p["id"] not in programmes]
        if not found:
            break
        programmes.update((p["id"], p) for p in found)
        page += 1
    if not programmes:
        ctx.note(f"no budget programmes found for govAgencyId {gov} ({lang}): body missing on budget.egov.kz "
                 f"or nothing published", url=search_url)
    today = ctx.now.date()
    drafts, reports, late, missing, comment_urls = [], [], [], [], []
    comments = answered = 0
    records: list[dict[str, Any]] = []
    for pid in programmes:
        path = "/budgetprogram/budgetprogram?" + urlencode({"govAgencyId": gov, "budgetId": pid, "lang": lang})
        url = ctx.client.url(path)
        try:
            card = parse_programme(ctx.get(path, session=lang).text)
        except PortalError as exc:
            ctx.note(f"programme {pid} ({lang}) not read: {exc}", url=exc.url)
            continue
        records.append({"budgetId": pid, "url": url, **card,
                        "report_date": card["report_date"].isoformat() if card["report_date"] else None})
        ctx.store.put_artifact(ctx.body, ctx.portal, "programmes", f"{gov}:{lang}", records)
        if card["draft"]:
            drafts.append(url)
        if card["report"]:
            reports.append(url)
            if card["year"] and card["report_date"] and card["report_date"] > deadline(card["year"]):
                late.append(url)
        elif card["year"] and deadline(card["year"]) < today:
            missing.append(url)
        elif card["year"] is None:
            ctx.note(f"programme {pid}: no financial year found; report deadline not checked", url=url)
        comments += card["comments"]
        answered += card["answered"]
        if card["comments"]:
            comment_urls.append(url)
    put = ctx.sink.put
    put(lang, "programme_drafts_published", len(drafts), drafts)
    put(lang, "reports_published", len(reports), reports)
    put(lang, "reports_late", len(late), late)
    put(lang, "reports_missing", len(missing), missing)
    put(lang, "comments_total", comments, comment_urls)
    put(lang, "comments_answered", answered, [])
