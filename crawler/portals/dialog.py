"""dialog.egov.kz: the head's blog (§4). Blog home `/blogs/<id>/welcome`, posts `/blogs/<id>/posts`, questions
`/blogs/<id>/questions?page=N` with hidden answer blocks `div.row.answers#<qid>`. Questions are deduped by id
(the list can shift while paged, DEF-31); the answer delay is counted in working days against a setting.
Polls and internet conferences (`/blogs/<id>/polls`, `/conferences`) are INFERRED paths, not verified on the live
site: they are read only with `dialog_polls: true`, and every figure from them carries `inferred` in its meta.
Language: the egovLang cookie, as on the other egov.kz sub-portals.

Reporting window: questions asked in the period (answered: of those, answered by the audit date), posts dated in
the period; polls and conferences dated in the period, also per half-year (OD-5 asks for one each half-year).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bs4 import BeautifulSoup

from crawler.portals.common import LANGS, Context, parse_date, working_days_between
from crawler.portals.http import NotFound, PortalError


def parse_questions(html: str) -> list[dict[str, Any]]:
    """Question rows of a list page: id, date, answer date (None if no answer block)."""
    soup = BeautifulSoup(html, "lxml")
    out = []
    for row in soup.select("div.row"):
        if "answers" in (row.get("class") or []):
            continue
        link = row.select_one('a.readmore[href*="/all-questions/"]')
        if not link:
            continue
        m = re.search(r"/all-questions/(\d+)", link["href"])
        if not m:
            continue
        qid = m.group(1)
        info = row.select_one("ul.blog-info")
        answer_box = soup.find("div", id=qid, class_="answers")
        answer_date = None
        if answer_box:
            stamp = answer_box.select_one(".answer-info")
            answer_date = parse_date(stamp.get_text(" ", strip=True)) if stamp else None
        out.append({"id": qid, "date": parse_date(info.get_text(" ", strip=True)) if info else None,
                    "answered": answer_box is not None, "answer_date": answer_date})
    return out


def _items(html: str, kind: str) -> dict[str, date | None]:
    """`div.blog-item` entries linking to /blogs/<id>/<kind>/<itemId> -> their date, if shown (the sidebar is
    ignored, DEF-29)."""
    soup = BeautifulSoup(html, "lxml")
    out: dict[str, date | None] = {}
    for item in soup.select("div.blog-item"):
        for a in item.select("a[href]"):
            if m := re.search(rf"/{kind}/(\d+)", a["href"]):
                out.setdefault(m.group(1), parse_date(item.get_text(" ", strip=True)))
    return out


def parse_posts(html: str) -> list[dict[str, Any]]:
    """Posts of the head (`div.blog-item` linking to /posts/<id>) with their dd.mm.yyyy dates."""
    soup = BeautifulSoup(html, "lxml")
    out = []
    for item in soup.select("div.blog-item"):
        link = item.select_one('a[href*="/posts/"]')
        m = re.search(r"/posts/(\d+)", link["href"]) if link else None
        if m:
            out.append({"id": m.group(1), "date": parse_date(item.get_text(" ", strip=True))})
    return out


def collect(ctx: Context) -> None:
    blog = str(ctx.portal_id)
    ctx.client.cookies.setdefault("ru", {})["egovLang"] = "ru"
    ctx.client.cookies.setdefault("kk", {})["egovLang"] = "kk"
    for lang in LANGS:
        _collect_lang(ctx, blog, lang)


def _paged(ctx: Context, path: str, lang: str, parse) -> tuple[dict[str, Any], list[str], int]:
    """Walk ?page=1.. until a page is empty or brings nothing new; returns items by id, page URLs, duplicates."""
    items: dict[str, Any] = {}
    urls: list[str] = []
    duplicates = 0
    page = 1
    while page <= int(ctx.settings["max_pages"]):
        url_path = f"{path}?page={page}"
        found = parse(ctx.get(url_path, session=lang).text)
        fresh = [x for x in found if x["id"] not in items]
        duplicates += len(found) - len(fresh)
        if not fresh:
            break
        urls.append(ctx.client.url(url_path))
        items.update((x["id"], x) for x in fresh)
        page += 1
    return items, urls, duplicates


def _collect_lang(ctx: Context, blog: str, lang: str) -> None:
    base = f"/blogs/{blog}"
    put = ctx.sink.put
    try:
        ctx.get(f"{base}/welcome", session=lang)
    except NotFound as exc:
        ctx.note(f"blog {blog} not found ({lang}): body missing on dialog.egov.kz", url=exc.url)
        put(lang, "blog_exists", False, [exc.url])
        return
    put(lang, "blog_exists", True, [ctx.client.url(f"{base}/welcome")])
    w = ctx.window
    try:
        posts, post_urls, _ = _paged(ctx, f"{base}/posts", lang, parse_posts)
        in_period = [p for p in posts.values() if w.contains(p["date"])]
        put(lang, "blog_posts", len(in_period), post_urls or [ctx.client.url(f"{base}/posts")],
            window=w.meta("posts dated in the period"))
        dates = [p["date"] for p in posts.values() if p["date"]]
        # the date of the newest post (None when there is none), whatever the period
        put(lang, "blog_last_post", max(dates).isoformat() if dates else None, post_urls[:1])
    except PortalError as exc:
        ctx.note(f"posts not read ({lang}): {exc}", url=exc.url)
    questions: dict[str, Any] = {}
    try:
        questions, q_urls, dupes = _paged(ctx, f"{base}/questions", lang, parse_questions)
    except PortalError as exc:
        ctx.note(f"question list stopped ({lang}): {exc}; counts are lower bounds", url=exc.url)
        q_urls, dupes = [], 0
    if dupes:
        ctx.note(f"the question list shifted while paging: {dupes} repeated id(s) counted once ({lang})",
                 url=ctx.client.url(f"{base}/questions"), level="info")
    ctx.store.put_artifact(ctx.body, ctx.portal, "questions", f"{blog}:{lang}", [
        {"id": q["id"], "date": q["date"].isoformat() if q["date"] else None, "answered": q["answered"],
         "answer_date": q["answer_date"].isoformat() if q["answer_date"] else None} for q in questions.values()])
    deadline = int(ctx.settings["dialog_answer_days"])
    undated = [q for q in questions.values() if q["date"] is None]
    if undated:
        ctx.note(f"{len(undated)} question(s) without a date ({lang}): outside every reporting period",
                 url=ctx.client.url(f"{base}/questions"))
    asked = [q for q in questions.values() if w.contains(q["date"])]
    answered = [q for q in asked if q["answered"]]
    late = [q for q in answered if _late(q, deadline)]
    qurl = ctx.client.url("/blogs/all-questions/")
    window = w.meta(f"questions asked in the period; answers as of {ctx.now.date().isoformat()}")
    put(lang, "questions", len(asked), q_urls, window=window)
    put(lang, "answered", len(answered), [qurl + q["id"] for q in answered][:5], window=window)
    put(lang, "answered_late", len(late), [qurl + q["id"] for q in late], window=window)
    if ctx.settings.get("dialog_polls"):
        for kind in ("polls", "conferences"):
            _events(ctx, base, kind, lang)


def _events(ctx: Context, base: str, kind: str, lang: str) -> None:
    """Polls / internet conferences from the INFERRED list page: counted in the period and per half-year."""
    url = ctx.client.url(f"{base}/{kind}")
    why = f"INFERRED path {base}/{kind}: not verified on the live dialog.egov.kz (dialog_polls=true)"
    try:
        items = _items(ctx.get(f"{base}/{kind}", session=lang).text, kind)
    except NotFound as exc:
        ctx.note(f"no {kind} page (INFERRED path, unverified on the live site)", url=exc.url, level="info")
        return
    except PortalError as exc:
        ctx.note(f"{kind} not read ({lang}): {exc}", url=exc.url)
        return
    w = ctx.window
    if any(d is None for d in items.values()):
        ctx.note(f"{sum(d is None for d in items.values())} {kind} without a date ({lang}): not counted", url=url)
    ctx.sink.put(lang, kind, sum(w.contains(d) for d in items.values()), [url], inferred=why,
                 window=w.meta(f"{kind} dated in the period"))
    for half in w.halves():
        ctx.sink.put(lang, f"{kind}_{half.label[-2:].lower()}", sum(half.contains(d) for d in items.values()),
                     [url], inferred=why, window=half.meta(f"{kind} dated in the half-year"))


def _late(q: dict[str, Any], deadline: int) -> bool:
    asked: date | None = q["date"]
    answered: date | None = q["answer_date"]
    return bool(asked and answered and working_days_between(asked, answered) > deadline)
