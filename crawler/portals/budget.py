"""budget.egov.kz: budget-programme drafts and implementation reports, the other open-budget materials, comments (§5).

A body's items come from `/application/search?budgetStatus=ALL&govAgencyId=<id>&page=N&searchType=ALL&lang=`
(`h2 > a`): programme cards `/budgetprogram/budgetprogram?govAgencyId=&budgetId=&lang=` with `#tab-PROJECT`
(draft) and `#tab-REPORT` (report; files after `<!-- filelist -->`), and material cards `/application/view?id=`.
A report is due by 1 April of the following year (App. 10 T2 #3).

[INFERRED, unverified on the live portal] comments render as `div.comments > div.media` with a nested `div.media`
answer; the programme year is the «Финансовый год» / «Қаржы жылы» row; paging is 1-based; the other materials
(consolidated statements, strategic-plan report, audit results, citizens' budget) are `/application/view?id=`
cards in the same search, whose «Вид материала» / «Материал түрі» row names the kind, «Отчетный период» /
«Есепті кезең» the year, and whose file table dates the publication.

Reporting window: programmes of financial year N = the window's year (their reports are due 1 April N+1), drafts
of year N + `budget_draft_year_offset` (drafted and discussed during N), the comments on those programmes, and the
materials whose reporting period is year N.
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
KIND_LABELS = ("Вид материала", "Материал түрі")
PERIOD_LABELS = ("Отчетный период", "Есепті кезең")
# material kind -> label patterns (ru, kk); the first match wins, so the specific kinds come first
MATERIAL_KINDS: dict[str, tuple[str, ...]] = {
    "strategic_plan_report": (r"стратегическ\w* план", r"стратегиялық жоспар"),
    "audit_results": (r"государственн\w* аудит|финансов\w* контрол", r"мемлекеттік аудит|қаржылық бақылау"),
    "citizens_budget": (r"гражданск\w* бюджет", r"азаматтық бюджет"),
    "fs_balance": (r"бухгалтерск\w* баланс", r"бухгалтерлік баланс"),
    "fs_results": (r"результат\w* финансов\w* деятельност", r"қаржы қызметінің нәтижелері"),
    "fs_cashflow": (r"движени\w* денег", r"ақша қозғалысы"),
    "fs_equity": (r"изменени\w* .{0,20}(чист\w* актив|капитал)", r"таза активтер|капитал\w* өзгеріс"),
    "fs_notes": (r"пояснительн\w* записк", r"түсіндірме жазба"),
}
STATEMENTS = ("fs_balance", "fs_results", "fs_cashflow", "fs_equity", "fs_notes")  # App. 10 T2 #1.1-1.5


def parse_search(html: str) -> list[dict[str, Any]]:
    """Programme and material links of a search page: {"kind": "programme"|"material", "id", "gov"}."""
    soup = BeautifulSoup(html, "lxml")
    out = []
    for a in soup.select("h2 > a[href]"):
        parts = urlsplit(a["href"])
        query = parse_qs(parts.query)
        if query.get("budgetId"):
            out.append({"kind": "programme", "id": query["budgetId"][0],
                        "gov": (query.get("govAgencyId") or [""])[0]})
        elif parts.path.endswith("/application/view") and query.get("id"):
            out.append({"kind": "material", "id": query["id"][0], "gov": ""})
    return out


def _row_value(soup: BeautifulSoup, labels: tuple[str, ...]) -> str | None:
    for tr in soup.select("tr"):
        cells = tr.find_all("td")
        if len(cells) >= 2 and cells[0].get_text(" ", strip=True) in labels:
            return cells[1].get_text(" ", strip=True)
    return None


def _year(text: str | None) -> int | None:
    m = re.search(r"\d{4}", text or "")
    return int(m.group()) if m else None


def _files(node: Any) -> list[dict[str, Any]]:
    """Rows of the table after `<!-- filelist -->` under `node`: {"date", "href"}."""
    marker = node.find(string=lambda s: isinstance(s, Comment) and "filelist" in s) if node else None
    table = marker.find_next("table") if marker else None
    out = []
    for tr in table.find_all("tr") if table else []:
        stamp = next((d for td in tr.find_all("td") if re.search(r"\d{2}\.\d{2}\.\d{4}", td.get_text())
                      and (d := parse_date(td.get_text(" ", strip=True)))), None)
        link = tr.select_one("a[href]")
        out.append({"date": stamp, "href": link["href"] if link else None})
    return out


def parse_programme(html: str) -> dict[str, Any]:
    soup = BeautifulSoup(html, "lxml")
    report = soup.select_one("#tab-REPORT")
    dates = [f["date"] for f in _files(report) if f["date"]]
    comments = soup.select("div.comments > div.media")
    answered = [c for c in comments if c.select_one("div.media-body div.media")]
    return {"year": _year(_row_value(soup, YEAR_LABELS)), "draft": soup.select_one("#tab-PROJECT") is not None,
            "report": report is not None, "report_date": min(dates) if dates else None,
            "comments": len(comments), "answered": len(answered)}


def material_kind(label: str | None) -> str | None:
    text = (label or "").lower()
    for kind, patterns in MATERIAL_KINDS.items():
        if any(re.search(p, text) for p in patterns):
            return kind
    return None


def parse_material(html: str) -> dict[str, Any]:
    soup = BeautifulSoup(html, "lxml")
    label = _row_value(soup, KIND_LABELS)
    files = _files(soup)
    dates = [f["date"] for f in files if f["date"]]
    h1 = soup.find("h1")
    return {"kind": material_kind(label), "label": label, "year": _year(_row_value(soup, PERIOD_LABELS)),
            "title": h1.get_text(" ", strip=True) if h1 else "", "published": min(dates) if dates else None,
            # complete: a title and at least one file row with a date and a link (App. 10 T2 #6)
            "complete": bool(h1 and any(f["date"] and f["href"] for f in files)), "files": len(files)}


def deadline(year: int) -> date:
    return date(year + 1, 4, 1)


def collect(ctx: Context) -> None:
    gov = str(ctx.portal_id)
    for lang in LANGS:
        _collect_lang(ctx, gov, lang)


def _search(ctx: Context, gov: str, lang: str) -> tuple[dict[str, dict[str, Any]], str | None]:
    found: dict[str, dict[str, Any]] = {}
    page, first_url = 1, None
    while page <= int(ctx.settings["max_pages"]):
        path = "/application/search?" + urlencode({"budgetStatus": "ALL", "govAgencyId": gov, "page": page,
                                                   "searchType": "ALL", "lang": lang})
        first_url = first_url or ctx.client.url(path)
        fresh = [x for x in parse_search(ctx.get(path, session=lang).text) if f"{x['kind']}:{x['id']}" not in found]
        if not fresh:
            break
        found.update((f"{x['kind']}:{x['id']}", x) for x in fresh)
        page += 1
    return found, first_url


def _collect_lang(ctx: Context, gov: str, lang: str) -> None:
    items, search_url = _search(ctx, gov, lang)
    if not items:
        ctx.note(f"no budget programmes found for govAgencyId {gov} ({lang}): body missing on budget.egov.kz "
                 f"or nothing published", url=search_url)
    programmes = [x for x in items.values() if x["kind"] == "programme"]
    materials = [x for x in items.values() if x["kind"] == "material"]
    _programmes(ctx, gov, lang, programmes)
    _materials(ctx, lang, materials)


def _programmes(ctx: Context, gov: str, lang: str, programmes: list[dict[str, Any]]) -> None:
    today = ctx.now.date()
    w = ctx.window
    report_year, draft_year = w.year, w.year + int(ctx.settings.get("budget_draft_year_offset", 1))
    drafts, reports, late, missing, comment_urls, dates = [], [], [], [], [], []
    comments = answered = 0
    records: list[dict[str, Any]] = []
    for p in programmes:
        path = "/budgetprogram/budgetprogram?" + urlencode({"govAgencyId": gov, "budgetId": p["id"], "lang": lang})
        url = ctx.client.url(path)
        try:
            card = parse_programme(ctx.get(path, session=lang).text)
        except PortalError as exc:
            ctx.note(f"programme {p['id']} ({lang}) not read: {exc}", url=exc.url)
            continue
        records.append({"budgetId": p["id"], "url": url, **card,
                        "report_date": card["report_date"].isoformat() if card["report_date"] else None})
        ctx.store.put_artifact(ctx.body, ctx.portal, "programmes", f"{gov}:{lang}", records)
        if card["year"] is None:
            ctx.note(f"programme {p['id']}: no financial year found; outside every reporting period", url=url)
            continue
        if card["year"] not in (report_year, draft_year):
            continue
        if card["year"] == draft_year and card["draft"]:
            drafts.append(url)
        if card["year"] == report_year:
            if card["report"]:
                reports.append(url)
                if card["report_date"]:
                    dates.append(card["report_date"].isoformat())
                    if card["report_date"] > deadline(card["year"]):
                        late.append(url)
            elif deadline(card["year"]) < today:
                missing.append(url)
        comments += card["comments"]
        answered += card["answered"]
        if card["comments"]:
            comment_urls.append(url)
    scope = w.meta(f"programmes of financial year {report_year} (reports due {deadline(report_year).isoformat()})")
    draft_scope = w.meta(f"draft programmes of financial year {draft_year}, placed for discussion during "
                         f"{w.label} [INFERRED: budget_draft_year_offset]")
    talk = w.meta(f"comments on the programmes of {report_year} (reports) and {draft_year} (drafts)")
    put = ctx.sink.put
    put(lang, "programme_drafts_published", len(drafts), drafts, window=draft_scope)
    put(lang, "reports_published", len(reports), reports, window=scope)
    put(lang, "reports_late", len(late), late, window=scope)
    put(lang, "reports_missing", len(missing), missing, window=scope)
    put(lang, "report_dates", sorted(dates), reports, window=scope)
    put(lang, "comments_total", comments, comment_urls, window=talk)
    put(lang, "comments_answered", answered, [], window=talk)


def _materials(ctx: Context, lang: str, materials: list[dict[str, Any]]) -> None:
    """Consolidated statements, strategic-plan report, audit results, citizens' budget of the reporting year."""
    w = ctx.window
    found: dict[str, list[dict[str, Any]]] = {k: [] for k in MATERIAL_KINDS}
    records = []
    for m in materials:
        path = "/application/view?" + urlencode({"id": m["id"], "lang": lang})
        url = ctx.client.url(path)
        try:
            card = parse_material(ctx.get(path, session=lang).text)
        except PortalError as exc:
            ctx.note(f"material {m['id']} ({lang}) not read: {exc}", url=exc.url)
            continue
        records.append({"id": m["id"], "url": url, **card,
                        "published": card["published"].isoformat() if card["published"] else None})
        if card["kind"] is None:
            ctx.note(f"material {m['id']} ({lang}): kind {card['label']!r} not recognised; not counted", url=url)
        elif card["year"] == w.year:
            found[card["kind"]].append({**card, "url": url})
    ctx.store.put_artifact(ctx.body, ctx.portal, "materials", f"{ctx.portal_id}:{lang}", records)
    window = w.meta(f"materials whose reporting period is {w.year} [INFERRED material markup]")
    put = ctx.sink.put
    for kind in STATEMENTS + ("citizens_budget", "strategic_plan_report"):
        put(lang, kind, bool(found[kind]), [x["url"] for x in found[kind]], window=window)
    sp = [x["published"] for x in found["strategic_plan_report"] if x["published"]]
    put(lang, "strategic_plan_report_date", min(sp).isoformat() if sp else None,
        [x["url"] for x in found["strategic_plan_report"]], window=window)
    audits = found["audit_results"]
    put(lang, "audit_results_published", len(audits), [x["url"] for x in audits], window=window)
    put(lang, "audit_results_dates", sorted(x["published"].isoformat() for x in audits if x["published"]),
        [x["url"] for x in audits], window=window)
    placed = [x for group in found.values() for x in group]
    put(lang, "materials_found", len(placed), [x["url"] for x in placed], window=window)
    put(lang, "materials_complete", sum(x["complete"] for x in placed),
        [x["url"] for x in placed if not x["complete"]], window=window)
