"""Post-crawl health notes: what went wrong while fetching a site, each named with its URL.

Computed from the stored pages (so it is the same after a resume): redirect loops and long chains, timeouts and
refused connections, rate limiting that outlasted the retries, server errors, byte caps, charset mismatches.
"""

from __future__ import annotations

from collections.abc import Iterable

from crawler.store import Page

MAX_REDIRECT_CHAIN = 5


def _redirect_problem(url: str, redirects: dict[str, str], cut: dict[str, int]) -> str | None:
    chain = [url]
    while chain[-1] in redirects:
        nxt = redirects[chain[-1]]
        if nxt in chain:
            return "redirect loop: " + " → ".join(chain + [nxt])
        if chain[-1] in cut:
            return (f"redirect chain longer than {cut[chain[-1]]} hops, not followed further (setting "
                    f"GOVAUDIT_MAX_REDIRECTS): " + " → ".join(chain + [nxt]))
        chain.append(nxt)
    if len(chain) - 1 > MAX_REDIRECT_CHAIN:
        return f"redirect chain of {len(chain) - 1} hops: " + " → ".join(chain)
    return None


def health_notes(pages: Iterable[Page]) -> list[tuple[str, str, str]]:
    """(level, message, url) for every problem found."""
    pages = list(pages)
    redirects = {p.url: p.info["redirect_to"] for p in pages if p.info.get("redirect_to")}
    redirected_to = set(redirects.values())
    cut = {p.url: p.info["redirect_cut"] for p in pages if p.info.get("redirect_cut")}
    notes: list[tuple[str, str, str]] = []
    reported_loops: set[frozenset[str]] = set()
    for p in pages:
        if p.url in redirects:
            # a chain is named once, from its first hop; a loop (which has no first hop) once per loop
            problem = _redirect_problem(p.url, redirects, cut)
            if problem and p.url in redirected_to and not problem.startswith("redirect loop"):
                continue
            if problem:
                key = frozenset(problem.split(": ", 1)[1].split(" → "))
                if key not in reported_loops:
                    reported_loops.add(key)
                    notes.append(("error", problem, p.url))
            continue
        error = p.error or ""
        if "robots" in error.lower():
            notes.append(("info", "not read: robots.txt disallows it (audit policy robots_policy=obey)", p.url))
        elif "size cap" in error:
            notes.append(("warning", "larger than the byte cap per page; not stored", p.url))
        elif "Timeout" in error or "timed out" in error.lower():
            notes.append(("error", "no answer within the download timeout", p.url))
        elif error and "robots" not in error.lower():
            notes.append(("error", f"could not be fetched: {error}", p.url))
        elif p.status == 429:
            retry = p.info.get("headers", {}).get("retry-after")
            notes.append(("warning", "still rate-limited (HTTP 429) after the polite retries"
                          + (f" (Retry-After: {retry})" if retry else ""), p.url))
        elif p.status is not None and p.status >= 500:
            notes.append(("error", f"server error HTTP {p.status}", p.url))
        check = p.info.get("encoding_check") or (p.info.get("document") or {}).get("encoding") or {}
        if check.get("mismatch"):
            declared = check.get("declared") or check.get("meta_declared")
            notes.append(("warning", f"declared charset {declared} but the bytes are {check.get('actual')}", p.url))
    return notes
