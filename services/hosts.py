"""Where a journey may go: the allowed hosts (catalogue + targets), the host map to loopback, and the gate.

The catalogue names real hosts (egov.kz, elicense.kz); the targets file's `portals` host map may point them
elsewhere (fixtures on loopback). `HostMap` rewrites a real URL to where it is served and names a served URL's
real host back. `JourneyGate` is the project's scope and robots gate (crawler/gate.py) over several hosts: a URL
is in scope when it is on one of the allowed hosts (or a subdomain of a real one); robots.txt applies per host.
"""

from __future__ import annotations

import ssl
import time
from urllib.parse import urlsplit, urlunsplit

from crawler.gate import Gate, robots_url
from crawler.gated_fetch import ROBOTS_DEADLINE_S, ROBOTS_MAX_BYTES, request_once
from crawler.scope import in_scope


class HostMap:
    def __init__(self, portals: dict[str, str] | None = None) -> None:
        self._to = {host.lower(): base.rstrip("/") for host, base in (portals or {}).items()}
        self._back = {urlsplit(base).netloc.lower(): host for host, base in self._to.items()}

    def served(self, url: str) -> str:
        """`url` as it is served (its host replaced by the host map's base, scheme included)."""
        parts = urlsplit(url)
        base = self._to.get((parts.hostname or "").lower())
        if base is None:
            return url
        b = urlsplit(base)
        return urlunsplit((b.scheme, b.netloc, parts.path or "/", parts.query, parts.fragment))

    def base(self, host: str) -> str:
        """The served origin of a real host (https://host when the map does not name it)."""
        return self._to.get(host.lower(), f"https://{host.lower()}")

    def real_host(self, url: str) -> str:
        """The real host name of a served URL (the netloc itself when it is not in the map)."""
        netloc = urlsplit(url).netloc.lower()
        return self._back.get(netloc, urlsplit(url).hostname or netloc)


class JourneyGate(Gate):
    """A Gate whose scope is a set of origins instead of one site."""

    def __init__(self, bases: list[str], *, robots_policy: str = "obey") -> None:
        super().__init__(bases[0], robots_policy=robots_policy)
        self.bases = list(dict.fromkeys(bases))

    def in_scope(self, url: str) -> bool:
        return any(in_scope(url, base) for base in self.bases)

    def prime_robots(self, deadline_s: float = ROBOTS_DEADLINE_S) -> None:
        """Read every allowed host's robots.txt before the journeys start. Certificates are not verified here:
        the journey records a host's TLS state itself, and its robots.txt binds us even when the certificate
        would make a browser warn."""
        loose = ssl.create_default_context()
        loose.check_hostname, loose.verify_mode = False, ssl.CERT_NONE
        for base in self.bases:
            if self.robots_known(base + "/"):
                continue
            raw = request_once(robots_url(base + "/"), deadline=time.monotonic() + deadline_s,
                               max_bytes=ROBOTS_MAX_BYTES, headers={"Accept": "text/plain, */*"}, context=loose)
            text = raw.body.decode("utf-8", errors="replace") if raw.status == 200 and raw.error is None else None
            self.set_robots(base + "/", text)
