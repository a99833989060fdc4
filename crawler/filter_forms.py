"""Document libraries behind GET filters: a form of select boxes (and radio buttons) whose submissions produce list
URLs (`/npa?type=decision&year=2025`). Some documents are listed only there, so the crawler requests the option
combinations, within a cap, as a browser submitting the form would build them.

A form with a free-text field is a search form, not a filter, and is left alone; POST forms are never submitted.
A submission is not a click on a link: these edges have their own kind (`form`), which click depth does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

MAX_COMBINATIONS = 24  # per form: a library with 3 types × 8 years is read whole, a bigger one in part
FREE_TEXT = frozenset({"text", "search", "email", "number", "tel", "url", "date", "datetime-local", "month", "week",
                       "password", "file", "textarea"})


@dataclass(frozen=True)
class FilterForm:
    action: str
    combinations: int  # how many the form allows
    urls: tuple[tuple[str, str], ...]  # (url, label "name=value; …") requested, within the cap


def _fields(form: etree._Element) -> list[tuple[str, list[str], bool]] | None:
    """(name, values, is_choice) in document order — the order a browser submits them — or None for a form that is
    not a filter (a free-text field, or nothing to choose)."""
    fields: list[tuple[str, list[str], bool]] = []
    radios: dict[str, list[str]] = {}
    for el in form.iter("input", "select", "textarea"):
        name = el.get("name")
        if el.get("disabled") is not None:
            continue
        kind = "textarea" if el.tag == "textarea" else (el.get("type") or "text").lower() if el.tag == "input" else ""
        if kind in FREE_TEXT:
            return None
        if not name:
            continue
        if el.tag == "select":
            options = [(o.get("value") if o.get("value") is not None else " ".join(o.text_content().split()),
                        o.get("selected") is not None) for o in el.iter("option") if o.get("disabled") is None]
            values = [v for v, _sel in options]
            default = next((v for v, sel in options if sel), values[0] if values else None)
            if default is not None:
                fields.append((name, [default] + [v for v in dict.fromkeys(values) if v != default], True))
        elif kind == "radio":
            if name not in radios:
                radios[name] = []
                fields.append((name, radios[name], True))
            value = el.get("value", "on")
            if el.get("checked") is not None:
                radios[name].insert(0, value)
            elif value not in radios[name]:
                radios[name].append(value)
        elif kind == "hidden":
            fields.append((name, [el.get("value") or ""], False))
        elif kind == "checkbox" and el.get("checked") is not None:
            fields.append((name, [el.get("value", "on")], False))
    if not any(is_choice for _n, _v, is_choice in fields):
        return None
    return fields


def _combinations(choices: list[tuple[str, list[str]]], cap: int) -> tuple[int, list[tuple[str, ...]]]:
    """The defaults, then each field varied alone, then the rest of the product, up to `cap`."""
    total = 1
    for _name, values in choices:
        total *= len(values)
    defaults = tuple(values[0] for _n, values in choices)
    picked: dict[tuple[str, ...], None] = {defaults: None}
    for i, (_name, values) in enumerate(choices):
        for v in values[1:]:
            picked.setdefault(defaults[:i] + (v,) + defaults[i + 1:], None)
    for combo in product(*(values for _n, values in choices)):
        if len(picked) >= cap:
            break
        picked.setdefault(combo, None)
    return total, list(picked)[:cap]


def filter_forms(doc: etree._Element, base: str, cap: int = MAX_COMBINATIONS) -> list[FilterForm]:
    out = []
    for form in doc.iter("form"):
        if (form.get("method") or "get").lower() != "get" or (form.get("role") or "").lower() == "search":
            continue
        fields = _fields(form)
        if fields is None:
            continue
        action = urljoin(base, (form.get("action") or "").strip() or base).split("#")[0]
        choices = [(n, v) for n, v, is_choice in fields if is_choice]
        total, combos = _combinations(choices, cap)
        urls = []
        for combo in combos:
            picked = iter(combo)
            pairs = [(n, next(picked) if is_choice else v[0]) for n, v, is_choice in fields]
            url = urlunsplit(urlsplit(action)._replace(query=urlencode(pairs)))
            urls.append((url, "; ".join(f"{n}={v}" for (n, _vals), v in zip(choices, combo, strict=True))))
        out.append(FilterForm(action, total, tuple(urls)))
    return out
