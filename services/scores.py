"""The service-journey module's own scores (never mixed into the official methodologies in scoring/): pure.

Each journey gets a grade 1-5 per criterion on 001's band semantics (5 no issues, 4 minor, 3 several, 2 many,
1 not working; 001:597-608). A grade is None when the journey could not judge it (not assessed) and "n/a" when it
does not apply; both stay out of every mean and share, as 001 leaves out free services' "payment" (001:996-998).
Every grade carries the zone it is attributed to (001:663-838): the host it was measured on, classed as the
portal, the body's own site, or an external site. The scale is versioned (`SCALE`) and documented in
docs/services.md; changing a band is a new scale version.
"""

from __future__ import annotations

from statistics import mean
from typing import Any

from services import journey as j
from services.tls import NOT_HTTPS, WARNS

SCALE = "services-1"
NA = "n/a"
TOP = 5
ORDER_MAX_CLICKS = 6
# criterion -> (001's criterion it stands for, what it grades)
CRITERIA: dict[str, tuple[str, str]] = {
    "findability": ("Accessibility and convenience", "the card is found by the site's search with the official name"),
    "card": ("Information and communication", "the card carries the checklist items (context-seeds §4 D.12)"),
    "parity": ("Information and communication", "the kk and ru cards carry the same items"),
    "order": ("Procedure", "the “order” control leads on to the authentication wall"),
    "handoff": ("Accessibility and convenience", "a hand-off to another site works, without a browser warning"),
    "wall": ("Procedure", "the authentication wall offers a way that works on a phone (SMS or login) besides EDS"),
    "stability": ("Result", "no page froze or answered with an error"),
}
ZONES = ("portal", "body", "external")


def card_grade(missing: int) -> int:
    return 5 if missing == 0 else 4 if missing <= 2 else 3 if missing <= 4 else 2 if missing <= 7 else 1


def parity_grade(differing: int) -> int:
    return 5 if differing == 0 else 4 if differing == 1 else 3 if differing <= 3 else 2


def grade_journey(rec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """criterion -> {grade, host, note} for one journey record (services/journey.py)."""
    stop = (rec.get("stop") or {}).get("reason")
    steps = rec.get("steps") or []
    entry_host = steps[0]["host"] if steps else None
    card = rec.get("card")
    card_host = _host_of(card["url"], steps) if card else None
    out: dict[str, dict[str, Any]] = {}

    find = rec.get("find") or {}
    by = find.get("by")
    if by == "name":
        rank = next((q.get("rank") for q in find.get("queries", []) if q.get("kind") == "name" and q.get("rank")),
                    None)
        out["findability"] = _g(5 if rank and rank <= 3 else 4, entry_host, f"site search, official name, rank {rank}")
    elif by == "keywords":
        out["findability"] = _g(3, entry_host, "found only with the keywords, not with the official name")
    elif by == "navigation":
        out["findability"] = _g(2, entry_host, "found only by following links; the site's search did not find it")
    elif stop == j.NOT_FOUND:
        out["findability"] = _g(1, entry_host, "not found")
    else:
        out["findability"] = _g(None, entry_host, f"not assessed: the journey stopped first ({stop})")

    if card:
        lang = rec.get("lang")
        items = card["items"].get(lang) or {}
        miss = [i for i, r in items.items() if not r["present"]]
        out["card"] = _g(card_grade(len(miss)), card_host, "missing: " + (", ".join(miss) or "nothing"))
        par = card.get("parity") or {}
        if card.get("missing_langs"):
            out["parity"] = _g(1, card_host, "no card in " + ", ".join(card["missing_langs"]))
        elif par.get("same") is None:
            out["parity"] = _g(NA, card_host, "one language only")
        else:
            differing = set().union(*[set(v) for v in (par.get("lacking") or {}).values()])
            note = "; ".join(f"{lang}: lacks {', '.join(v)}" for lang, v in (par.get("lacking") or {}).items())
            out["parity"] = _g(parity_grade(len(differing)), card_host, note or "same items")
    else:
        for name in ("card", "parity"):
            out[name] = _g(None, None, "not assessed: no card")

    wall = rec.get("wall")
    order = rec.get("order") or {}
    clicks = rec.get("clicks") or 0
    if not card:
        out["order"] = _g(None, None, "not assessed: no card")
    elif stop == j.NO_ORDER:
        out["order"] = _g(1, card_host, "no “order” control on the card")
    elif wall:
        out["order"] = _g(5 if clicks <= ORDER_MAX_CLICKS else 4, card_host, f"wall reached in {clicks} clicks")
    elif stop == j.NO_WALL:
        out["order"] = _g(2, card_host, "dead end: no authentication wall after the “order” control")
    else:
        out["order"] = _g(None, card_host, f"not assessed: the journey stopped ({stop})"
                          if order.get("found") else "not assessed")

    handoff = rec.get("handoff")
    if not handoff:
        out["handoff"] = _g(NA if card and order.get("found") else None, None, "no hand-off to another site")
    elif not handoff.get("followed"):
        out["handoff"] = _g(None, handoff["to"], f"not assessed: {handoff['to']} is not an allowed host; the hand-off "
                                                 "is recorded, not followed")
    else:
        tls = (rec.get("hosts") or {}).get(handoff["to"]) or {}
        stopped_there = stop in (j.FROZE, j.ERROR_PAGE) and steps and steps[-1]["host"] == handoff["to"]
        if stopped_there:
            out["handoff"] = _g(1, handoff["to"], f"the hand-off site {stop}")
        elif tls.get("state") in WARNS or tls.get("state") == NOT_HTTPS:
            out["handoff"] = _g(2, handoff["to"], f"TLS: {tls.get('state')} — a browser warns or the link is not "
                                                  "secure (001:20439-20449)")
        else:
            out["handoff"] = _g(5 if wall else 4, handoff["to"], "works" + ("" if wall else ", no wall reached"))

    if wall:
        mech = wall.get("mechanisms") or []
        mobile = [m for m in mech if m in ("sms", "login")]
        out["wall"] = _g(5 if mobile else 4, wall.get("host"), "mechanisms: " + ", ".join(mech) +
                         ("" if mobile else " (EDS/NCALayer only: not usable on a phone, 001:1458-1474)"))
    else:
        out["wall"] = _g(None, None, "not assessed: the wall was not reached")

    where = steps[-1]["host"] if steps else entry_host
    if stop == j.FROZE:
        out["stability"] = _g(1, where, "a page froze: " + (rec["stop"].get("detail") or ""))
    elif stop == j.ERROR_PAGE:
        out["stability"] = _g(2, where, "an error page: " + (rec["stop"].get("detail") or ""))
    elif stop in (j.BUDGET, j.FAILED) or not steps:
        out["stability"] = _g(None, where, f"not assessed: the journey stopped ({stop})")
    else:
        out["stability"] = _g(5, entry_host, "every page loaded")
    return out


def _g(grade: int | str | None, host: str | None, note: str) -> dict[str, Any]:
    return {"grade": grade, "host": host, "note": note[:500], "zone": None}


def _host_of(url: str, steps: list[dict[str, Any]]) -> str | None:
    return next((s["host"] for s in steps if s["url"].split("#")[0] == url.split("#")[0]), None)


def attribute_zones(grades: dict[str, dict[str, Any]], *, portal_hosts: list[str], body_hosts: list[str]) -> None:
    """Fill each grade's zone from its host: the portal, the body's own site, or an external site."""
    for g in grades.values():
        host = (g.get("host") or "").lower()
        if not host:
            continue
        if any(host == h or host.endswith("." + h) for h in portal_hosts):
            g["zone"] = "portal"
        elif any(host == h or host.endswith("." + h) for h in body_hosts):
            g["zone"] = "body"
        else:
            g["zone"] = "external"


def numeric(grades: list[Any]) -> list[int]:
    return [g for g in grades if isinstance(g, int) and not isinstance(g, bool)]


def summary(grades: list[Any]) -> dict[str, Any]:
    """001's two numbers: the mean grade and the share of top grades, over the graded ones only."""
    nums = numeric(grades)
    return {"mean": round(mean(nums), 2) if nums else None,
            "top_share": round(100.0 * sum(1 for g in nums if g == TOP) / len(nums), 1) if nums else None,
            "n": len(nums), "not_assessed": sum(1 for g in grades if g is None),
            "not_applicable": sum(1 for g in grades if g == NA)}


def aggregate(services: list[dict[str, Any]]) -> dict[str, Any]:
    """Per criterion, the ranking of services, and of bodies on their own zone and on all zones (001 Table 9
    vs Appendix A)."""
    criteria = {c: summary([s["grades"][c]["grade"] for s in services]) for c in CRITERIA}
    for s in services:
        s["summary"] = summary([g["grade"] for g in s["grades"].values()])
    ranking = _rank([{"id": s["id"], "title": s["title"], "body": s["body"], **s["summary"]} for s in services])
    bodies: dict[str, dict[str, list[Any]]] = {}
    for s in services:
        slot = bodies.setdefault(s["body"], {"own": [], "all": [], "services": []})
        slot["services"].append(s["id"])
        for g in s["grades"].values():
            slot["all"].append(g["grade"])
            if g.get("zone") == "body":
                slot["own"].append(g["grade"])
    own = _rank([{"body": b, "services": v["services"], **summary(v["own"])} for b, v in bodies.items()])
    every = _rank([{"body": b, "services": v["services"], **summary(v["all"])} for b, v in bodies.items()])
    every_grade = [g for s in services for g in s["grades"].values()]
    # 001's headline (Table 6) and its results by provider (Table 7): here by the zone a grade was measured in
    zones = {z: summary([g["grade"] for g in every_grade if g.get("zone") == z]) for z in ZONES}
    return {"overall": summary([g["grade"] for g in every_grade]), "zones": zones, "criteria": criteria,
            "ranking": ranking, "bodies": {"own_zone": own, "all_zones": every}}


def _rank(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Best mean first, then the larger share of top grades; rows without a grade come last, unranked."""
    graded = sorted((r for r in rows if r["mean"] is not None), key=lambda r: (-r["mean"], -(r["top_share"] or 0)))
    for i, r in enumerate(graded, 1):
        r["rank"] = i
    rest = [dict(r, rank=None) for r in rows if r["mean"] is None]
    return graded + rest
