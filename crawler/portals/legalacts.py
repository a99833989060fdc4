"""legalacts.egov.kz: drafts, concepts, comments, answers and reports of one developer body (§3).

Lists (`/list`, allowed by robots.txt) are walked per `governmentId`, active and `status=IN_ARCHIVE`, 0-based
`?page=N` with `totalPages: N` from the page script, stopping at «Нет данных» / no new ids (DEF-26). Concepts are
the ids of the `types[0]=7001&types[1]=7002` list. The language is the `egovLang` cookie (no cookie = Kazakh,
DEF-21); we set it directly because `/application/changelang` is itself disallowed by robots.txt.
Cards (`/npa/view`) and reports (`/report`) are disallowed by robots.txt: they are read only under the
`audit_override` policy, and every such read is logged. Under `obey` every card-level figure is still written,
without a value and with the robots reason (`not_assessed`), so the scores say why it is missing.

Reporting window: the lists are filtered by creation date (createBeginDate / createEndDate) to the reporting
period; the drafts counted are those created in it, and the comments, answers and reports counted are those of
these drafts (whatever the comment's own date: a discussion belongs to its draft).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from bs4 import BeautifulSoup, Tag

from crawler.portals.common import LANGS, Context, int_in, parse_date, parse_day_month
from crawler.portals.http import NotFound, PortalError

CONCEPT_TYPES = {"types[0]": "7001", "types[1]": "7002"}
NO_DATA = ("Нет данных", "Деректер жоқ")
# label texts of the card, both languages (§3.1, §3.2); matched on the text before the colon
LABELS = {
    "status": ("Статус",),
    "type": ("Тип НПА", "НҚА түрі"),
    "created": ("Дата создания", "Құру күні"),
    "until": ("Публичное обсуждение до", "Қоғамдық талқылаудың мерзімі"),
    "version": ("Версия проекта", "Жоба нұсқасы"),
    "gov": ("Государственный орган НПА",),
}
TOTAL_TITLES = ("Всего комментариев", "Барлық пікірлер", "Барлық түсініктемелер")
FORM_FIELDS = ("type", "created", "until", "version")  # NPA-CSO-3 / NPA-LEB-2: the card fields that must be filled
CARD_METRICS = ("comments_total", "comments_public", "comments_answered", "comments_unanswered", "answers_late",
                "discussions_finished", "reports_published", "reports_missing", "reports_incomplete", "cards_read",
                "cards_complete")
ANSWER_HEADERS = ("Ответ", "Жауап")


@dataclass
class Card:
    id: int
    url: str
    title: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    comments_total: int | None = None
    comments: list[dict[str, Any]] = field(default_factory=list)
    report_url: str | None = None

    @property
    def until(self) -> date | None:
        return parse_date(self.fields.get("until"))

    @property
    def created(self) -> date | None:
        return parse_date(self.fields.get("created"))


def parse_list(html: str) -> tuple[list[tuple[int, str]], int | None, bool]:
    """(id, title) cards, totalPages from the script, and whether the page says «Нет данных»."""
    soup = BeautifulSoup(html, "lxml")
    cards = []
    for a in soup.select("div.contentlist h3 a[href]"):
        m = re.search(r"/npa/view\?id=(\d+)", a["href"])
        if m:
            cards.append((int(m.group(1)), a.get_text(" ", strip=True)))
    total = re.search(r"totalPages\s*:\s*(\d+)", html)
    return cards, int(total.group(1)) if total else None, any(t in soup.get_text(" ") for t in NO_DATA)


def _label_key(text: str) -> str | None:
    text = text.strip().rstrip(":").strip()
    for key, variants in LABELS.items():
        if text in variants:
            return key
    return None


def parse_card(html: str, act_id: int, url: str) -> Card:
    soup = BeautifulSoup(html, "lxml")
    root = soup.select_one(".view-npa") or soup.select_one(".blog-item")  # ARV template fallback (DEF-24)
    card = Card(id=act_id, url=url)
    if root is None:
        return card
    h2 = root.find("h2")
    card.title = h2.get_text(" ", strip=True) if h2 else ""
    for small in root.select("small"):
        b = small.find("b")
        key = _label_key(b.get_text(" ", strip=True)) if b else None
        if key:
            card.fields[key] = small.get_text(" ", strip=True)[len(b.get_text(" ", strip=True)):].strip()
    gov = soup.select_one(".blog-info .gov-parent")
    if gov:
        card.fields["gov"] = gov.get_text(" ", strip=True)
    for li in soup.select(".blog-info li"):
        if any(li.select_one(f'i[title="{t}"]') for t in TOTAL_TITLES):
            card.comments_total = int_in(li.get_text(" ", strip=True))
    report = soup.select_one('a[href^="/report?id="]') or soup.select_one('a[href*="/report?id="]')
    card.report_url = report["href"] if report else None
    reference = card.created or card.until or date.today()
    container = soup.select_one(".main-comments")
    for media in container.find_all("div", class_="media", recursive=False) if container else []:
        card.comments.append(_comment(media, reference))
    return card


def _comment(media: Tag, reference: date) -> dict[str, Any]:
    body = media.find("div", class_="media-body", recursive=False) or media
    heads = body.find_all("h4", class_="media-heading", recursive=False)
    text = body.find("p", recursive=False)
    reply_box = body.find("div", class_="media", recursive=False)  # the body's official reply (nested)
    reply = None
    if reply_box:
        rhead = reply_box.select_one("h4.media-heading")
        reply = {"date": parse_day_month(rhead.get_text(" ", strip=True), reference) if rhead else None}
    return {"id": text.get("id") if text else None,
            "date": parse_day_month(heads[0].get_text(" ", strip=True), reference) if heads else None,
            "reply": reply}


def report_empty_answers(html: str) -> int | None:
    """Rows of the report table whose «Ответ» cell is empty; None if no such column is found."""
    soup = BeautifulSoup(html, "lxml")
    for table in soup.find_all("table"):
        headers = [th.get_text(" ", strip=True) for th in table.select("thead th") or table.select("tr th")]
        idx = next((i for i, h in enumerate(headers) if h in ANSWER_HEADERS), None)
        if idx is None:
            continue
        rows = [tr.find_all("td") for tr in table.select("tbody tr") or table.select("tr")]
        return sum(1 for cells in rows if len(cells) > idx and not cells[idx].get_text(strip=True))
    return None


def _walk(ctx: Context, params: dict[str, str], lang: str) -> dict[int, str]:
    found: dict[int, str] = {}
    page = 0
    while page < int(ctx.settings["max_pages"]):
        path = "/list?" + urlencode({**params, "page": page})
        cards, total_pages, no_data = parse_list(ctx.get(path, session=lang).text)
        fresh = [(i, t) for i, t in cards if i not in found]
        found.update(fresh)
        if not cards or no_data or not fresh or (total_pages is not None and page + 1 >= total_pages):
            break
        page += 1
    return found


def collect(ctx: Context) -> None:
    gov = str(ctx.portal_id)
    ctx.client.cookies.setdefault("ru", {})["egovLang"] = "ru"
    ctx.client.cookies.setdefault("kk", {})["egovLang"] = "kk"
    base: dict[str, str] = {"governmentId": gov}
    w = ctx.window
    for name, key, default in (("legalacts_create_begin", "createBeginDate", w.start),
                               ("legalacts_create_end", "createEndDate", w.end)):
        base[key] = str(ctx.settings[name]) if ctx.settings.get(name) else default.strftime("%d.%m.%Y")
    window = w.meta(f"drafts created {base['createBeginDate']}-{base['createEndDate']} (list filter)")
    titles: dict[str, dict[int, str]] = {}
    for lang in LANGS:
        titles[lang] = {}
        for status in ("", "IN_ARCHIVE"):
            titles[lang].update(_walk(ctx, {**base, **({"status": status} if status else {})}, lang))
    concepts: set[int] = set()
    for status in ("", "IN_ARCHIVE"):
        concepts |= set(_walk(ctx, {**CONCEPT_TYPES, **base, **({"status": status} if status else {}),
                                    "type": "0"}, "kk"))
    ids = sorted(set(titles["kk"]) | set(titles["ru"]))
    if not ids:
        ctx.note(f"no acts listed for governmentId {gov}: body missing on legalacts or nothing published",
                 url=ctx.client.url("/list?" + urlencode(base)))
    view = ctx.client.url("/npa/view?id=")
    for lang in LANGS:
        other = titles["ru" if lang == "kk" else "kk"]

        def in_lang(i: int, lang: str = lang, other: dict[int, str] = other) -> bool:
            # a kk "translation" that repeats the ru title is not a kk publication (DEF-27)
            title = titles[lang].get(i, "").strip()
            return bool(title) and not (lang == "kk" and title == other.get(i, "").strip())

        drafts = [i for i in ids if i not in concepts and in_lang(i)]
        conc = [i for i in ids if i in concepts and in_lang(i)]
        copied = [i for i in ids if lang == "kk" and titles["kk"].get(i) and not in_lang(i)]
        if copied:
            ctx.note(f"{len(copied)} act(s) have a kk title identical to the ru title", url=view + str(copied[0]))
        ctx.sink.put(lang, "drafts_published", len(drafts), [view + str(i) for i in drafts], window=window)
        ctx.sink.put(lang, "concepts_published", len(conc), [view + str(i) for i in conc], window=window)
    if not ctx.client.allowed("/npa/view?id=1", ctx.body):
        reason = (f"robots.txt of {ctx.client.real_host} disallows /npa/view and /report and the audit policy is "
                  f"robots_policy={ctx.settings.get('robots_policy')}: comments, answers, reports and card fields "
                  "were not read (set audit.portals.robots_policy: audit_override to read them, each read logged)")
        ctx.note(reason, url=ctx.client.url("/robots.txt"))
        for lang in LANGS:
            for metric in CARD_METRICS:
                ctx.sink.blocked(lang, metric, reason, [ctx.client.url("/robots.txt")])
        return
    for lang in LANGS:
        other = titles["ru" if lang == "kk" else "kk"]
        placed = {i for i in ids if titles[lang].get(i, "").strip()
                  and not (lang == "kk" and titles[lang][i].strip() == other.get(i, "").strip())}
        _cards(ctx, ids, lang, placed, w.meta(f"drafts created {base['createBeginDate']}-{base['createEndDate']} "
                                              "and all their comments, answers and reports"))


def _cards(ctx: Context, ids: list[int], lang: str, placed: set[int], window: dict[str, Any]) -> None:
    """Card-level figures of one language; `placed` are the acts published in this language (DEF-27)."""
    read = 0
    records: list[dict[str, Any]] = []
    try:
        for act_id in ids:
            read += _card(ctx, act_id, lang, records)
    finally:  # per-act detail for the audits, kept even if a later card failed
        ctx.store.put_artifact(ctx.body, ctx.portal, "acts", f"{ctx.portal_id}:{lang}", records)
    if ids and not read:
        ctx.note(f"no card could be read in {lang}; card-level metrics not written")
        return
    if read < len(ids):
        ctx.note(f"{len(ids) - read} of {len(ids)} cards unreadable in {lang}: card counts are lower bounds")
    today = ctx.now.date()
    totals = sum(r["comments_total"] for r in records)
    public = sum(r["comments_public"] for r in records)
    answered = sum(r["answered"] for r in records)
    unanswered = sum(r["unanswered"] for r in records)
    late = sum(r["answers_late"] for r in records)
    finished = [r for r in records if r["until"] and r["until"] < today.isoformat()]
    missing = [r for r in finished if not r["report_url"]]
    published = [r for r in finished if r["report_url"]]
    incomplete = [r for r in published if r["report_empty_answers"]]
    complete = [r for r in records if not r["missing_fields"] and r["id"] in placed]
    forms_bad = [r for r in records if r not in complete]

    def put(metric: str, value: Any, evidence: list[str]) -> None:
        ctx.sink.put(lang, metric, value, evidence, window=window)

    put("comments_total", totals, [r["url"] for r in records if r["comments_total"]])
    put("comments_public", public, [r["url"] for r in records if r["comments_public"]])
    put("comments_answered", answered, [r["url"] for r in records if r["answered"]])
    put("comments_unanswered", unanswered, [r["url"] for r in records if r["unanswered"]])
    put("answers_late", late, [r["url"] for r in records if r["answers_late"]])
    put("discussions_finished", len(finished), [r["url"] for r in finished])
    put("reports_published", len(published), [r["report_url"] for r in published])
    put("reports_missing", len(missing), [r["url"] for r in missing])
    put("reports_incomplete", len(incomplete), [r["report_url"] for r in incomplete])
    put("cards_read", len(records), [r["url"] for r in records])
    # evidence of the cards that fall short: which field is empty or which language copies the other
    put("cards_complete", len(complete), [r["url"] for r in forms_bad])


def _card(ctx: Context, act_id: int, lang: str, records: list[dict[str, Any]]) -> int:
    """Read one card (and its report); append its record; 1 if the card was read, else 0."""
    today = ctx.now.date()
    path = f"/npa/view?id={act_id}"
    try:
        card = parse_card(ctx.get(path, session=lang).text, act_id, ctx.client.url(path))
    except PortalError as exc:
        ctx.note(f"card {act_id} ({lang}) not read: {exc}", url=exc.url)
        return 0
    end = card.until
    replies = [c["reply"] for c in card.comments if c["reply"]]
    missing_fields = [f for f in FORM_FIELDS if not card.fields.get(f)] + ([] if card.title else ["title"])
    record: dict[str, Any] = {
        "id": act_id, "url": card.url, "title": card.title, "type": card.fields.get("type"),
        "status": card.fields.get("status"), "created": card.created.isoformat() if card.created else None,
        "until": end.isoformat() if end else None,
        "comments_total": card.comments_total if card.comments_total is not None else len(card.comments),
        "comments_public": len(card.comments), "answered": len(replies),
        "unanswered": len(card.comments) - len(replies),
        "answers_late": sum(1 for r in replies if end and r["date"] and r["date"] > end),
        "report_url": None, "report_empty_answers": None, "missing_fields": missing_fields}
    records.append(record)
    if end is None or end >= today or not card.report_url:
        return 1
    report_path = card.report_url if card.report_url.startswith("/") else "/" + card.report_url.split("/", 3)[-1]
    record["report_url"] = ctx.client.url(report_path)
    try:
        record["report_empty_answers"] = report_empty_answers(ctx.get(report_path, session=lang).text)
    except NotFound:
        ctx.note(f"report link of act {act_id} is dead", url=ctx.client.url(report_path))
    except PortalError as exc:
        ctx.note(f"report of act {act_id} ({lang}) not read: {exc}", url=exc.url)
    return 1
