"""Crawler-trap detection: session ids in URLs, endless query strings, calendars, repeating paths.

A trap is cut (its URLs are not requested) and reported once per site with an example and a count, so the cut
is visible in the report rather than silent.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SESSION_PARAMS = re.compile(r"^(jsessionid|phpsessid|sid|sessionid|session_id|aspsessionid\w*|cfid|cftoken)$", re.I)
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.I)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
CALENDAR_HINT = re.compile(r"calendar|event|date|year|month|day|кун|ккүн|күнтізбе|календар", re.I)


def strip_session(url: str) -> str:
    """The URL without session-id parameters (they make one page look like endless pages)."""
    parts = urlsplit(_PATH_SESSION.sub("", url))
    if not parts.query:
        return urlunsplit(parts)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not SESSION_PARAMS.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class TrapGuard:
    """Decides whether a URL should be requested; remembers what it cut."""

    year_now: int
    max_query_variants: int = 60
    max_calendar_variants: int = 24
    max_path_segments: int = 12
    years_back: int = 15
    years_ahead: int = 1
    variants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    cut: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def check(self, url: str) -> str | None:
        """None if the URL may be requested, else the trap's name."""
        reason = self._reason(url)
        if reason:
            self.cut[reason] += 1
            self.examples.setdefault(reason, url)
        return reason

    def _reason(self, url: str) -> str | None:
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > self.max_path_segments:
            return "overlong path"
        counts = Counter(segments)
        if counts and counts.most_common(1)[0][1] >= 3:
            return "repeating path segments"
        target = parts.path + "?" + parts.query
        if CALENDAR_HINT.search(target):
            for year in map(int, _YEAR.findall(target)):
                if not self.year_now - self.years_back <= year <= self.year_now + self.years_ahead:
                    return "calendar beyond the audit period"
        if parts.query:
            seen = self.variants[parts.path]
            # calendars page through months forever: allow two years of them, other query pages more
            calendar = bool(CALENDAR_HINT.search(target))
            limit = self.max_calendar_variants if calendar else self.max_query_variants
            if parts.query not in seen and len(seen) >= limit:
                return f"calendar, more than {limit} pages" if calendar else "endless query strings"
            seen.add(parts.query)
        return None

    def report(self) -> list[str]:
        return [f"crawler trap cut ({reason}): {count} URL(s) not requested, e.g. {self.examples[reason]}"
                for reason, count in sorted(self.cut.items())]
