"""Shared pieces of the portal collectors: the collection context, the reporting window, the metric sink (value,
evidence URLs and the metric's meta: window, basis, inferred, not-assessed reason), date parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from crawler.portals.http import PortalClient
from crawler.store import RunStore

LANGS = ("kk", "ru")


META_KIND = "metric_meta"  # run-store artifact kind: (body, portal) -> "lang:metric" -> meta


@dataclass(frozen=True)
class Window:
    """The methodology's reporting period (App. 10 Table 7 note: 1 January - 31 December), or a half of it."""

    start: date
    end: date
    label: str

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def year(self) -> int:
        return self.start.year

    def halves(self) -> list[Window]:
        """The half-years inside the window (OD-5 counts surveys / conferences per half-year)."""
        out = []
        for n, (a, b) in enumerate(((date(self.year, 1, 1), date(self.year, 6, 30)),
                                    (date(self.year, 7, 1), date(self.year, 12, 31))), start=1):
            lo, hi = max(a, self.start), min(b, self.end)
            if lo <= hi:
                out.append(Window(lo, hi, f"{self.year}-H{n}"))
        return out

    def meta(self, basis: str) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label, "basis": basis}


def reporting_window(now: datetime, settings: dict[str, Any]) -> Window:
    """`reporting_period`: "YYYY", "YYYY-H1", "YYYY-H2"; default (None) the last calendar year completed before
    the audit clock: the methodology assesses the reporting year after it ends (para 3; reports of year N are due
    1 April N+1)."""
    spec = settings.get("reporting_period")
    if spec in (None, ""):
        year = now.year - 1
        return Window(date(year, 1, 1), date(year, 12, 31), str(year))
    m = re.fullmatch(r"(\d{4})(?:-H([12]))?", str(spec).strip())
    if not m:
        raise ValueError(f"reporting_period {spec!r} is not YYYY, YYYY-H1 or YYYY-H2")
    year = int(m.group(1))
    if m.group(2) == "1":
        return Window(date(year, 1, 1), date(year, 6, 30), f"{year}-H1")
    if m.group(2) == "2":
        return Window(date(year, 7, 1), date(year, 12, 31), f"{year}-H2")
    return Window(date(year, 1, 1), date(year, 12, 31), str(year))


@dataclass
class Context:
    """What one collector run for one (body, portal) gets."""

    store: RunStore
    client: PortalClient
    body: str
    portal: str
    portal_id: Any
    now: datetime
    settings: dict[str, Any]
    sink: MetricSink = field(init=False)

    window: Window = field(init=False)

    def __post_init__(self) -> None:
        self.sink = MetricSink(self.store, self.body, self.portal, int(self.settings["evidence_limit"]))
        self.window = reporting_window(self.now, self.settings)

    def note(self, message: str, *, url: str | None = None, level: str = "warning") -> None:
        self.client.note(message, body=self.body, url=url, level=level)

    def get(self, path: str, **kwargs: Any):
        return self.client.get(path, body=self.body, **kwargs)

    def get_json(self, path: str, **kwargs: Any) -> Any:
        return self.client.get_json(path, body=self.body, **kwargs)


class MetricSink:
    """Collects (lang, metric) -> value + evidence + meta; `put` writes at once so nothing is lost on a later
    failure. Meta (the reporting window and what was counted in it, an INFERRED source, why a figure could not be
    collected) is kept as a run-store artifact and exported beside the value in metrics.json."""

    def __init__(self, store: RunStore, body: str, portal: str, evidence_limit: int) -> None:
        self.store, self.body, self.portal, self.limit = store, body, portal, evidence_limit
        self.values: dict[tuple[str, str], Any] = {}

    def put(self, lang: str, metric: str, value: Any, evidence: list[str] | None = None, *,
            window: dict[str, Any] | None = None, inferred: str | None = None,
            not_assessed: str | None = None) -> None:
        urls = list(dict.fromkeys(u for u in (evidence or []) if u))[: self.limit]
        self.values[(lang, metric)] = value
        self.store.put_metric(self.body, self.portal, lang, metric, value, urls)
        meta = {k: v for k, v in (("window", window), ("inferred", inferred), ("not_assessed", not_assessed)) if v}
        # always written (possibly empty): a rerun with other settings must not keep an old window or reason
        self.store.put_artifact(self.body, self.portal, META_KIND, f"{lang}:{metric}", meta)

    def blocked(self, lang: str, metric: str, reason: str, evidence: list[str] | None = None) -> None:
        """A figure the crawler was not allowed to read (robots.txt): no value, and the reason travels with it."""
        self.put(lang, metric, None, evidence, not_assessed=reason)


_DATE_PATTERNS = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), ("y", "m", "d")),   # ISO and 2026-10-05 00:00:00.0 (DEF-24)
    (re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})"), ("d", "m", "y")),  # dd.mm.yyyy and dd/mm/yyyy
]


def parse_date(text: Any) -> date | None:
    """A date from the portals' formats: dd.mm.yyyy[ HH:MM], dd/mm/yyyy, ISO, 'YYYY-MM-DD HH:MM:SS.0', epoch ms."""
    if text is None or text == "":
        return None
    if isinstance(text, int | float):  # epoch milliseconds (JSON)
        return datetime.fromtimestamp(text / 1000 if text > 1e11 else text).date()
    text = str(text)
    best: tuple[int, date] | None = None
    for pattern, order in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
        try:
            found = date(parts["y"], parts["m"], parts["d"])
        except ValueError:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), found)
    return best[1] if best else None


def parse_day_month(text: str, reference: date) -> date | None:
    """legalacts comment stamps 'dd/mm - HH:MM' have no year: take the first such date on/after `reference`."""
    m = re.search(r"(\d{1,2})/(\d{1,2})\s*-\s*\d{1,2}:\d{2}", text)
    if not m:
        return parse_date(text)
    day, month = int(m.group(1)), int(m.group(2))
    for year in (reference.year, reference.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= reference - timedelta(days=1):
            return candidate
    return None


def working_days_between(start: date, end: date) -> int:
    """Mon–Fri days after `start` up to and including `end` (public holidays are not modelled)."""
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    days = full_weeks * 5
    d = start + timedelta(days=full_weeks * 7)
    for _ in range(rest):
        d += timedelta(days=1)
        days += d.weekday() < 5
    return days


def int_in(text: str) -> int | None:
    m = re.search(r"\d+", text or "")
    return int(m.group()) if m else None
