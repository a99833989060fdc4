"""Score nodes: one shape for every indicator, parameter, criterion and total in scores.json.

A node is a dict: id, title, status (scored | partial | not_assessed | not_applicable), points, max_points
(the methodology's maximum), assessable_max (the maximum of what was assessed), min_points, inputs (the
figures used), reading (the rule and the settings applied), not_assessed (ids of what is missing), flags,
components. Missing data is never zero or full: it is `not_assessed`, and a parent reports the points and
the maximum of what was assessed.
"""

from __future__ import annotations

from typing import Any

SCORED = "scored"
PARTIAL = "partial"
NOT_ASSESSED = "not_assessed"
NOT_APPLICABLE = "not_applicable"

Node = dict[str, Any]


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 6)


def scored(
    node_id: str,
    points: float,
    max_points: float,
    *,
    title: str = "",
    inputs: Any = None,
    reading: str = "",
    min_points: float = 0.0,
    flags: list[str] | None = None,
    components: list[Node] | None = None,
    **extra: Any,
) -> Node:
    return {
        "id": node_id,
        "title": title,
        "status": SCORED,
        "points": _r(points),
        "max_points": max_points,
        "assessable_max": max_points,
        "min_points": min_points,
        "inputs": inputs or {},
        "reading": reading,
        "not_assessed": [],
        "flags": flags or [],
        "components": components or [],
        **extra,
    }


def not_assessed(
    node_id: str,
    max_points: float,
    reason: str,
    *,
    title: str = "",
    missing: list[str] | None = None,
    inputs: Any = None,
    components: list[Node] | None = None,
    **extra: Any,
) -> Node:
    return {
        "id": node_id,
        "title": title,
        "status": NOT_ASSESSED,
        "points": None,
        "max_points": max_points,
        "assessable_max": 0.0,
        "min_points": 0.0,
        "inputs": inputs or {},
        "reading": reason,
        "not_assessed": missing or [node_id],
        "flags": [],
        "components": components or [],
        **extra,
    }


def not_applicable(node_id: str, max_points: float, reason: str, *, title: str = "", **extra: Any) -> Node:
    return {
        "id": node_id,
        "title": title,
        "status": NOT_APPLICABLE,
        "points": None,
        "max_points": max_points,
        "assessable_max": 0.0,
        "min_points": 0.0,
        "inputs": {},
        "reading": reason,
        "not_assessed": [],
        "flags": [],
        "components": [],
        **extra,
    }


def combine(
    node_id: str,
    components: list[Node],
    max_points: float,
    *,
    title: str = "",
    reading: str = "",
    lo: float | None = None,
    hi: float | None = None,
    inputs: Any = None,
    **extra: Any,
) -> Node:
    """Sum of the assessed components; the status says whether everything, something or nothing was
    assessed. `lo`/`hi` clamp the sum (a criterion that may not go negative, a capped measure)."""
    live = [c for c in components if c["status"] != NOT_APPLICABLE]
    done = [c for c in live if c["status"] in (SCORED, PARTIAL)]
    missing = [m for c in live for m in c["not_assessed"]]
    flags = [f for c in components for f in c.get("flags", [])]
    if components and not live:
        return {
            **not_applicable(node_id, max_points, "none of its rows applies", title=title),
            "components": components,
        }
    if not done:
        node = not_assessed(
            node_id,
            max_points,
            reading or "nothing assessed",
            title=title,
            missing=missing or [node_id],
            components=components,
            inputs=inputs,
            **extra,
        )
        node["flags"] = flags
        return node
    points = sum(c["points"] for c in done)
    if lo is not None:
        points = max(lo, points)
    if hi is not None:
        points = min(hi, points)
    assessable = sum(c["assessable_max"] for c in done)
    status = SCORED if all(c["status"] == SCORED for c in live) else PARTIAL
    node = scored(
        node_id,
        points,
        max_points,
        title=title,
        inputs=inputs,
        reading=reading,
        min_points=sum(c.get("min_points", 0.0) for c in live) if lo is None else lo,
        flags=flags,
        components=components,
        **extra,
    )
    node["status"] = status
    node["assessable_max"] = _r(min(assessable, max_points)) if hi is not None else _r(assessable)
    node["not_assessed"] = missing
    return node


def walk(node: Node):
    yield node
    for c in node.get("components", []):
        yield from walk(c)
