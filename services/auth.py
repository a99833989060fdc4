"""Recognising the authentication wall (EDS/NCALayer, SMS code, login form) on a page snapshot: pure.

The journey stops at the wall and never types into it. A mechanism counts only when the page offers a way to use
it (a control or a field), not when a card's text merely names it ("you need an EDS"), so a service card that
explains the EDS is not taken for the wall.
"""

from __future__ import annotations

from typing import Any

from services.controls import contains_any, mentions_any, phrases


def classify(snapshot: dict[str, Any]) -> list[str]:
    """Mechanisms of the wall on the page: a subset of ["eds", "sms", "login"], in that order.

    `snapshot` (services/journey_js.py SNAPSHOT_JS): text, controls (visible texts of buttons and links),
    password (visible password fields), otp (visible one-time-code fields), key_file (file inputs for keys).
    """
    text = str(snapshot.get("text") or "")
    control_texts = [str(c) for c in snapshot.get("controls") or []]
    found: list[str] = []
    eds_control = any(contains_any(c, phrases("auth", "eds_controls")) for c in control_texts)
    if snapshot.get("key_file") or (eds_control and mentions_any(text, phrases("auth", "eds_text"))):
        found.append("eds")
    if snapshot.get("otp") and mentions_any(text, phrases("auth", "sms_text")):
        found.append("sms")
    if snapshot.get("password"):
        found.append("login")
    return found
