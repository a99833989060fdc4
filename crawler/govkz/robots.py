"""robots.txt for www.gov.kz: fetched once per run and obeyed unless the audit policy says otherwise.

The real file's content is unknown (govkz-targets.md §7, DEF-37), so nothing is assumed: a missing or
unreadable robots.txt allows everything. As in crawler.portals, `robots_policy: audit_override` reads the
`robots_allow` path prefixes anyway, and every such read is logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

from crawler.govkz.http import HttpClient


@dataclass
class Robots:
    parser: Protego | None
    user_agent: str
    note: str = ""
    text: str = ""
    override: tuple[str, ...] = ()
    on_override: Callable[[str], None] | None = None

    @classmethod
    def fetch(cls, base: str, opts: dict[str, Any]) -> Robots:
        agent = str(opts["user_agent"])
        override = tuple(opts["robots_allow"]) if opts["robots_policy"] == "audit_override" else ()
        result = HttpClient(base, delay=0, retries=1, backoff=float(opts["backoff"]), timeout=float(opts["timeout"]),
                            user_agent=agent).get("/robots.txt")
        if result.status != 200:
            return cls(None, agent, f"robots.txt not available (HTTP {result.status}); everything treated as allowed")
        note = (f"robots policy audit_override: robots.txt is overridden for {list(override)}; every such read is "
                "logged") if override else ""
        text = result.body.decode("utf-8", errors="replace")
        return cls(Protego.parse(text), agent, note, text, override)

    def decide(self, url: str) -> bool:
        """Whether `url` may be read, with no side effect (safe from any thread, e.g. a browser's guard)."""
        if self.parser is None or self.parser.can_fetch(url, self.user_agent):
            return True
        return any(urlsplit(url).path.startswith(prefix) for prefix in self.override)

    def allowed(self, url: str) -> bool:
        """`decide`, logging every read that only the audit_override policy allows."""
        if not self.decide(url):
            return False
        if self.on_override is not None and not (self.parser is None or self.parser.can_fetch(url, self.user_agent)):
            self.on_override(url)
        return True
