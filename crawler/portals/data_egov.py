"""data.egov.kz: datasets owned by the body (govkz-targets.md §2).

Enumerates the catalog `/datasets/getdatasetsre` page by page (the portal caps pages at 10 whatever `count` asks,
DEF-14), dedupes by apiUri and checks the enumeration against `/datasets/getdatasetsrecount`. Ownership is the
`govAgency.id` from the targets file (never a name match); external-user (`isGovAgency=false`) and unpublished
datasets are counted apart. Metadata completeness per language reads the highest *numeric* version (v10 > v2).

Reporting window: the datasets counted are the body's published datasets placed on or before the window's end
(the stock the approved List is judged against at the end of the reporting period); ones placed later are left
out. Update timeliness is judged at the audit date, because the catalog shows only the last modification.
A dataset is overdue (OD-3) when it is stale *or* marked not actual: one dataset, one deduction.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from bs4 import BeautifulSoup

from crawler.portals.common import Context, parse_date
from crawler.portals.http import PortalError

PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "QUARTERLY": 92, "HALF_YEAR": 183, "YEARLY": 366}
AJAX = {"X-Requested-With": "XMLHttpRequest"}


def _modified(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=None)
        except ValueError:
            pass
    d = parse_date(value)
    return datetime(d.year, d.month, d.day) if d else None


def is_stale(dataset: dict[str, Any], now: datetime) -> bool:
    """Older than its declared update period allows (AS_NEEDED / unknown periods are never stale)."""
    period = PERIOD_DAYS.get(str(dataset.get("actualizeType") or "").upper())
    modified = _modified(dataset.get("modifiedDate"))
    if period is None or modified is None:
        return False
    if modified.tzinfo is None:
        modified = modified.replace(tzinfo=now.tzinfo)
    return now - modified > timedelta(days=period)


def highest_version(keys: list[str]) -> str | None:
    versions = [k for k in keys if re.fullmatch(r"v\d+", k)]
    return max(versions, key=lambda v: int(v[1:])) if versions else None


def _agencies(ctx: Context) -> set[str] | None:
    """Agency ids on /datasets/listbygovagency (read once per run; also picks up the session cookie, as D1)."""
    if "agencies" not in ctx.client.cache:
        try:
            html = ctx.get("/datasets/listbygovagency").text
            soup = BeautifulSoup(html, "lxml")
            ids = {m.group(1) for a in soup.select('a[href*="govAgencyId="]')
                   if (m := re.search(r"govAgencyId=([^&#]+)", a.get("href", "")))}
            ctx.client.cache["agencies"] = ids or None
        except PortalError as exc:
            ctx.note(f"agency list unavailable ({exc}); cannot tell a missing body from an empty one", url=exc.url)
            ctx.client.cache["agencies"] = None
    return ctx.client.cache["agencies"]


def collect(ctx: Context) -> None:
    agency = str(ctx.portal_id)
    known = _agencies(ctx)
    if known is not None and agency not in known:
        ctx.note(f"govAgency id {agency!r} is not in the data.egov.kz agency list: body missing on the portal",
                 url=ctx.client.url("/datasets/listbygovagency"))
    params = {"byGovAgencyId": agency, "categoryId": "", "statusType": "", "datasetSortSelect": "", "status": ""}
    count_path = "/datasets/getdatasetsrecount?" + urlencode(params)
    headers = {**AJAX, "Referer": ctx.client.url("/datasets/listbygovagency")}
    answer = ctx.get_json(count_path, headers=headers)
    total = answer.get("totalCount") if isinstance(answer, dict) else answer  # {"totalCount": N} or a bare N
    if isinstance(total, str) and total.strip().isdigit():
        total = int(total)
    if not isinstance(total, int) or isinstance(total, bool):
        raise PortalError(f"recount answered without an integer totalCount: {total!r}", ctx.client.url(count_path))
    ctx.sink.put("all", "catalog_total", total, [ctx.client.url(count_path)])  # kept even if paging fails
    datasets: dict[str, dict[str, Any]] = {}
    page_urls: list[str] = []
    page = 1
    try:
        while page <= int(ctx.settings["max_pages"]):
            path = "/datasets/getdatasetsre?" + urlencode({"page": page, "count": 100, **params})
            data = ctx.get_json(path, headers=headers)
            items = data.get("datasets") if isinstance(data, dict) else data if isinstance(data, list) else None
            if not items:  # past the end
                break
            page_urls.append(ctx.client.url(path))
            fresh = [d for d in items if isinstance(d, dict) and d.get("apiUri") and d["apiUri"] not in datasets]
            for d in fresh:
                datasets[d["apiUri"]] = d
            if not fresh or len(datasets) >= total:
                break
            page += 1
    finally:
        # whatever was enumerated is kept, even if a later page failed
        ctx.store.put_artifact(ctx.body, ctx.portal, "datasets", agency, list(datasets.values()))
    if len(datasets) != total:
        ctx.note(f"enumerated {len(datasets)} datasets but getdatasetsrecount says {total}",
                 url=ctx.client.url(count_path))
    mine = {k: d for k, d in datasets.items() if str((d.get("govAgency") or {}).get("id")) == agency}
    if len(mine) != len(datasets):
        ctx.note(f"{len(datasets) - len(mine)} catalog items belong to another govAgency.id and were ignored",
                 url=page_urls[0] if page_urls else None)
    external = [d for d in mine.values() if (d.get("govAgency") or {}).get("isGovAgency") is False]
    own = [d for d in mine.values() if (d.get("govAgency") or {}).get("isGovAgency") is not False]
    published = [d for d in own if str(d.get("status") or "").upper() == "PUBLISHED"]
    unpublished = [d for d in own if str(d.get("status") or "").upper() != "PUBLISHED"]
    view = ctx.client.url("/datasets/view?index=")
    w = ctx.window
    later = [d for d in published if (c := _modified(d.get("createdDate"))) is not None and c.date() > w.end]
    late_ids = {d["apiUri"] for d in later}
    published = [d for d in published if d["apiUri"] not in late_ids]
    if later:
        ctx.note(f"{len(later)} published dataset(s) were placed after {w.end.isoformat()} (outside the reporting "
                 f"period {w.label}) and are not counted", url=view + quote(later[0]["apiUri"]), level="info")
    stale = [d for d in published if is_stale(d, ctx.now)]
    not_actual = [d for d in published if d.get("actual") is False]
    flagged = {d["apiUri"] for d in stale} | {d["apiUri"] for d in not_actual}
    overdue = [d for d in published if d["apiUri"] in flagged]  # the union: never the same dataset twice
    stock = w.meta(f"published datasets placed on or before {w.end.isoformat()}")
    at_audit = w.meta(f"of the datasets placed on or before {w.end.isoformat()}; update state at the audit date "
                      f"{ctx.now.date().isoformat()} (the catalog shows only the last modification)")
    sink = ctx.sink
    sink.put("all", "datasets_published", len(published), page_urls + [view + quote(d["apiUri"]) for d in published],
             window=stock)
    sink.put("all", "datasets_stale", len(stale), [view + quote(d["apiUri"]) for d in stale], window=at_audit)
    sink.put("all", "datasets_not_actual", len(not_actual), [view + quote(d["apiUri"]) for d in not_actual],
             window=at_audit)
    sink.put("all", "datasets_overdue", len(overdue), [view + quote(d["apiUri"]) for d in overdue], window=at_audit)
    sink.put("all", "datasets_excluded_external", len(external), [view + quote(d["apiUri"]) for d in external])
    sink.put("all", "datasets_excluded_unpublished", len(unpublished), [view + quote(d["apiUri"]) for d in unpublished])
    sink.put("all", "datasets_placed_after_period", len(later), [view + quote(d["apiUri"]) for d in later],
             window=w.meta(f"published datasets placed after {w.end.isoformat()}: not counted"))
    _metadata(ctx, published, stock)


def _fields_for(ctx: Context, api_uri: str) -> tuple[dict[str, Any] | None, str | None]:
    """Field metadata of the highest version: /api/v4/mapping gives the versions, /meta/<uri>/<v> the labels."""
    version = None
    try:
        mapping = ctx.get_json(f"/api/v4/mapping/{quote(api_uri)}")
        version = highest_version(list(mapping)) if isinstance(mapping, dict) else None
    except PortalError as exc:
        ctx.note(f"mapping of {api_uri} unavailable ({exc}); using the passport's currentVersion", url=exc.url)
    if version is None:
        try:
            html = ctx.get(f"/datasets/view?index={quote(api_uri)}").text
            m = re.search(r"currentVersion\s*=\s*['\"](v\d+)['\"]", html)
            version = m.group(1) if m else None
        except PortalError as exc:
            ctx.note(f"passport of {api_uri} unavailable ({exc})", url=exc.url)
    path = f"/meta/{quote(api_uri)}/{version or 'data'}"
    try:
        meta = ctx.get_json(path)
    except PortalError as exc:
        ctx.note(f"metadata of {api_uri} unavailable ({exc}); its completeness is not assessed", url=exc.url)
        return None, None
    return (meta if isinstance(meta, dict) else None), ctx.client.url(path)


def _metadata(ctx: Context, published: list[dict[str, Any]], window: dict[str, Any]) -> None:
    complete: dict[str, list[str]] = {"kk": [], "ru": []}
    incomplete: dict[str, list[str]] = {"kk": [], "ru": []}
    for d in published:
        meta, url = _fields_for(ctx, d["apiUri"])
        if meta is None or url is None:
            continue
        fields = meta.get("fields") if isinstance(meta.get("fields"), dict) else {}
        for lang in ("kk", "ru"):
            suffix = lang.capitalize()
            ok = bool(str(d.get(f"name{suffix}") or "").strip() and str(d.get(f"description{suffix}") or "").strip()
                      and all(str((f or {}).get(f"label{suffix}") or "").strip() for f in fields.values()))
            (complete if ok else incomplete)[lang].append(url)
    for lang in ("kk", "ru"):
        ctx.sink.put(lang, "metadata_complete", len(complete[lang]), complete[lang], window=window)
        ctx.sink.put(lang, "metadata_incomplete", len(incomplete[lang]), incomplete[lang], window=window)
