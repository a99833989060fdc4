"""Collect a gov.kz body's counts through the public API, then render its pages (govkz-targets.md §1.9).

Entry point: `collect_govkz(store, targets, now=..., settings=...)`. For each body with platform "govkz" and a
`portal_ids.govkz` slug it writes metrics `store.put_metric(body, "govkz", lang, metric, value, evidence)`
(see METRICS), collection notes, rendered pages and link edges, then marks `progress(body, "govkz") = done`.

For the audits it also keeps, under the body's site (so `load_site` hands them to the audits as artifacts):
`govkz_api` — the API's content per language (sections, news, documents, leadership, contacts, press releases,
participatory-budget projects, legal acts), which feeds Appendix 5 completeness beyond the rendered pages; and
`govkz_facts` — the attachment verdicts and the documents with neither a file nor text (Appendix 4 rows 2.7, 2.10).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from core.errors import InputError
from core.targets import Body, Targets
from crawler.govkz.announcements import announces
from crawler.govkz.api import ApiUnavailable, GovkzApi
from crawler.govkz.attachments import BROKEN, EMPTY, IMAGE_ONLY, UNREADABLE, classify_attachment
from crawler.govkz.http import USER_AGENT, HttpClient, HttpResult
from crawler.govkz.robots import Robots
from crawler.govkz.text import lang_share, looks_mojibake, repair_mojibake, text_lang
from crawler.portals.common import MetricSink, reporting_window
from crawler.store import RunStore

STAGE = "govkz"
PORTAL = "govkz"
HOST = "www.gov.kz"
ALMATY_OFFSET = timedelta(hours=5)  # created_date is naive Almaty local time
OPEN_GOV_HOSTS = {"dialog": "dialog.egov.kz", "data_egov": "data.egov.kz", "budget": "budget.egov.kz",
                  "legalacts": "legalacts.egov.kz"}
METRICS = (
    "lang_version_present", "news_total", "news_in_period", "last_news", "news_days_since_last",
    "documents_total", "documents_in_period", "documents_migrated_in_period", "documents_with_file",
    "documents_not_hypertext", "attachments_checked", "attachments_broken", "attachments_empty",
    "attachments_image_only", "attachments_unreadable", "pages", "menu_items", "open_gov_links",
    "curators", "curators_with_photo", "curators_with_biography", "curators_with_reception_phone",
    "curators_mojibake", "events", "ongoing_projects", "articles", "press_releases", "contacts_organisations",
    "documents_legal_acts", "announcements_budget", "announcements_npa",
)  # plus lang "all": virtual_reception_accessible, bnu_projects
# the metrics each API section yields: robots.txt keeping a section out makes these not_assessed, with the reason
SECTION_METRICS: dict[str, tuple[str, ...]] = {
    "news": ("news_total", "news_in_period", "last_news", "news_days_since_last"),
    "pages": ("pages", "menu_items", "open_gov_links"),
    "curators": ("curators", "curators_with_photo", "curators_with_biography", "curators_with_reception_phone",
                 "curators_mojibake"),
    "events": ("events",), "ongoing_projects": ("ongoing_projects",), "articles": ("articles",),
    "press_releases": ("press_releases",), "contacts": ("contacts_organisations",),
    "documents": ("documents_legal_acts", "documents_total", "documents_in_period", "documents_migrated_in_period",
                  "documents_with_file", "documents_not_hypertext", "attachments_checked", "attachments_broken",
                  "attachments_empty", "attachments_image_only", "attachments_unreadable"),
}
ATTACHMENT_METRICS = ("attachments_checked", "attachments_broken", "attachments_empty", "attachments_image_only",
                      "attachments_unreadable")
ANNOUNCEMENT_SOURCES = ("news", "press_releases")  # where the announcements are looked for
DEFAULTS: dict[str, Any] = {
    "delay": 0.5, "retries": 4, "backoff": 3.0, "timeout": 30.0, "page_size": 100, "max_pages": 500,
    "gql_retries": 4, "gql_backoff": 2.0, "max_attachments": 300, "fallback_share": 0.3,
    "period_start": None, "period_end": None, "render": True, "render_max_pages": 40,
    "render_content_depth": 1, "render_timeout_ms": 15000, "chromium": "/usr/bin/chromium",
    "robots_policy": "obey", "robots_allow": [], "user_agent": USER_AGENT,
    "reporting_period": None,  # announcements are counted in it (default: audit.portals.reporting_period)
    "content_max_items": 200,  # API records per kind and language kept for the Appendix 5 audit
}


def _almaty_naive(now: datetime) -> datetime:
    if now.tzinfo is None:
        return now
    return (now.astimezone(UTC) + ALMATY_OFFSET).replace(tzinfo=None)


def period(now: datetime, settings: dict[str, Any]) -> tuple[datetime, datetime]:
    """[start, end] in Almaty local time; default one year back from the date of `now`, inclusive."""
    local_now = _almaty_naive(now)
    end = local_now
    if settings.get("period_end"):
        end = datetime.fromisoformat(str(settings["period_end"]))
        if len(str(settings["period_end"])) == 10:  # a bare date includes that whole day
            end += timedelta(days=1, seconds=-1)
    if settings.get("period_start"):
        start = datetime.fromisoformat(settings["period_start"])
    else:
        try:
            start = datetime(local_now.year - 1, local_now.month, local_now.day)
        except ValueError:  # 29 February
            start = datetime(local_now.year - 1, local_now.month, 28)
    return start.replace(tzinfo=None), end.replace(tzinfo=None)


def _stamp(item: dict[str, Any], field: str = "created_date") -> datetime | None:
    value = item.get(field)
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return _almaty_naive(parsed)


def _migrated(item: dict[str, Any]) -> bool:
    """`T00:00:00` marks documents migrated in 2019-2021, not a real publication time (S1, DEF-04)."""
    return str(item.get("created_date") or "").endswith("T00:00:00")


def _home(base: str, slug: str) -> str:
    return f"{base}/memleket/entities/{slug}"


def _site_url(body: Body, base: str, slug: str) -> str:
    for site in body.sites:
        if f"/memleket/entities/{slug}" in site:
            return site
    return f"{_home(base, slug)}?lang=ru"


def resolve_settings(targets: Targets, settings: dict[str, Any] | None) -> dict[str, Any]:
    """DEFAULTS < targets `audit.govkz` < explicit settings; every problem is reported at once.

    Unknown names in the targets file's audit.govkz are errors (typos); explicit `settings` may carry other
    stages' keys, so only the names this collector knows are taken from it.
    """
    from_file = targets.audit.get("govkz") if isinstance(targets.audit, dict) else None
    if from_file is not None and not isinstance(from_file, dict):
        raise InputError("targets audit.govkz must be a mapping of settings", "see crawler/govkz/collect.py DEFAULTS")
    explicit = {k: v for k, v in (settings or {}).items() if k in DEFAULTS}
    portals = (targets.audit.get("portals") if isinstance(targets.audit, dict) else None) or {}
    shared = {"reporting_period": portals["reporting_period"]} if isinstance(portals, dict) and \
        portals.get("reporting_period") else {}  # one reporting window for the portals and the site
    opts = {**DEFAULTS, **shared, **(from_file or {}), **explicit}
    problems = [f"unknown setting audit.govkz.{k}" for k in (from_file or {}) if k not in DEFAULTS]
    if opts["robots_policy"] not in ("obey", "audit_override"):
        problems.append(f"robots_policy: {opts['robots_policy']!r} must be 'obey' or 'audit_override'")
    if not isinstance(opts["robots_allow"], list) or not all(isinstance(p, str) for p in opts["robots_allow"]):
        problems.append(f"robots_allow: {opts['robots_allow']!r} must be a list of path prefixes")
    for key, default in DEFAULTS.items():
        value = opts[key]
        if isinstance(default, list) or key in ("robots_policy", "reporting_period"):
            continue
        if isinstance(default, str):
            if not isinstance(value, str) or not value:
                problems.append(f"{key}: {value!r} must be a non-empty string")
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                problems.append(f"{key}: {value!r} must be true or false")
        elif isinstance(default, int | float) and (not isinstance(value, int | float) or isinstance(value, bool)
                                                   or value < 0):
            problems.append(f"{key}: {value!r} must be a number >= 0")
    try:
        reporting_window(datetime(2000, 1, 1), opts)
    except ValueError as exc:
        problems.append(str(exc))
    for key in ("period_start", "period_end"):
        if opts[key] is not None:
            try:
                datetime.fromisoformat(str(opts[key]))
            except ValueError:
                problems.append(f"{key}: {opts[key]!r} is not an ISO date (YYYY-MM-DD[THH:MM:SS])")
    if problems:
        raise InputError("invalid gov.kz collector settings: " + "; ".join(problems),
                         "fix audit.govkz in the targets file (names and defaults: crawler/govkz/collect.py DEFAULTS)")
    return opts


def collect_govkz(store: RunStore, targets: Targets, *, now: datetime, settings: dict[str, Any] | None = None
                  ) -> None:
    opts = resolve_settings(targets, settings)
    base = (targets.portals.get(HOST) or f"https://{HOST}").rstrip("/")
    bodies = [b for b in targets.bodies if b.platform == "govkz" and b.portal_ids.get("govkz")]
    for b in targets.bodies:
        if b.platform == "govkz" and not b.portal_ids.get("govkz"):
            store.add_note(STAGE, "platform is govkz but portal_ids.govkz (the entity slug) is missing; skipped",
                           body=b.key, level="warning")
    todo = [b for b in bodies if store.progress(b.key, STAGE) != "done"]
    if not todo:
        return
    robots = Robots.fetch(base, opts)
    store.put_artifact("_govkz", PORTAL, "robots", HOST, {"url": f"{base}/robots.txt", "note": robots.note,
                                                          "text": robots.text})
    if robots.note:
        store.add_note(STAGE, robots.note, level="info", url=f"{base}/robots.txt")
    robots.on_override = lambda url: store.add_note(
        STAGE, "robots.txt disallows this URL; read under the audit_override policy", level="info", url=url)
    renderer = None
    render_error = None
    if opts["render"]:
        from crawler.govkz.render import Renderer

        try:
            renderer = Renderer(opts, tempfile.mkdtemp(prefix="govkz-chromium-"), robots.allowed)
        except Exception as exc:  # no browser: keep the API data, say why nothing was rendered
            render_error = f"Chromium could not start ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
    try:
        for body in todo:
            store.set_progress(body.key, STAGE, "running")
            errors = BodyCollector(store, body, base, now, opts, robots).run()
            slug = str(body.portal_ids["govkz"])
            if renderer is not None:
                renderer.render_body(store, body, base, slug, _site_url(body, base, slug))
            elif render_error:
                store.add_note(STAGE, f"pages not rendered: {render_error}; check the 'chromium' setting",
                               body=body.key, level="error", url=_site_url(body, base, slug))
                errors += 1
            # "incomplete" is not "done": a resumed run collects this body again
            store.set_progress(body.key, STAGE, "incomplete" if errors else "done")
    finally:
        if renderer is not None:
            renderer.close()


class BodyCollector:
    def __init__(self, store: RunStore, body: Body, base: str, now: datetime, opts: dict[str, Any],
                 robots: Robots) -> None:
        self.store, self.body, self.base, self.opts = store, body, base, opts
        self.robots = robots
        # metric values and their meta (reporting window, why a figure was not collected): as on the portals
        self.sink = MetricSink(store, body.key, PORTAL, evidence_limit=100_000)
        self.blocked: dict[str, dict[str, str]] = {}  # lang -> section -> why robots.txt kept it out
        self._attachments_refused = ""
        self.slug = str(body.portal_ids["govkz"])
        self.start, self.end = period(now, opts)
        self.client = HttpClient(base, delay=opts["delay"], retries=opts["retries"], backoff=opts["backoff"],
                                 timeout=opts["timeout"], user_agent=opts["user_agent"], allow=robots.allowed,
                                 on_retry=self._retry_note, on_response=self._keep)
        self.api = GovkzApi(self.client, page_size=opts["page_size"], max_pages=opts["max_pages"],
                            gql_retries=opts["gql_retries"], gql_backoff=opts["gql_backoff"], on_note=self._note)
        self.home = _home(base, self.slug)
        self.errors = 0
        self.window = reporting_window(now, opts)
        self.content: dict[str, dict[str, list[dict[str, Any]]]] = {}  # lang -> kind -> records (audits)
        self.candidates: dict[str, list[tuple[dict[str, Any], str]]] = {}  # lang -> (item, url): announcements?
        self.site_url = body.sites[0] if body.sites else None

    def _keep(self, method: str, result: HttpResult, data: bytes | None) -> None:
        """Store every API answer under the body (site "govkz"), so audits can be re-run without re-collecting."""
        key = result.url if method == "GET" else f"{result.url}#post-{hashlib.sha1(data or b'').hexdigest()[:12]}"
        self.store.put_page(body=self.body.key, site=PORTAL, url=key, final_url=result.url,
                            status=result.status or None, content_type=result.content_type or None,
                            content=result.body or None, error=result.error,
                            info={"portal": PORTAL, "real_host": HOST, "api": True, "method": method,
                                  "request": (data or b"").decode("utf-8", "replace")[:2000]})

    def _retry_note(self, result: Any, wait: float) -> None:
        self._note("info", f"HTTP {result.status}; retrying after {wait:g} s", result.url)

    def _note(self, level: str, message: str, url: str | None = None) -> None:
        self.store.add_note(STAGE, message, body=self.body.key, level=level, url=url)

    def _put(self, lang: str, metric: str, value: Any, evidence: list[str], *,
             window: dict[str, Any] | None = None) -> None:
        self.sink.put(lang, metric, value, evidence, window=window)

    def _robots_reason(self, url: str | None, what: str) -> str | None:
        """Why `url` was not read if robots.txt kept it out (the portals' wording), else None."""
        if not url or self.robots.decide(url):
            return None
        path = urlsplit(url).path or "/"
        return (f"robots.txt of {HOST} disallows {path} and the audit policy is "
                f"robots_policy={self.opts['robots_policy']}: {what} not read (set audit.govkz.robots_policy: "
                f"audit_override with {path} in audit.govkz.robots_allow to read it, each read logged)")

    def _block(self, lang: str, section: str, metrics: tuple[str, ...], reason: str) -> None:
        self.blocked.setdefault(lang, {})[section] = reason
        for metric in metrics:
            self.sink.blocked(lang, metric, reason, [f"{self.base}/robots.txt"])

    def _in_period(self, item: dict[str, Any]) -> bool:
        when = _stamp(item)
        return when is not None and self.start <= when <= self.end

    def _keep_content(self, lang: str, kind: str, rows: list[dict[str, Any]]) -> None:
        self.content.setdefault(lang, {})[kind] = rows[: int(self.opts["content_max_items"])]

    def run(self) -> int:
        """Collect every language; returns the number of listings that could not be read."""
        langs = sorted(self.body.languages, key=lambda lang: lang != "ru")  # ru first: the fallback reference
        ru_texts: dict[str, dict[Any, str]] = {}
        documents = self._documents()
        for lang in langs:
            self._lang(lang, ru_texts, documents)
        self._virtual_reception()
        self._bnu()
        self._keep_for_audits()
        if self.api.tickets:  # DEF-01: record that news was only readable with the cookie ticket
            self._note("info", f"news answered 400 notAllowed without a ticket; read with {self.api.tickets} "
                               "k6 cookie ticket(s)", self.client.url("/api/v1/public/content-manager/news"))
        return self.errors + (documents is None)

    # -- documents (one listing for every language, DEF-05) ------------------------------------------
    def _documents(self) -> dict[str, Any] | None:
        try:
            recent, recent_url = self.api.since("documents", self.slug, None, self.start)
            everything, all_url = self.api.listing("documents", self.slug, None)
        except ApiUnavailable as exc:
            self._note("error", f"documents: {exc}", exc.url)
            reason = self._robots_reason(exc.url, "the documents listing was")
            if reason:
                for lang in self.body.languages:
                    self._block(lang, "documents", SECTION_METRICS["documents"], reason)
            return None
        return {"recent": recent, "all": everything, "urls": [recent_url, all_url]}

    def _lang(self, lang: str, ru_texts: dict[str, dict[Any, str]], documents: dict[str, Any] | None) -> None:
        """Every section on its own: one unreadable listing loses that section's metrics, never the rest."""
        self._fallbacks: dict[str, bool] = {}
        self._present = False
        sections = (("news", self._news), ("pages", self._pages), ("curators", self._curators),
                    ("events", lambda lang, fb: self._simple("events", lang, fb)),
                    ("ongoing_projects", lambda lang, fb: self._simple("ongoing_projects", lang, fb)),
                    ("articles", lambda lang, fb: {"articles": self._articles(lang)}),
                    ("press_releases", self._press_releases), ("contacts", self._contacts))
        share_min = self.opts["fallback_share"]

        def fallback(kind: str, items: list[dict[str, Any]], texts: list[str]) -> bool:
            """DEF-10: the API answers another language's records (the ru ones) for this language."""
            if lang == "ru":
                ru_texts[kind] = {i.get("id"): t for i, t in zip(items, texts, strict=True)}
                return False
            if not items:
                return False
            ref = ru_texts.get(kind, {})
            same_as_ru = all(i.get("id") in ref and ref[i.get("id")] == t for i, t in zip(items, texts, strict=True))
            if kind == "curators":  # positions ("Министр") are too short to judge the language by script
                return same_as_ru
            return same_as_ru or lang_share(texts, lang) < share_min

        m: dict[str, tuple[Any, list[str]]] = {}
        read_any = False
        for name, section in sections:
            try:
                m.update(section(lang, fallback))
                read_any = True
            except ApiUnavailable as exc:
                optional = name in ("articles", "press_releases", "contacts")  # GraphQL: a secondary source
                self.errors += 0 if optional else 1
                self._note("warning" if optional else "error", f"{lang}: {name} not collected: {exc}", exc.url)
                reason = self._robots_reason(exc.url, f"{lang}: {name.replace('_', ' ')} (gov.kz API) were")
                if reason:
                    self._block(lang, name, SECTION_METRICS[name], reason)
        if any(self._fallbacks.values()):
            self._note("warning", f"{lang}: the API answers another language's content for lang={lang} "
                                  f"({', '.join(k for k, v in self._fallbacks.items() if v)}): language version "
                                  "missing", f"{self.home}?lang={lang}")
        if read_any:
            m["lang_version_present"] = (self._present, [f"{self.home}?lang={lang}"])
        if documents is not None:
            m.update(self._document_metrics(lang, documents))
        for metric, (value, evidence) in m.items():
            self._put(lang, metric, value, evidence)
        if self._attachments_refused:
            self._block(lang, "attachments", ATTACHMENT_METRICS, self._attachments_refused)
        self._announcements(lang)

    def _news(self, lang: str, fallback: Any) -> dict[str, tuple[Any, list[str]]]:
        news, news_url = self.api.listing("news", self.slug, lang)  # ticket flow inside (DEF-01)
        self._fallbacks["news"] = fallback("news", news, [n.get("title") or "" for n in news])
        recent_news, recent_url = self.api.since("news", self.slug, lang, self.start)
        if self._fallbacks["news"]:
            news, recent_news = [], []
        self._present = self._present or bool(news)
        self._keep_content(lang, "news", [{"id": n.get("id"), "title": n.get("title"),
                                           "created_date": n.get("created_date")} for n in news])
        self.candidates.setdefault(lang, []).extend(
            (n, f"{self.home}/press/news/details/{n.get('id')}?lang={lang}") for n in news)
        stamps = [s for s in (_stamp(n) for n in news) if s]
        last = max(stamps) if stamps else None
        return {
            "news_total": (len(news), [news_url]),
            "news_in_period": (sum(1 for n in recent_news if self._in_period(n)), [recent_url]),
            "last_news": (last.date().isoformat() if last else None, [news_url]),
            "news_days_since_last": ((self.end.date() - last.date()).days if last else None, [news_url]),
        }

    def _pages(self, lang: str, fallback: Any) -> dict[str, tuple[Any, list[str]]]:
        pages, url = self.api.listing("pages", self.slug, lang, sort="order", size=1000)  # menu + static sections
        self._fallbacks["pages"] = fallback("pages", pages, [p.get("title") or "" for p in pages])
        if self._fallbacks["pages"]:
            pages = []
        self._present = self._present or bool(pages)
        self._keep_content(lang, "pages", [{"id": p.get("id"), "slug": p.get("slug"), "title": p.get("title"),
                                            "content": p.get("content"), "internal_link": p.get("internal_link")}
                                           for p in pages])
        text = " ".join(str(p.get("content") or "") + " " + str(p.get("internal_link") or "") for p in pages)
        return {
            "pages": (len(pages), [url]),
            "menu_items": (sum(1 for p in pages if p.get("is_menu_item")), [url]),
            "open_gov_links": (sorted(k for k, host in OPEN_GOV_HOSTS.items() if host in text), [url]),
        }

    def _curators(self, lang: str, fallback: Any) -> dict[str, tuple[Any, list[str]]]:
        curators, url = self.api.listing("curators", self.slug, lang, sort="order")
        repaired = self._repair_curators(curators, lang)
        texts = [f"{c.get('position') or ''} {c.get('biography') or ''}" for c in curators]
        self._fallbacks["curators"] = fallback("curators", curators, texts)
        if self._fallbacks["curators"]:
            curators, repaired = [], 0
        self._keep_content(lang, "curators", [
            {k: c.get(k) for k in ("id", "lastname", "name", "middlename", "position", "phone", "email",
                                   "public_reception_phone", "biography")} for c in curators])
        return {
            "curators": (len(curators), [url]),
            "curators_with_photo": (sum(1 for c in curators if c.get("photo")), [url]),
            "curators_with_biography": (sum(1 for c in curators if str(c.get("biography") or "").strip()), [url]),
            "curators_with_reception_phone": (sum(1 for c in curators if c.get("public_reception_phone")), [url]),
            "curators_mojibake": (repaired, [url]),
        }

    def _simple(self, kind: str, lang: str, fallback: Any) -> dict[str, tuple[Any, list[str]]]:
        rows, url = self.api.listing(kind, self.slug, lang, sort=None)
        self._fallbacks[kind] = fallback(kind, rows, [r.get("title") or "" for r in rows])
        return {kind: (0 if self._fallbacks[kind] else len(rows), [url])}

    def _repair_curators(self, curators: list[dict[str, Any]], lang: str) -> int:
        """DEF-08: repair Latin-1-mangled fields in place; count the curators touched; flag the unrepairable."""
        touched = 0
        for cur in curators:
            hit = False
            for field in ("lastname", "name", "middlename", "position", "biography"):
                value = cur.get(field)
                if isinstance(value, str) and looks_mojibake(value):
                    fixed = repair_mojibake(value)
                    url = f"{self.home}/about/structure/people/{cur.get('id')}?lang={lang}"
                    if fixed is None:
                        self._note("warning", f"curator {cur.get('id')} {field}: mojibake could not be repaired", url)
                    else:
                        self._note("info", f"curator {cur.get('id')} {field}: mojibake repaired to {fixed!r}", url)
                        cur[field] = fixed
                    hit = True
            touched += hit
        return touched

    def _articles(self, lang: str) -> tuple[int, list[str]]:
        url = self.client.url("/graphql")
        try:
            by_id = self.api.articles(self.slug, lang)
        except ApiUnavailable as exc:
            raise ApiUnavailable(f"graphql article: {exc}", exc.url, exc.status) from exc
        # one row per language version under one id (DEF-06): count ids that have a version in this language
        return sum(1 for rows in by_id.values()
                   if any(text_lang(str(r.get("title") or "")) == lang for r in rows)), [url]

    def _document_metrics(self, lang: str, documents: dict[str, Any]) -> dict[str, tuple[Any, list[str]]]:
        mine = [d for d in documents["all"] if text_lang(str(d.get("title") or "")) == lang]
        self._keep_content(lang, "documents", [
            {"id": d.get("id"), "title": d.get("title"), "created_date": d.get("created_date"),
             "content": str(d.get("content") or "")[:2000], "adilet": d.get("adilet"),
             "files": [f.get("document") for f in d.get("full_text") or [] if isinstance(f, dict)]}
            for d in sorted(mine, key=lambda d: str(d.get("created_date") or ""), reverse=True)])
        recent = [d for d in documents["recent"] if text_lang(str(d.get("title") or "")) == lang
                  and self._in_period(d)]
        period_docs = [d for d in recent if not _migrated(d)]
        migrated = len(recent) - len(period_docs)
        urls = documents["urls"]
        if migrated:
            self._note("info", f"{lang}: {migrated} document(s) in the period carry a T00:00:00 migration stamp; "
                               "not counted as published", f"{self.home}/documents/1?lang={lang}")
        files = [(d, f.get("document")) for d in period_docs for f in (d.get("full_text") or [])
                 if isinstance(f, dict) and f.get("document")]
        counts = {BROKEN: 0, EMPTY: 0, IMAGE_ONLY: 0, UNREADABLE: 0}
        checked = 0
        self._attachments_refused = ""  # robots.txt kept some attachment out: the attachment counts are not assessed
        for doc, path in files[: self.opts["max_attachments"]]:
            url = self._upload_url(str(path))
            result = self.client.get(url, retry=True, record=False)  # files can be large: keep the verdict only
            if result.status == 0:  # no HTTP answer (network, robots.txt): not evidence of a broken file
                self._note("warning", f"{lang}: attachment of document {doc.get('id')} not checked: {result.error}",
                           url)
                self._attachments_refused = self._attachments_refused or self._robots_reason(
                    url, f"{lang}: attachments of the period's documents were") or ""
                continue
            verdict = classify_attachment(result.status, result.body, str(path))
            checked += 1
            self.store.put_artifact(self.body.key, PORTAL, "govkz_attachment", url, {
                "document_id": doc.get("id"), "lang": lang, "status": result.status, "size": len(result.body),
                "content_type": result.content_type, "verdict": verdict})
            if verdict in counts:
                counts[verdict] += 1
                self._note("warning", f"{lang}: attachment of document {doc.get('id')} is {verdict} "
                                      f"(HTTP {result.status}, {len(result.body)} bytes)", url)
        if len(files) > self.opts["max_attachments"]:
            self._note("info", f"{lang}: checked {checked} of {len(files)} attachments (max_attachments)", urls[0])
        not_hyper = [d for d in period_docs if not d.get("full_text") and not str(d.get("content") or "").strip()]
        for d in not_hyper:
            self._note("warning", f"{lang}: document {d.get('id')} has neither a file nor text",
                       f"{self.home}/documents/details/{d.get('id')}?lang={lang}")
        self.content.setdefault(lang, {})["not_hypertext"] = [
            {"id": d.get("id"), "title": d.get("title"),
             "url": f"{self.home}/documents/details/{d.get('id')}?lang={lang}"} for d in not_hyper]
        return {
            "documents_legal_acts": (sum(1 for d in mine if d.get("adilet")), [urls[1]]),
            "documents_total": (len(mine), [urls[1]]),
            "documents_in_period": (len(period_docs), [urls[0]]),
            "documents_migrated_in_period": (migrated, [urls[0]]),
            "documents_with_file": (sum(1 for d in period_docs if d.get("full_text")), [urls[0]]),
            "documents_not_hypertext": (len(not_hyper), [urls[0]]),
            "attachments_checked": (checked, [urls[0]]),
            "attachments_broken": (counts[BROKEN], [urls[0]]),
            "attachments_empty": (counts[EMPTY], [urls[0]]),
            "attachments_image_only": (counts[IMAGE_ONLY], [urls[0]]),
            "attachments_unreadable": (counts[UNREADABLE], [urls[0]]),
        }

    def _graphql_rows(self, field: str, lang: str, fields: str) -> list[dict[str, Any]]:
        """Every row of a paginated GraphQL listing of this body in `lang`, de-duplicated by id."""
        size = 50
        query = (f'query Q($page: Int) {{ {field}(projects: "eq:{self.slug}", _size: {size}, _page: $page, '
                 f'_sort: "created_date:DESC", _lang: "{lang}") {{ {fields} }} }}')
        rows: dict[Any, dict[str, Any]] = {}
        for page in range(1, self.opts["max_pages"] + 1):
            batch = self.api.graphql(query, {"page": page}, lang).get(field) or []
            new = [r for r in batch if isinstance(r, dict) and r.get("id") not in rows]
            rows.update((r.get("id"), r) for r in new)
            if len(batch) < size or not new:
                break
        return list(rows.values())

    def _press_releases(self, lang: str, fallback: Any) -> dict[str, tuple[Any, list[str]]]:
        rows = self._graphql_rows("press_releases", lang, "id title body created_date")
        if fallback("press_releases", rows, [r.get("title") or "" for r in rows]):
            rows = []
        self._keep_content(lang, "press_releases", [{k: r.get(k) for k in ("id", "title", "created_date")}
                                                    for r in rows])
        self.candidates.setdefault(lang, []).extend(
            (r, f"{self.home}/press/article/details/{r.get('id')}?lang={lang}") for r in rows)
        return {"press_releases": (len(rows), [self.client.url("/graphql")])}

    def _contacts(self, lang: str, fallback: Any) -> dict[str, tuple[Any, list[str]]]:
        query = f'query {{ contacts_page(projects: "eq:{self.slug}", _lang: "{lang}") {{ id organisations }} }}'
        orgs = [o for row in self.api.graphql(query, {}, lang).get("contacts_page") or []
                for o in (row.get("organisations") or []) if isinstance(o, dict)]
        if fallback("contacts", orgs, [str(o.get("name") or "") for o in orgs]):
            orgs = []
        self._keep_content(lang, "contacts", orgs)
        return {"contacts_organisations": (len(orgs), [self.client.url("/graphql")])}

    def _announcements(self, lang: str) -> None:
        """OB-*-11.2 / 7.2 and NPA-*-5.2 / 4.2: news and press releases dated in the reporting window that
        announce a public discussion of budget programmes / the placement of draft NPAs."""
        w = self.window
        found: dict[str, list[str]] = {"budget": [], "npa": []}
        for item, url in self.candidates.get(lang, []):
            when = _stamp(item)
            if when is None or not w.contains(when.date()):
                continue
            for kind in announces(item, lang):
                found[kind].append(url)
        kept_out = [r for s, r in self.blocked.get(lang, {}).items() if s in ANNOUNCEMENT_SOURCES]
        for kind, urls in found.items():
            metric = f"announcements_{kind}"
            if kept_out and not urls:  # none found in what could be read: not evidence of none
                self.sink.blocked(lang, metric, "; ".join(kept_out), [f"{self.base}/robots.txt"])
                continue
            self._put(lang, metric, len(urls), urls, window=w.meta(
                "gov.kz news and press releases dated in the period announcing "
                + ("a public discussion of budget programmes" if kind == "budget" else "draft NPAs placed")))

    def _bnu(self) -> None:
        """Participatory-budget projects (`/bnu/<id>` sections of the menu, S13)."""
        ids = sorted({m.group(1) for rows in self.content.values() for p in rows.get("pages", [])
                      if (m := re.search(r"/bnu/(\d+)", str(p.get("internal_link") or "")))})
        projects: list[dict[str, Any]] = []
        urls = []
        refused = ""
        for bnu_id in ids:
            result = self.client.get(f"/api/v1/public/bnu/bnu-projects/{bnu_id}")
            urls.append(result.url)
            if result.status == 0:
                refused = refused or self._robots_reason(result.url, "participatory-budget projects were") or ""
            try:
                data = result.json() if result.status == 200 else {}
            except ValueError:
                data = {}
            if result.status != 200:
                self._note("warning", f"participatory budget {bnu_id}: HTTP {result.status}", result.url)
            projects += [x for x in (data.get("bnu_projects") or []) if isinstance(x, dict)]
        if refused:
            self._block("all", "bnu", ("bnu_projects",), refused)
        else:
            self._put("all", "bnu_projects", len(projects), urls)
        if projects:
            self.content.setdefault("ru", {})["bnu"] = [{k: x.get(k) for k in ("id", "title", "location")}
                                                       for x in projects]

    def _keep_for_audits(self) -> None:
        """The API content and the attachment facts, under the body's site: the audits read them from there."""
        if self.site_url is None:
            return
        verdicts = self.store.artifacts(self.body.key, "govkz_attachment", PORTAL)
        self.store.put_artifact(self.body.key, self.site_url, "govkz_api", "content",
                                {"home": self.home, "langs": self.content})
        self.store.put_artifact(self.body.key, self.site_url, "govkz_facts", "attachments",
                                {"home": self.home, "attachments": [{"url": u, **v} for u, v in verdicts.items()],
                                 "not_hypertext": [d for rows in self.content.values()
                                                   for d in rows.get("not_hypertext", [])]})

    def _upload_url(self, path: str) -> str:
        if "://" in path:
            parts = urlsplit(path)
            if parts.netloc == HOST:  # the real host maps to the configured base (fixture or proxy)
                return self.base + parts.path + (f"?{parts.query}" if parts.query else "")
            return path
        return self.base + (path if path.startswith("/") else "/" + path)

    def _virtual_reception(self) -> None:
        result = self.api.public_data(self.slug)
        ok = result.status == 200
        reason = self._robots_reason(result.url, "the virtual reception (/api/v2/public-data) was") \
            if result.status == 0 else None
        if reason:
            self._block("all", "virtual_reception", ("virtual_reception_accessible",), reason)
            return
        if not ok:
            self._note("warning", "virtual reception (/api/v2/public-data) not machine-accessible: "
                                  f"HTTP {result.status} {result.body[:80].decode('utf-8', 'replace')}", result.url)
        self._put("all", "virtual_reception_accessible", ok, [result.url])
