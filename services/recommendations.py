"""Recommendations by addressee, as 001 groups them (the authorised body, the e-gov portal, other sites; 001:4136-4166):
pure, from a journey's grades and record. The addressee of a grade is the owner of the zone it was measured in;
the card's content is the authorised body's (it owns the service's information and its standard), whatever
site shows it."""

from __future__ import annotations

from typing import Any

from services.checklist import load_items

BODY, PORTAL, AUDIT = "authorised body", "e-gov portal", "audit team"


def addressee(grade: dict[str, Any]) -> str:
    zone, host = grade.get("zone"), grade.get("host")
    if zone == "portal":
        return PORTAL
    if zone == "body" or not host:
        return BODY
    return f"operator of {host}"


def recommend(rec: dict[str, Any], grades: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    titles = {i.id: i.title.get("en", i.id) for i in load_items()}
    out: list[dict[str, str]] = []

    def add(who: str, criterion: str, text: str) -> None:
        out.append({"addressee": who, "criterion": criterion, "text": text})

    g = grades["findability"]
    if g["grade"] in (1, 2, 3, 4):
        add(addressee(g), "findability", "Make the service findable by the site's search with its full official "
                                         "name and with keywords (“smart search”, 001:8303-8310, 31924-31925).")
    card = rec.get("card") or {}
    lang = rec.get("lang")
    missing = [titles.get(i, i) for i, r in (card.get("items", {}).get(lang) or {}).items() if not r["present"]]
    if missing:
        add(BODY, "card", "Publish on the service card: " + "; ".join(missing) + ".")
    lacking = ((card.get("parity") or {}).get("lacking")) or {}
    for other, items in lacking.items():
        add(BODY, "parity", f"Give the {other} card the items the other language has: "
                            + "; ".join(titles.get(i, i) for i in items) + ".")
    if card.get("missing_langs"):
        add(addressee(grades["parity"]), "parity", "Publish the card in " + ", ".join(card["missing_langs"]) + ".")
    g = grades["order"]
    if g["grade"] == 1:
        add(addressee(g), "order", "Put a visible “order service” control on the card (001:20457-20460).")
    elif g["grade"] == 2:
        add(addressee(g), "order", "The “order” control leads to a dead end: lead it to the application.")
    g = grades["handoff"]
    handoff = rec.get("handoff") or {}
    if g["grade"] == 2:
        state = ((rec.get("hosts") or {}).get(handoff.get("to")) or {}).get("state")
        add(addressee(g), "handoff", f"Fix the TLS certificate of {handoff.get('to')} ({state}): browsers warn, and "
                                     "citizens abandon the service (001:20439-20449).")
    elif g["grade"] == 1:
        add(addressee(g), "handoff", f"{handoff.get('to')} froze or failed after the hand-off: monitor it.")
    elif g["grade"] is None and handoff and not handoff.get("followed"):
        add(AUDIT, "handoff", f"The card hands off to {handoff.get('to')}, which the catalogue does not list: check it "
                              "and, if legitimate, add it to the catalogue's hosts.")
    g = grades["wall"]
    if g["grade"] == 4:
        add(addressee(g), "wall", "Offer a sign-in that works on a phone (SMS code) besides EDS/NCALayer "
                                  "(001:1458-1474).")
    g = grades["stability"]
    if g["grade"] in (1, 2):
        add(addressee(g), "stability", "Monitor the technical state of the site: " + g["note"][:200]
                                       + " (001:8304-8307).")
    return out
