"""One scripted journey in headless Chromium: entry → service card → checklist → "order" → hand-off → the wall.

The path is the one the 001 mystery shoppers walked (context-seeds §3.7, §4 A.1): open the entry page; find the
card by the site's search with the official name, then with the keywords, then by following links; read the card
(checklist items, then the other language's card for parity); press the "order" control; follow any hand-off to
another host when that host is allowed; stop at the authentication wall. Nothing is ever typed into the wall.

Every navigation goes through the journey's gate (allowed hosts, robots.txt) twice: the journey asks it before
following a link, and the browser's navigation guard (crawler/browser/guard.py) aborts whatever else a page
tries. A hand-off to a host that is not allowed is recorded, not followed. Each step has a time-out and the whole
journey a budget; a page that does not load in time is recorded as "froze". A screenshot is taken at every step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.browser.guard import NavigationGuard, goto
from crawler.browser.search_check import find_field
from crawler.gated_fetch import check
from services import auth
from services.catalogue import Service
from services.checklist import CardView, element_selectors, match_card, parity, present
from services.controls import contains_any, phrases
from services.hosts import HostMap, JourneyGate
from services.journey_js import CARD_JS, CONTROLS_JS, LINKS_JS, SNAPSHOT_JS
from services.matching import CARD_MATCH, card_score, keyword_hits, similarity
from services.tls import NOT_HTTPS, check_host

# where a journey stopped
AUTH_WALL, HANDOFF_UNLISTED, ROBOTS, FROZE, ERROR_PAGE = "auth_wall", "handoff_unlisted", "robots", "froze", "error"
NOT_FOUND, NO_ORDER, NO_WALL, BUDGET = "not_found", "no_order", "no_wall", "budget"
MIN_ORDER_AREA = 120 * 32  # px²: a small button
FAILED = "failed"  # the journey itself failed (the browser crashed, a page broke a script): nothing to grade on


@dataclass
class JourneySettings:
    budget_s: float = 120.0  # the whole journey
    step_timeout_s: float = 20.0  # one page load or click; longer is "froze"
    nav_max_pages: int = 25  # pages opened while looking for the card by navigation
    nav_max_depth: int = 3
    search_candidates: int = 3  # result links opened to check whether they are the card
    proceed_max: int = 3  # clicks after "order" on the way to the wall

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Froze(Exception):
    """A page did not load (or a click did not finish loading) within its time-out."""


class OutOfBudget(Exception):
    """The journey's time budget is spent."""


class Stop(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


class Journey:
    def __init__(self, service: Service, page: Any, guard: NavigationGuard, gate: JourneyGate, hosts: HostMap,
                 shots: Path, run_dir: Path, settings: JourneySettings, *, languages: list[str]) -> None:
        self.s, self.page, self.guard, self.gate, self.hosts = service, page, guard, gate, hosts
        self.shots, self.run_dir, self.settings = shots, run_dir, settings
        self.lang = next(lang for lang in languages if service.name(lang)) if any(
            service.name(lang) for lang in languages) else languages[0]
        self.other = [lang for lang in languages if lang != self.lang]
        self.started = time.monotonic()
        self.clicks = 0
        self._last_controls: list[dict[str, Any]] = []
        self.last_host: str | None = None
        self.rec: dict[str, Any] = {
            "lang": self.lang, "steps": [], "domains": [], "hosts": {}, "clicks": 0, "stop": None,
            "find": {"by": None, "queries": [], "nav_path": [], "robots_skipped": []},
            "card": None, "order": None, "handoff": None, "wall": None, "blocked": [], "errors": [],
            "posts": [], "credentials_submitted": False}
        # every form submission the browser sends is recorded (the journey itself never submits one)
        page.context.on("request", lambda r: self.rec["posts"].append(r.url[:500]) if r.method == "POST" else None)

    # -- time ---------------------------------------------------------------------------------------------------
    def left_ms(self) -> float:
        left = self.settings.budget_s - (time.monotonic() - self.started)
        if left <= 0.2:
            raise OutOfBudget
        return min(self.settings.step_timeout_s, left) * 1000

    # -- the journey --------------------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        mark = self.guard.mark()
        try:
            self._walk()
        except Stop as stop:
            self.rec["stop"] = {"reason": stop.reason, "detail": stop.detail[:500]}
        except Froze as exc:
            self.rec["stop"] = {"reason": FROZE, "detail": str(exc)[:500]}
            try:  # stop the hanging load, so the screenshot shows what the citizen was left looking at
                self.page.evaluate("() => window.stop()")
            except Exception:  # noqa: BLE001 - the screenshot is still tried
                pass
            self._step("froze", note=str(exc)[:300], shot=True)
        except OutOfBudget:
            self.rec["stop"] = {"reason": BUDGET, "detail": f"the journey's budget of {self.settings.budget_s:g} s "
                                                           "was spent"}
        except Exception as exc:  # noqa: BLE001 - one service's failure must not end the others' journeys
            first = (str(exc).strip().splitlines() or [""])[0][:300]
            self.rec["stop"] = {"reason": FAILED, "detail": f"{type(exc).__name__}: {first}"}
        finally:
            self.rec["blocked"] = [b.as_dict() for b in self.guard.since(mark)][:50]
            self.rec["clicks"] = self.clicks
            self.rec["credentials_submitted"] = bool(self.rec["posts"])
            self.rec["seconds"] = round(time.monotonic() - self.started, 2)
        return self.rec

    def _walk(self) -> None:
        entry = self.hosts.served(self.s.entry.get(self.lang) or next(iter(self.s.entry.values())))
        self._open(entry, "entry", click=False)  # clicks count what a person does after arriving
        card_url = self._find_card(entry)
        if card_url is None:
            raise Stop(NOT_FOUND, "the card was found neither by the site's search (official name, keywords) nor "
                                  "by following links from the entry page")
        self._read_card(card_url)
        self._order()

    # -- pages --------------------------------------------------------------------------------------------------
    def _open(self, url: str, action: str, *, click: bool = True) -> None:
        """Load `url` (asking the gate first) and record the step; error pages and the wall stop the journey."""
        refusal = check(self.gate, url)
        if refusal:
            raise Stop(ROBOTS if "robots" in refusal else HANDOFF_UNLISTED, f"{url}: {refusal}; not requested")
        timeout_ms = self.left_ms()
        try:
            response = goto(self.page, url, timeout_ms=timeout_ms, wait_until="load")
        except Exception as exc:  # noqa: BLE001 - Playwright's TimeoutError and net errors alike
            if "Timeout" in type(exc).__name__ or "imeout" in str(exc):
                raise Froze(f"{url} did not load within {timeout_ms / 1000:.0f} s") from exc
            raise Stop(ERROR_PAGE, f"{url} could not be opened: {str(exc).splitlines()[0][:200]}") from exc
        if click:
            self.clicks += 1
        self._arrived(action, status=response.status if response is not None else None)

    def _arrived(self, action: str, *, status: int | None = None, note: str = "") -> None:
        url = self.page.url
        host = self.hosts.real_host(url)
        if host != self.last_host:
            if self.last_host is not None:
                self.rec["domains"].append({"from": self.last_host, "to": host, "step": len(self.rec["steps"]) + 1})
            self.last_host = host
            self._tls(url, host)
        snap = self._eval(SNAPSHOT_JS)
        self._step(action, status=status, note=note, title=snap.get("title"), shot=True)
        error = contains_any(snap.get("text") or "", phrases("errors"))
        if (status is not None and status >= 500) or error:
            raise Stop(ERROR_PAGE, f"{url}: HTTP {status}" + (f", the page says “{error}”" if error else ""))
        mechanisms = auth.classify(snap)
        if mechanisms:
            self.rec["wall"] = {"url": url, "host": host, "mechanisms": mechanisms, "step": len(self.rec["steps"])}
            raise Stop(AUTH_WALL, f"{', '.join(mechanisms)} on {host}; nothing was typed or submitted")

    def _tls(self, url: str, host: str) -> None:
        if host in self.rec["hosts"]:
            return
        parts = urlsplit(url)
        if parts.scheme != "https":
            self.rec["hosts"][host] = {"host": host, "state": NOT_HTTPS, "problems": [], "served": parts.netloc}
            return
        info = check_host(parts.hostname or "", parts.port or 443, timeout_s=min(5.0, self.left_ms() / 1000))
        info.update(host=host, served=parts.netloc)
        self.rec["hosts"][host] = info

    def _step(self, action: str, *, status: int | None = None, note: str = "", title: str | None = None,
              shot: bool = False) -> None:
        n = len(self.rec["steps"]) + 1
        step: dict[str, Any] = {"n": n, "action": action, "url": self.page.url, "host": self.hosts.real_host(
            self.page.url), "status": status, "title": (title or "")[:300], "clicks": self.clicks, "note": note,
            "t": round(time.monotonic() - self.started, 2), "screenshot": None}
        if shot:
            path = self.shots / f"{n:02d}-{action}.png"
            try:
                self.page.screenshot(path=str(path), timeout=min(5000.0, max(2000.0, self._soft_left_ms())))
                step["screenshot"] = path.relative_to(self.run_dir).as_posix()
            except Exception as exc:  # noqa: BLE001 - a page that cannot be drawn is recorded without its picture
                step["note"] = (note + f" (no screenshot: {type(exc).__name__})").strip()
        self.rec["steps"].append(step)

    def _eval(self, script: str, arg: Any = None) -> Any:
        """Run a reading script; a page that navigates meanwhile (a script redirect) is read again once loaded."""
        try:
            return self.page.evaluate(script, arg)
        except Exception as exc:  # noqa: BLE001 - "Execution context was destroyed" and the like
            if "imeout" in str(exc):
                raise Froze(f"{self.page.url} stopped answering") from exc
            self.page.wait_for_load_state("domcontentloaded", timeout=self.left_ms())
            return self.page.evaluate(script, arg)

    def _soft_left_ms(self) -> float:
        return max(0.0, (self.settings.budget_s - (time.monotonic() - self.started)) * 1000)

    # -- finding the card ---------------------------------------------------------------------------------------
    def _names(self) -> list[str]:
        return [n for n in (self.s.name(self.lang), *(self.s.name(o) for o in self.other)) if n]

    def _find_card(self, entry: str) -> str | None:
        name = self.s.name(self.lang) or self._names()[0]
        found = self._search(entry, name, "name")
        if found is None:
            words = self.s.keywords.get(self.lang) or next(iter(self.s.keywords.values()), [])
            if words:
                found = self._search(entry, " ".join(words), "keywords")
        if found is None:
            found = self._navigate(entry)
        return found

    def _search(self, entry: str, query: str, kind: str) -> str | None:
        if self.page.url.split("#")[0] != entry.split("#")[0]:
            self._open(entry, "entry", click=False)
        record: dict[str, Any] = {"kind": kind, "query": query[:300], "field": None, "results": 0,
                                  "zero_results": None, "rank": None, "url": None}
        self.rec["find"]["queries"].append(record)
        found = find_field(self.page, open_toggle=True)
        if found is None:
            record["note"] = "no search field on the entry page"
            return None
        field, record["field"] = found
        before = self.page.url
        try:
            field.fill(query, timeout=self.left_ms())
            field.press("Enter", timeout=self.left_ms())
        except OutOfBudget:
            raise
        except Exception as exc:  # noqa: BLE001 - a field that takes no input: the next way is tried
            record["note"] = f"the search field took no query ({type(exc).__name__})"
            return None
        try:
            self.page.wait_for_url(lambda u: u != before, timeout=min(self.left_ms(), 5000.0))
        except OutOfBudget:
            raise
        except Exception:  # noqa: BLE001 - a script search renders its results in place
            record["in_place"] = True
        try:
            self.page.wait_for_function("document.readyState !== 'loading'", timeout=self.left_ms(), polling=50)
        except OutOfBudget:
            raise
        except Exception as exc:  # noqa: BLE001
            raise Froze(f"the results page of “{query[:80]}” did not load in time") from exc
        self.clicks += 1
        self._arrived(f"search-{kind}")
        links = [lnk for lnk in self._eval(LINKS_JS) if not lnk["furniture"]]
        text = self._eval("() => document.body ? document.body.innerText.slice(0, 20000) : ''")
        record["results"] = len(links)
        record["zero_results"] = bool(contains_any(text, phrases("zero_results"))) or not links
        ranked = self._rank(links, kind)
        for rank, link in ranked[: self.settings.search_candidates]:
            if self._is_card(link["href"], f"result-{kind}"):
                record.update(rank=rank, url=self.page.url)
                self.rec["find"]["by"] = kind
                return self.page.url
            self._back_to(links_page=before)
        return None

    def _rank(self, links: list[dict[str, Any]], kind: str) -> list[tuple[int, dict[str, Any]]]:
        """Result links (1-based rank on the page) in the order the journey tries them: best name match first."""
        names, words = self._names(), self.s.keywords.get(self.lang) or []
        scored = []
        for rank, link in enumerate(links, 1):
            score = max((similarity(n, link["text"]) for n in names), default=0.0)
            if kind == "keywords" and words:
                score = max(score, keyword_hits(words, link["text"]) / len(words))
            if score >= CARD_MATCH / 2:
                scored.append((score, rank, link))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [(rank, link) for _score, rank, link in scored]

    def _back_to(self, links_page: str) -> None:
        """After a candidate that was not the card: back to the results (history, as a person would)."""
        try:
            self.page.go_back(timeout=self.left_ms(), wait_until="domcontentloaded")
        except OutOfBudget:
            raise
        except Exception:  # noqa: BLE001 - the next candidate is opened by its address anyway
            pass

    def _is_card(self, url: str, action: str) -> bool:
        self._open(url, action)
        view = self._eval(CARD_JS, element_selectors())
        return self._card_like(view, match_card(CardView.from_dict(self.lang, view)))

    def _card_like(self, view: dict[str, Any], items: dict[str, dict[str, Any]]) -> bool:
        """The page names the service (heading, catalogue URL or register code) and shows what a card is for:
        at least two checklist items (a news item repeating the service's name is not its card)."""
        served_card = self.hosts.served(self.s.card_url) if self.s.card_url else None
        score = card_score(self._names(), self.s.register_code, served_card, self.page.url, view.get("h1") or "",
                           view.get("title") or "", view.get("text") or "")
        return score >= CARD_MATCH and len(present(items)) >= 2

    def _navigate(self, entry: str) -> str | None:
        """Breadth-first over the entry host's links, opening the links whose text looks like the service."""
        origin = urlsplit(entry).netloc
        queue: list[tuple[str, list[str]]] = [(entry, [])]
        seen = {entry.split("#")[0]}
        opened = 0
        names = self._names()
        while queue and opened < self.settings.nav_max_pages:
            url, path = queue.pop(0)
            if url != self.page.url:
                self._open(url, "navigate")
            opened += 1
            links = self._eval(LINKS_JS)
            for link in sorted(links, key=lambda lnk: -max((similarity(n, lnk["text"]) for n in names),
                                                           default=0.0)):
                href = link["href"].split("#")[0]
                if href in seen or urlsplit(href).netloc != origin:
                    continue
                seen.add(href)
                refusal = check(self.gate, href)
                if refusal:
                    self.rec["find"]["robots_skipped"].append({"url": href[:500], "reason": refusal})
                    continue
                if max((similarity(n, link["text"]) for n in names), default=0.0) >= CARD_MATCH:
                    if self._is_card(href, "navigate-card"):
                        self.rec["find"].update(by="navigation", nav_path=[*path, url, self.page.url])
                        return self.page.url
                    self._open(url, "navigate", click=False)
                elif len(path) + 1 < self.settings.nav_max_depth:
                    queue.append((href, [*path, url]))
        return None

    # -- the card -----------------------------------------------------------------------------------------------
    def _read_card(self, card_url: str) -> None:
        view = self._eval(CARD_JS, element_selectors())
        by_lang = {self.lang: match_card(CardView.from_dict(self.lang, view))}
        card: dict[str, Any] = {"url": card_url, "title": (view.get("h1") or view.get("title") or "")[:500],
                                "urls": {self.lang: card_url}, "items": by_lang, "parity": None}
        self.rec["card"] = card
        for other in self.other:
            link = self._language_link(other)
            if link is None:
                card.setdefault("missing_langs", []).append(other)
                continue
            self._open(link, f"card-{other}", click=False)  # the audit's detour, not the citizen's path
            other_view = self._eval(CARD_JS, element_selectors())
            result = match_card(CardView.from_dict(other, other_view))
            if not self._card_like(other_view, result):
                card.setdefault("missing_langs", []).append(other)
                card.setdefault("notes", []).append(f"the {other} link leads to {self.page.url[:300]}, not the card")
                continue
            by_lang[other] = result
            card["urls"][other] = self.page.url
        card["parity"] = parity(by_lang)
        if self.page.url != card_url:
            self._open(card_url, "card", click=False)

    def _language_link(self, lang: str) -> str | None:
        """The card's link to its `lang` version: by hreflang, or a language-switch text (Қазақша, ҚАЗ, RU…)."""
        wanted = phrases("language_links", lang)
        for link in self._eval(LINKS_JS):
            text = " ".join(link["text"].casefold().split())
            if link.get("hreflang", "").lower().startswith(lang) or (text and contains_any(text, wanted) == text):
                return link["href"]
        return None

    # -- order, hand-off, wall ----------------------------------------------------------------------------------
    def _order(self) -> None:
        control = self._control(phrases("order"))
        if control is None:
            self.rec["order"] = {"found": False}
            raise Stop(NO_ORDER, "no “order” control on the card")
        self.rec["order"] = {"found": True, "text": control["text"], "tag": control["tag"],
                             "href": control.get("href"), "prominence": self._prominence(control)}
        self._press(control, "order")
        for _ in range(self.settings.proceed_max):
            nxt = self._control(phrases("proceed")) or self._control(phrases("order"))
            if nxt is None:
                break
            self._press(nxt, "proceed")
        raise Stop(NO_WALL, f"no authentication wall after the “order” control (stopped on {self.page.url})")

    def _prominence(self, control: dict[str, Any]) -> dict[str, Any]:
        """How the "order" control stands out among the page's own controls, by area. A control that is not among
        the three largest, or smaller than a 120×32 px button, is flagged for a person to look at: 001 found the
        proceed button "visually different, less noticeable" (001:29660-29664), which no heuristic can judge."""
        areas = sorted((c.get("area") or 0 for c in self._last_controls if not c["furniture"]), reverse=True)
        area = control.get("area") or 0
        rank = 1 + sum(1 for a in areas if a > area)
        return {"area": area, "rank_by_area": rank, "of": len(areas),
                "needs_review": rank > 3 or area < MIN_ORDER_AREA}

    def _control(self, wanted: list[str]) -> dict[str, Any] | None:
        controls = self._last_controls = self._eval(CONTROLS_JS)  # the tags of this read are what gets clicked
        hits = [c for c in controls if c["text"] and contains_any(c["text"], wanted)]
        hits.sort(key=lambda c: (c["furniture"], -(c.get("area") or 0)))  # the card's own, biggest first
        return hits[0] if hits else None

    def _press(self, control: dict[str, Any], action: str) -> None:
        href = control.get("href")
        here = self.hosts.real_host(self.page.url)
        if href and urlsplit(href).scheme in ("http", "https"):
            target = self.hosts.real_host(href)
            refusal = check(self.gate, href)
            if target != here:
                self.rec["handoff"] = {"from": here, "to": target, "url": href[:500], "listed": refusal is None,
                                       "followed": refusal is None}
            if refusal:
                self._step(f"{action}-refused", note=f"{href[:300]}: {refusal}; not followed", shot=True)
                raise Stop(HANDOFF_UNLISTED if "scope" in refusal else ROBOTS,
                           f"the “{control['text'][:80]}” control leads to {href[:300]} ({refusal}); recorded, "
                           "not followed")
        self._click(control, action)

    def _click(self, control: dict[str, Any], action: str) -> None:
        """Click the control and wait for what it starts: a navigation must commit and load in time."""
        page = self.page
        before, pages_before = page.url, len(page.context.pages)
        pending: list[Any] = []
        done: list[Any] = []
        on_request = lambda r: pending.append(r) if r.is_navigation_request() else None  # noqa: E731
        on_done = lambda r: done.append(r) if r.is_navigation_request() else None  # noqa: E731
        page.on("request", on_request)
        page.on("requestfinished", on_done)
        page.on("requestfailed", on_done)
        mark = self.guard.mark()
        try:
            page.locator(f'[data-govaudit-control="{control["n"]}"]').first.click(timeout=self.left_ms())
            self.clicks += 1
            deadline = time.monotonic() + self.left_ms() / 1000
            quiet_until = time.monotonic() + 1.5  # a click that starts nothing within 1.5 s started nothing
            while time.monotonic() < deadline:
                page.wait_for_timeout(50)
                if pending and len(done) >= len(pending) and page.url != before:
                    break
                if not pending and time.monotonic() > quiet_until:
                    break
            else:
                if pending and len(done) < len(pending):
                    raise Froze(f"after “{control['text'][:80]}”, {pending[-1].url[:200]} did not load in time")
            if pending:
                page.wait_for_function("document.readyState !== 'loading'", timeout=self.left_ms(), polling=50)
        except (Froze, OutOfBudget):
            raise
        except Exception as exc:  # noqa: BLE001
            if "imeout" in str(exc):
                raise Froze(f"after “{control['text'][:80]}” the page did not load in time") from exc
            raise Stop(ERROR_PAGE, f"the “{control['text'][:80]}” control failed: {str(exc).splitlines()[0][:200]}") \
                from exc
        finally:
            page.remove_listener("request", on_request)
            page.remove_listener("requestfinished", on_done)
            page.remove_listener("requestfailed", on_done)
        blocked = [b for b in self.guard.since(mark) if b.top]
        if blocked:
            b = blocked[0]
            self.rec["handoff"] = {"from": self.hosts.real_host(before), "to": self.hosts.real_host(b.url),
                                   "url": b.url[:500], "listed": False, "followed": False}
            self._step(f"{action}-refused", note=b.describe(), shot=True)
            raise Stop(HANDOFF_UNLISTED if "scope" in b.reason else ROBOTS, b.describe())
        if len(page.context.pages) > pages_before:  # the control opened a tab: the journey goes on there
            self.page = page.context.pages[-1]
            self.page.wait_for_load_state("domcontentloaded", timeout=self.left_ms())
        status = None
        if done:
            response = done[-1].response() if hasattr(done[-1], "response") else None
            status = response.status if response is not None else None
        self._arrived(action, status=status, note=control["text"][:200])
