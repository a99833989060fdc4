"""The shared record of one detected accessibility barrier, whoever found it (axe, a scripted check, an HTML check).

A `Barrier` is what the accessibility annex lists and groups: the page, the element, what is wrong, the WCAG 2.2
success criteria it breaks and the a4.3.x indicator it feeds (None: not scored by the methodology). Producers keep
them as plain dicts in their artifacts (`Barrier.to_dict()`), so they survive the run store as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SOURCES = ("axe", "script", "html")


@dataclass(frozen=True)
class Barrier:
    url: str
    source: str  # one of SOURCES
    check: str  # axe rule id ("image-alt") or our check id ("html.img-alt-missing", "motion.no-control")
    criteria: tuple[str, ...]  # WCAG 2.2 success criteria, e.g. ("1.1.1",); empty when none fits
    indicator: str | None  # "a4.3.1" … "a4.3.8", or None: not scored by the methodology
    message: str  # what is wrong, in plain words (English; the report translates check ids, not messages)
    selector: str | None = None
    snippet: str | None = None
    impact: str | None = None  # axe's impact, or ours: minor | moderate | serious | critical
    extra: dict[str, Any] = field(default_factory=dict)  # measured values (ratio, px, frames…)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["criteria"] = list(self.criteria)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Barrier:
        return cls(url=str(data["url"]), source=str(data["source"]), check=str(data["check"]),
                   criteria=tuple(str(c) for c in data.get("criteria") or ()), indicator=data.get("indicator"),
                   message=str(data.get("message") or ""), selector=data.get("selector"),
                   snippet=data.get("snippet"), impact=data.get("impact"), extra=dict(data.get("extra") or {}))
