"""The service catalogue: which public services to walk, where their journeys start and which hosts they may visit.

A catalogue is a YAML file (services/catalogue.yaml is the seed-001 one; docs/services.md describes the format).
`load_catalogue` validates everything at once and raises one InputError listing every problem with its location
(`services[3].names.kk`), so nothing runs on a half-valid catalogue.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from core.errors import InputError
from core.inputfiles import DuplicateKeyError, load_yaml, read_utf8

SEED_CATALOGUE = Path(__file__).with_name("catalogue.yaml")
LANGS = ("kk", "ru")
ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")  # ids name files (passports, screenshots): keep them safe
TOP_FIELDS = {"version", "source", "entry", "portal_hosts", "hosts", "languages", "services"}
SERVICE_FIELDS = {"id", "section", "source_line", "register_code", "service_code", "body", "form", "channels",
                  "standard_url", "card_url", "names", "keywords", "entry", "qualitative_only"}
BODY_FIELDS = {"abbr", "kk", "ru", "key"}
NAME_FIELDS = {"kk", "ru", "en_short"}


@dataclass
class Service:
    id: str
    names: dict[str, str | None]
    entry: dict[str, str]  # language -> the URL the journey starts from (the service's own or the default)
    register_code: str | None = None
    service_code: str | None = None
    body_abbr: str | None = None
    body_name: str | None = None
    body_key: str | None = None  # a body of the targets file (its sites are the body's own zone)
    form: str | None = None
    channels: list[str] | None = None
    standard_url: str | None = None
    card_url: str | None = None
    keywords: dict[str, list[str]] = field(default_factory=dict)
    qualitative_only: bool = False
    section: str | None = None
    source_line: int | None = None

    @property
    def body(self) -> str:
        """How the body is named in rankings: its targets key, else its abbreviation."""
        return self.body_key or self.body_abbr or "—"

    def name(self, lang: str) -> str | None:
        return self.names.get(lang)

    def title(self) -> str:
        return next((n for n in (self.names.get("ru"), self.names.get("kk"), self.names.get("en_short")) if n),
                    self.id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Catalogue:
    services: list[Service]
    languages: list[str]
    portal_hosts: list[str]
    hosts: list[str]
    source: str | None = None

    def service(self, service_id: str) -> Service:
        for s in self.services:
            if s.id == service_id:
                return s
        raise KeyError(service_id)


def load_catalogue(path: str | Path) -> Catalogue:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"service catalogue {path} does not exist",
                         f"pass --catalogue with a YAML file (the seed-001 catalogue is {SEED_CATALOGUE})")
    try:
        raw = load_yaml(read_utf8(path, "service catalogue"))
    except DuplicateKeyError as exc:
        raise InputError(f"service catalogue {path}: {exc}", "each field may appear only once; nothing was run") \
            from exc
    except yaml.YAMLError as exc:
        raise InputError(f"service catalogue {path} is not valid YAML: {exc}", "fix the syntax at the position shown") \
            from exc
    return parse_catalogue(raw, source=str(path))


def parse_catalogue(raw: Any, source: str = "catalogue") -> Catalogue:
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise InputError(f"{source}: the top level must be a mapping with a 'services' list",
                         "see docs/services.md, 'The catalogue'")
    _unknown(raw, TOP_FIELDS, "", problems)
    if raw.get("version") != 1:
        problems.append(f"version: {raw.get('version')!r} is not a catalogue version this govaudit reads (1)")
    languages = raw.get("languages") or list(LANGS)
    if not isinstance(languages, list) or not languages or any(lang not in LANGS for lang in languages):
        problems.append(f"languages: {languages!r} must be a list of {', '.join(LANGS)}")
        languages = list(LANGS)
    default_entry = _entry(raw.get("entry"), "entry", problems)
    portal_hosts = _hosts(raw.get("portal_hosts"), "portal_hosts", problems)
    hosts = _hosts(raw.get("hosts"), "hosts", problems)
    items = raw.get("services")
    if not isinstance(items, list) or not items:
        problems.append("services: required, a non-empty list of services")
        items = []
    services: list[Service] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        service = _service(item, f"services[{i}]", default_entry, languages, problems)
        if service is None:
            continue
        if service.id in seen:
            problems.append(f"services[{i}].id: {service.id!r} is used twice; ids must be unique")
        seen.add(service.id)
        services.append(service)
    if problems:
        listing = "\n  - ".join(problems)
        raise InputError(f"{source}: invalid service catalogue ({len(problems)} problem(s)):\n  - {listing}",
                         "correct the fields named above (docs/services.md describes each); nothing was run")
    return Catalogue(services=services, languages=list(languages), portal_hosts=portal_hosts, hosts=hosts,
                     source=raw.get("source"))


def _service(item: Any, where: str, default_entry: dict[str, str], languages: list[str],
             problems: list[str]) -> Service | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: must be a mapping with at least id and names")
        return None
    sid = item.get("id")
    if not isinstance(sid, str) or not ID_RE.fullmatch(sid):
        problems.append(f"{where}.id: {sid!r} must be 1-40 characters of a-z, 0-9, '_' or '-' (it names files)")
        sid = None
    where = f"services.{sid}" if sid else where
    _unknown(item, SERVICE_FIELDS, where + ".", problems)
    names = item.get("names")
    if not isinstance(names, dict):
        problems.append(f"{where}.names: required, a mapping of kk/ru to the official name")
        names = {}
    _unknown(names, NAME_FIELDS, where + ".names.", problems)
    for key, value in names.items():
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(f"{where}.names.{key}: {value!r} must be a non-empty string or null")
    if not any(isinstance(names.get(lang), str) and names[lang].strip() for lang in languages):
        problems.append(f"{where}.names: no official name in {' or '.join(languages)}; the journey searches by it")
    keywords = item.get("keywords") or {}
    if not isinstance(keywords, dict) or any(
            k not in LANGS or not isinstance(v, list) or not all(isinstance(w, str) and w.strip() for w in v)
            for k, v in keywords.items()):
        problems.append(f"{where}.keywords: {keywords!r} must be null or a mapping of kk/ru to a list of words")
        keywords = {}
    body = item.get("body") or {}
    if not isinstance(body, dict):
        problems.append(f"{where}.body: must be a mapping (abbr, kk, ru, key)")
        body = {}
    _unknown(body, BODY_FIELDS, where + ".body.", problems)
    for key in ("register_code", "service_code", "form", "section"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"{where}.{key}: {value!r} must be a string (quote codes: leading zeros matter) or null")
    code = item.get("register_code")
    if isinstance(code, str) and not code.isdigit():
        problems.append(f"{where}.register_code: {code!r} must be digits as printed in the register")
    for key in ("standard_url", "card_url"):
        value = item.get(key)
        if value is not None and not _is_url(value):
            problems.append(f"{where}.{key}: {value!r} is not an http(s) URL")
    channels = item.get("channels")
    if channels is not None and (not isinstance(channels, list) or not all(isinstance(c, str) for c in channels)):
        problems.append(f"{where}.channels: {channels!r} must be a list of hosts (or SC) or null")
        channels = None
    entry = _entry(item.get("entry"), where + ".entry", problems) or default_entry
    if not entry:
        problems.append(f"{where}: no entry page (give `entry` here or at the top of the catalogue)")
    line = item.get("source_line")
    if line is not None and (isinstance(line, bool) or not isinstance(line, int)):
        problems.append(f"{where}.source_line: {line!r} must be a line number")
    if sid is None:
        return None
    return Service(id=sid, names={k: (v.strip() if isinstance(v, str) else None) for k, v in names.items()},
                   entry=entry, register_code=code, service_code=item.get("service_code"),
                   body_abbr=body.get("abbr"), body_name=body.get("ru") or body.get("kk"), body_key=body.get("key"),
                   form=item.get("form"), channels=channels, standard_url=item.get("standard_url"),
                   card_url=item.get("card_url"), keywords={k: [w.strip() for w in v] for k, v in keywords.items()},
                   qualitative_only=bool(item.get("qualitative_only")), section=item.get("section"),
                   source_line=line if isinstance(line, int) else None)


def _entry(value: Any, where: str, problems: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    given = value
    if isinstance(value, str):
        value = {lang: value for lang in LANGS}
    if not isinstance(value, dict) or any(k not in LANGS or not _is_url(v) for k, v in value.items()):
        problems.append(f"{where}: {given!r} must be an http(s) URL or a mapping of kk/ru to http(s) URLs")
        return {}
    return dict(value)


def _hosts(value: Any, where: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(h, str) and h and "/" not in h for h in value):
        problems.append(f"{where}: {value!r} must be a list of host names (no scheme, no path)")
        return []
    return [h.lower() for h in value]


def _unknown(mapping: dict[str, Any], allowed: set[str], prefix: str, problems: list[str]) -> None:
    for key in mapping:
        if key not in allowed:
            problems.append(f"{prefix}{key}: unknown field (allowed: {', '.join(sorted(allowed))})")


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
