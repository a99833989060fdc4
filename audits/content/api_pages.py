"""The gov.kz API's content as pages the Appendix 5 audit can search (pure: reads the `govkz_api` artifact).

The www.gov.kz collector renders at most `render_max_pages` pages per language, but the public API lists every
section, document, news item, leader, contact, press release and participatory-budget project. Each kind becomes
one plain page per language (a section page per `pages` record), addressed by the platform URL it stands for
with `source=api` added, so an evaluator can open the real page and tell API pages from rendered ones. Attachment
verdicts become stored "pages" too, so a broken file link is a dead link, not a published item.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from core.artifacts import PageArtifact, SiteArtifacts

SOURCE = "govkz_api"
TITLES = {"news": ("Новости", "Жаңалықтар"), "documents": ("Документы", "Құжаттар"),
          "curators": ("Руководство", "Басшылық"), "contacts": ("Контакты", "Байланыстар"),
          "press_releases": ("Пресс-релизы", "Баспасөз релиздері"), "bnu": ("Бюджет народного участия",
                                                                           "Халық қатысатын бюджет")}
PATHS = {"news": "press/news", "documents": "documents/1", "curators": "about/structure", "contacts": "contacts",
         "press_releases": "press/press-releases", "bnu": "bnu"}


def _day(stamp: Any) -> str:
    try:
        return datetime.fromisoformat(str(stamp)[:19]).strftime("%d.%m.%Y")
    except ValueError:
        return ""


def _html(lang: str, title: str, body: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><main><h1>{escape(title)}</h1>{body}</main></body></html>")


def _rows(kind: str, rows: list[dict[str, Any]], home: str, base: str, lang: str) -> str:
    items = []
    for r in rows:
        if kind in ("news", "press_releases"):
            detail = "news/details" if kind == "news" else "article/details"
            items.append(f'<li><a href="{escape(home)}/press/{detail}/{escape(str(r.get("id")))}?lang={lang}">'
                         f'{escape(str(r.get("title") or ""))}</a> {_day(r.get("created_date"))}</li>')
        elif kind == "documents":
            files = [f if "://" in str(f) else base + "/" + str(f).lstrip("/") for f in r.get("files") or []]
            href = files[0] if files else f"{home}/documents/details/{r.get('id')}?lang={lang}"
            adilet = (f' <a href="https://adilet.zan.kz/rus/docs/{escape(str(r["adilet"]))}">adilet '
                      f'{escape(str(r["adilet"]))}</a>' if r.get("adilet") else "")
            items.append(f'<li><a href="{escape(href)}">{escape(str(r.get("title") or ""))}</a> '
                         f'{_day(r.get("created_date"))}{adilet}</li>')
        elif kind == "curators":
            name = " ".join(str(r.get(k) or "") for k in ("lastname", "name", "middlename")).strip()
            phone = r.get("phone") or r.get("public_reception_phone") or ""
            items.append(f"<li>{escape(name)} — {escape(str(r.get('position') or ''))}, тел. {escape(str(phone))}, "
                         f"{escape(str(r.get('email') or ''))}</li>")
        elif kind == "contacts":
            items.append("<li>" + ", ".join(escape(str(r.get(k))) for k in ("name", "address", "phone", "email")
                                            if r.get(k)) + "</li>")
        elif kind == "bnu":
            items.append(f"<li>{escape(str(r.get('title') or ''))} {escape(str(r.get('location') or ''))}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _page(url: str, lang: str, title: str, body: str) -> PageArtifact:
    return PageArtifact(url=url, status=200, content_type="text/html; charset=utf-8", html=_html(lang, title, body),
                        lang=lang, title=title, final_url=url, info={"source": SOURCE})


def api_pages(site: SiteArtifacts) -> dict[str, PageArtifact]:
    """Synthetic pages (url -> PageArtifact) from the site's `govkz_api` artifact; {} when there is none."""
    doc = (site.extra.get("govkz_api") or {}).get("content") or {}
    home = str(doc.get("home") or "").rstrip("/")
    if not home:
        return {}
    parts = urlsplit(home)
    base = f"{parts.scheme}://{parts.netloc}"
    out: dict[str, PageArtifact] = {}
    for lang, kinds in (doc.get("langs") or {}).items():
        if lang not in ("kk", "ru"):
            continue
        idx = 0 if lang == "ru" else 1
        for p in kinds.get("pages") or []:
            link = str(p.get("internal_link") or "")
            path = base + link if link.startswith("/") else f"{home}/pages/{p.get('slug') or p.get('id')}"
            url = f"{path}?lang={lang}&source=api"
            out[url] = _page(url, lang, str(p.get("title") or ""), str(p.get("content") or ""))
        for kind, (ru, kk) in TITLES.items():
            rows = kinds.get(kind) or []
            if rows:
                url = f"{home}/{PATHS[kind]}?lang={lang}&source=api"
                out[url] = _page(url, lang, (ru, kk)[idx], _rows(kind, rows, home, base, lang))
    facts = (site.extra.get("govkz_facts") or {}).get("attachments") or {}
    for a in facts.get("attachments") or []:
        url = str(a.get("url") or "")
        if url and url not in out:
            out[url] = PageArtifact(url=url, status=a.get("status"), content_type=a.get("content_type"),
                                    final_url=url, info={"source": SOURCE, "verdict": a.get("verdict")})
    return out
