"""Small helpers shared by the two methodologies: input/metric look-ups and agency-vs-portal figures."""

from __future__ import annotations

from typing import Any

LANGS = ("kk", "ru")


def get(doc: dict[str, Any] | None, path: str) -> Any:
    node: Any = doc or {}
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def metric(metrics: dict[str, Any], body: str, portal: str, name: str, lang: str) -> tuple[Any, list[str]]:
    """(value, evidence URLs) of one portal metric; the per-language value, else the language-independent
    ('all') one. (None, []) when the collectors did not measure it."""
    per_portal = (metrics.get(body) or {}).get(portal) or {}
    for key in (lang, "all"):
        entry = (per_portal.get(key) or {}).get(name)
        if entry is not None:
            if isinstance(entry, dict):
                return entry.get("value"), list(entry.get("evidence") or [])
            return entry, []
    return None, []


def metric_total(metrics: dict[str, Any], body: str, portal: str, name: str) -> tuple[Any, list[str]]:
    """A body-level figure: the 'all' value, else kk + ru (booleans: any). None if neither was measured."""
    per_portal = (metrics.get(body) or {}).get(portal) or {}
    if name in (per_portal.get("all") or {}):
        return metric(metrics, body, portal, name, "all")
    values, evidence = [], []
    for lang in LANGS:
        entry = (per_portal.get(lang) or {}).get(name)
        if entry is not None:
            v = entry.get("value") if isinstance(entry, dict) else entry
            if v is not None:
                values.append(v)
                evidence += list(entry.get("evidence") or []) if isinstance(entry, dict) else []
    if not values:
        return None, []
    if all(isinstance(v, bool) for v in values):
        return any(values), evidence
    return sum(values), evidence


def pick_figure(agency: Any, measured: Any, rule: str) -> tuple[Any, str | None]:
    """The figure to score with and its source, by the portal_figures setting."""
    order = {
        "agency_then_measured": ("agency", "measured"),
        "measured_then_agency": ("measured", "agency"),
        "agency": ("agency",),
    }[rule]
    values = {"agency": agency, "measured": measured}
    for source in order:
        if values[source] is not None:
            return values[source], source
    return None, None


def side_by_side(
    name: str, agency: Any, measured: Any, evidence: list[str], used: str | None, comparable: bool = True
) -> dict[str, Any]:
    differs = comparable and agency is not None and measured is not None and agency != measured
    return {
        "figure": name,
        "agency": agency,
        "measured": measured,
        "evidence": evidence,
        "used": used,
        "differs": differs,
        "comparable": comparable,
    }
