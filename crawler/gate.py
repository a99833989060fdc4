"""The one scope and robots gate every fetch goes through: crawler, collectors, gatherers and browsers.

A `Gate` belongs to one body's site. It answers "may this URL be fetched?" with either None (yes) or the reason
it may not: another scheme, off the site's scope, or a robots.txt rule (under the default `obey` policy). Robots
rules are decided once per host, before any other request to that host: the caller fetches `/robots.txt`
(through whatever HTTP client it uses) and hands the text to `set_robots`; until then `robots_known` is False
and the caller must not fetch anything else from that host. Thread-safe, so browsers and HTTP workers can share
one gate; `host_lock` serialises the robots fetch per host, so concurrent first requests wait for one decision.
A missing or unreadable robots.txt (`set_robots(url, None)`) restricts nothing, as the crawler reads it.
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


def disallow_paths(text: str | None) -> list[str]:
    """Every Disallow path of a robots.txt, whatever its group: a superset of what any agent is refused
    (browsers use it to choose which requests to look at; the decision itself is `Gate.refusal`)."""
    out: list[str] = []
    for line in (text or "").splitlines():
        field, _, value = line.split("#", 1)[0].partition(":")
        value = value.strip()
        if field.strip().lower() == "disallow" and value and value not in out:
            out.append(value)
    return out


class Gate:
    def __init__(self, site_url: str, *, robots_policy: str = "obey", user_agent: str = ROBOTS_AGENT) -> None:
        self.site_url = site_url
        self.robots_policy = robots_policy
        self.user_agent = user_agent
        self._rules: dict[str, Protego | None] = {}
        self._texts: dict[str, str | None] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    # -- robots ---------------------------------------------------------------------------------------
    def robots_known(self, url: str) -> bool:
        with self._lock:
            return host_key(url) in self._rules

    def set_robots(self, url: str, text: str | None) -> None:
        """Record the robots.txt of `url`'s host; None (missing, unreadable) allows everything. The first
        decision for a host stands: a later call for the same host changes nothing."""
        try:
            rules = Protego.parse(text) if text else None
        except Exception:  # noqa: BLE001 - a robots.txt that does not parse restricts nothing (RFC 9309 §2.3.1)
            rules = None
        with self._lock:
            if host_key(url) not in self._rules:
                self._rules[host_key(url)] = rules
                self._texts[host_key(url)] = text if rules is not None else None

    def robots_allows(self, url: str) -> bool:
        with self._lock:
            rules = self._rules.get(host_key(url))
        return rules is None or rules.can_fetch(url, self.user_agent)

    def robots_text(self, url: str) -> str | None:
        with self._lock:
            return self._texts.get(host_key(url))

    def known_hosts(self) -> list[str]:
        """Host keys (scheme://host:port) whose robots.txt is decided."""
        with self._lock:
            return list(self._rules)

    def host_lock(self, url: str) -> threading.Lock:
        """One lock per host: whoever fetches a host's robots.txt holds it, the others wait for the decision."""
        with self._lock:
            return self._host_locks.setdefault(host_key(url), threading.Lock())

    @property
    def obeys_robots(self) -> bool:
        return self.robots_policy == "obey"

    # -- decisions ------------------------------------------------------------------------------------
    def in_scope(self, url: str) -> bool:
        return in_scope(url, self.site_url)

    def refusal(self, url: str) -> str | None:
        """None when `url` may be fetched now; else why not. Call `robots_known` first for a new host."""
        if not self.in_scope(url):  # other schemes (javascript:, data:, file:) are never in scope
            return OFF_SCOPE
        if urlsplit(url).path == "/robots.txt":
            return None
        if self.obeys_robots and not self.robots_allows(url):
            return ROBOTS_DISALLOWED
        return None
