"""Which URLs belong to a body's site: same host (and port), or a subdomain of the site's host."""

from __future__ import annotations

from urllib.parse import urlsplit


def site_netloc(url: str) -> str:
    return urlsplit(url).netloc.lower()


def in_scope(url: str, site_url: str) -> bool:
    target, home = urlsplit(url), urlsplit(site_url)
    if target.scheme not in ("http", "https"):
        return False
    t_host, h_host = (target.hostname or "").lower(), (home.hostname or "").lower()
    if target.netloc.lower() == home.netloc.lower():
        return True
    # A subdomain of the site (e.g. committee.ministry.gov.kz under ministry.gov.kz) is the body's too,
    # but only for real host names: on loopback every fixture shares 127.0.0.1 and differs by port.
    if h_host and not h_host.replace(".", "").isdigit() and t_host.endswith("." + h_host.removeprefix("www.")):
        return True
    return False
