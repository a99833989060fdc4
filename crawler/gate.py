"""The one scope and robots gate every fetch goes through: crawler, collectors, gatherers and browsers.

A `Gate` belongs to one body's site. It answers "may this URL be fetched?" with either None (yes) or the reason
it may not: another scheme, off the site's scope, or a robots.txt rule (under the default `obey` policy). Robots
rules are decided once per host, before any other request to that host: the caller fetches `/robots.txt`
(through whatever HTTP client it uses) and hands the text to `set_robots`; until then `robots_known` is False
and the caller must not fetch anything else from that host. Thread-safe, so browsers and HTTP workers can share
one gate.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from protego import Protego

from crawler.scope import in_scope

ROBOTS_AGENT = "govaudit"
OFF_SCOPE = "off scope"
ROBOTS_DISALLOWED = "robots.txt disallows it"


def host_key(url: str) -> str:
    """Robots rules are per scheme + host + port, as RFC 9309 says."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def robots_url(url: str) -> str:
    return host_key(url) + "/robots.txt"


class Gate:
    def __init__(self, site_url: str, *, robots_policy: str = "obey", user_agent: str = ROBOTS_AGENT) -> None:
        self.site_url = site_url
        self.robots_policy = robots_policy
        self.user_agent = user_agent
        self._rules: dict[str, Protego | None] = {}
        self._lock = threading.Lock()

    # -- robots ---------------------------------------------------------------------------------------
    def robots_known(self, url: str) -> bool:
        with self._lock:
            return host_key(url) in self._rules

    def set_robots(self, url: str, text: str | None) -> None:
        """Record the robots.txt of `url`'s host; None (missing, unreadable) allows everything."""
        try:
            rules = Protego.parse(text) if text else None
        except Exception:  # noqa: BLE001 - a robots.txt that does not parse restricts nothing (RFC 9309 §2.3.1)
            rules = None
        with self._lock:
            self._rules.setdefault(host_key(url), rules)

    def robots_allows(self, url: str) -> bool:
        with self._lock:
            rules = self._rules.get(host_key(url))
        return rules is None or rules.can_fetch(url, self.user_agent)

    # -- decisions ------------------------------------------------------------------------------------
    def in_scope(self, url: str) -> bool:
        return in_scope(url, self.site_url)

    def refusal(self, url: str) -> str | None:
        """None when `url` may be fetched now; else why not. Call `robots_known` first for a new host."""
        if not self.in_scope(url):
            return OFF_SCOPE
        if urlsplit(url).path == "/robots.txt":
            return None
        if self.robots_policy == "obey" and not self.robots_allows(url):
            return ROBOTS_DISALLOWED
        return None
