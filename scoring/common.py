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


META_KEYS = ("window", "inferred", "not_assessed")


def metric_info(metrics: dict[str, Any], body: str, portal: str, name: str, lang: str
                ) -> tuple[Any, list[str], dict[str, Any]]:
    """(value, evidence URLs, meta) of one portal metric; the per-language value, else the language-independent
    ('all') one. Meta: `window` (the reporting period counted), `inferred` (an unverified source),
    `not_assessed` (why there is no value, e.g. robots.txt). (None, [], {}) when nothing was collected."""
    per_portal = (metrics.get(body) or {}).get(portal) or {}
    for key in (lang, "all"):
        entry = (per_portal.get(key) or {}).get(name)
        if entry is not None:
            if isinstance(entry, dict):
                meta = {k: entry[k] for k in META_KEYS if entry.get(k)}
                return entry.get("value"), list(entry.get("evidence") or []), meta
            return entry, [], {}
    return None, [], {}


def metric(metrics: dict[str, Any], body: str, portal: str, name: str, lang: str) -> tuple[Any, list[str]]:
    """(value, evidence URLs) of one portal metric (see metric_info)."""
    value, evidence, _ = metric_info(metrics, body, portal, name, lang)
    return value, evidence


def metric_total(metrics: dict[str, Any], body: str, portal: str, name: str, combine: str = "sum"
                 ) -> tuple[Any, list[str], dict[str, Any]]:
    """A body-level figure: the 'all' value, else kk + ru (booleans: any) with combine="sum", or with
    combine="ru_first" the ru value, else the kk one (portals whose kk and ru sessions list the same items:
    legalacts cards, a blog's questions). (None, [], meta) if neither was measured; meta as metric_info."""
    per_portal = (metrics.get(body) or {}).get(portal) or {}
    if name in (per_portal.get("all") or {}):
        return metric_info(metrics, body, portal, name, "all")
    found = [metric_info(metrics, body, portal, name, lang) for lang in ("ru", "kk")]
    meta = next((m for v, _e, m in found if m), {})
    measured = [(v, e) for v, e, _m in found if v is not None]
    if not measured:
        return None, [], meta
    if combine == "ru_first":
        return measured[0][0], measured[0][1], meta
    values = [v for v, _ in measured]
    evidence = [u for _, e in measured for u in e]
    if all(isinstance(v, bool) for v in values):
        return any(values), evidence, meta
    return sum(values), evidence, meta


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


def disagrees(agency: Any, measured: Any, tolerance: float = 0.0) -> bool:
    """Both figures known and apart by more than `tolerance` (a share of the larger one; booleans and other
    values: any difference). tolerance 0 = any difference is a disagreement."""
    if agency is None or measured is None:
        return False
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (agency, measured))
    if not numbers:
        return agency != measured
    return abs(float(agency) - float(measured)) > tolerance * max(abs(float(agency)), abs(float(measured))) + 1e-9


def side_by_side(
    name: str,
    agency: Any,
    measured: Any,
    evidence: list[str],
    used: str | None,
    comparable: bool = True,
    *,
    tolerance: float = 0.0,
    meta: dict[str, Any] | None = None,
    sources: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One figure both the agency and the collectors give: both values, their sources, which one was used,
    whether they disagree beyond the tolerance; the measured one's window / inferred / not-assessed reason."""
    differs = comparable and disagrees(agency, measured, tolerance)
    return {
        "figure": name,
        "agency": agency,
        "measured": measured,
        "evidence": evidence,
        "used": used,
        "differs": differs,
        "comparable": comparable,
        "tolerance": tolerance,
        "sources": sources or {},
        **{k: v for k, v in (meta or {}).items() if k in META_KEYS},
    }
