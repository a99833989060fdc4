"""egov.kz: public services per provider body, dead service links (§6).

The citizen catalogue `/cms/<lang>/online-services/for_citizen` (`div.category-item`, `li > a`) is read once per
run in kk and ru; every listed service page is read once (ru) for its «Услугодатель» block. A service belongs to
the body whose egov id names that provider text exactly (whitespace and case folded; no fuzzy matching). A dead
link has no provider text, so it is attributed by the service-code suffix from the same egov id. A code suffix
that disagrees with the provider text is logged (DEF-34).
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup

from crawler.portals.common import Context
from crawler.portals.http import NotFound, PortalError

CATALOG = "/cms/{lang}/online-services/for_citizen"
PROVIDER_LABELS = ("Услугодатель", "Көрсетілетін қызметті беруші", "Қызмет беруші")


def norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def parse_catalog(html: str, lang: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    prefix = CATALOG.format(lang=lang) + "/"
    codes = []
    for a in soup.select("div.category-item li > a[href], div.category-item li a[href]"):
        href = a["href"].split("?")[0]
        if href.startswith(prefix):
            codes.append(href[len(prefix):].strip("/"))
    return list(dict.fromkeys(codes))


def parse_provider(html: str) -> str | None:
    soup = BeautifulSoup(html, "lxml")
    for block in soup.select(".info-block-horizontal"):
        text = block.get_text(" ", strip=True)
        for label in PROVIDER_LABELS:
            if text.startswith(label):
                return text[len(label):].lstrip(" :").strip()
    return None


def suffix_of(code: str) -> str:
    m = re.search(r"_([a-z]+)$", code)
    return m.group(1) if m else ""


def _services(ctx: Context) -> dict[str, dict[str, Any]]:
    """code -> {url, provider, dead}: the whole catalogue, read once per run."""
    cache = ctx.client.cache
    if "services" in cache:
        return cache["services"]
    codes: list[str] = []
    for lang in ("ru", "kk"):
        try:
            codes += parse_catalog(ctx.get(CATALOG.format(lang=lang), session=lang).text, lang)
        except PortalError as exc:
            ctx.note(f"service catalogue ({lang}) not read: {exc}", url=exc.url)
    services: dict[str, dict[str, Any]] = {}
    for code in dict.fromkeys(codes):
        path = CATALOG.format(lang="ru") + "/" + code
        entry = {"url": ctx.client.url(path), "provider": None, "dead": False, "error": None}
        try:
            entry["provider"] = parse_provider(ctx.get(path, session="ru").text)
        except NotFound:
            entry["dead"] = True
        except PortalError as exc:
            entry["error"] = str(exc)
            ctx.note(f"service page {code} not read: {exc}", url=exc.url)
        services[code] = entry
    cache["services"] = services
    ctx.store.put_artifact("_portals", ctx.portal, "services", "catalogue", services)
    return services


def collect(ctx: Context) -> None:
    pid = ctx.portal_id
    spec = pid if isinstance(pid, dict) else {"provider": pid}
    providers = spec.get("provider") or []
    providers = {norm(p) for p in ([providers] if isinstance(providers, str) else providers)}
    suffixes = spec.get("suffix") or []
    suffixes = {s.lower() for s in ([suffixes] if isinstance(suffixes, str) else suffixes)}
    services = _services(ctx)
    if not services:
        raise PortalError("the service catalogue is empty or unreadable", ctx.client.url(CATALOG.format(lang="ru")))
    mine, dead = [], []
    for code, s in services.items():
        by_provider = s["provider"] is not None and norm(s["provider"]) in providers
        by_suffix = suffix_of(code) in suffixes
        if s["dead"] or s["provider"] is None:
            if by_suffix:
                mine.append(s["url"])
                if s["dead"]:
                    dead.append(s["url"])
                else:
                    ctx.note(f"service {code}: no provider text; attributed by its code suffix", url=s["url"])
            continue
        if by_provider:
            mine.append(s["url"])
        if by_provider != by_suffix and suffixes:
            ctx.note(f"service {code}: code suffix {suffix_of(code)!r} does not match the provider text "
                     f"{s['provider']!r}; counted by the provider", url=s["url"], level="info")
    if not mine:
        ctx.note("no service of this provider in the egov.kz catalogue: body missing on egov.kz",
                 url=ctx.client.url(CATALOG.format(lang="ru")))
    ctx.sink.put("all", "services", len(mine), mine)
    ctx.sink.put("all", "service_links_dead", len(dead), dead)
