"""Targets file: which bodies to audit, their sites and portal identifiers.

Accepted as YAML (.yaml/.yml) or TOML (.toml); see README "Targets file". Validation collects every
problem with its location (e.g. ``bodies.minfin.type``) and nothing runs while any remain.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from core.errors import InputError
from core.inputfiles import DuplicateKeyError, load_yaml, read_utf8

BODY_TYPES = ("central", "local", "committee", "subordinate")  # subordinate: App. 9 T6 organisation (P5)
COMMITTEE_FORMS = ("separate_site", "subdomain", "section")
LANGS = ("kk", "ru", "en")
PORTAL_ID_KEYS = ("govkz", "data_egov", "legalacts", "dialog", "budget", "egov")
BODY_KEYS = {"names", "type", "parent", "committee_form", "sites", "languages", "portal_ids", "platform"}
PLATFORMS = ("standalone", "govkz")
# Body keys name directories and files in the run directory (screenshots/<key>/, inputs/<key>.yaml): keep them
# to a safe pattern so that no key can reach outside it.
BODY_KEY_RE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


@dataclass
class Body:
    key: str
    names: dict[str, str]
    type: str
    sites: list[str]
    languages: list[str] = field(default_factory=lambda: ["kk", "ru"])
    parent: str | None = None
    committee_form: str | None = None
    portal_ids: dict[str, Any] = field(default_factory=dict)
    platform: str = "standalone"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Targets:
    bodies: list[Body]
    portals: dict[str, str] = field(default_factory=dict)
    audit: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"bodies": [b.to_dict() for b in self.bodies], "portals": self.portals, "audit": self.audit}

    def body(self, key: str) -> Body:
        for b in self.bodies:
            if b.key == key:
                return b
        raise KeyError(key)


def load_targets(path: str | Path) -> Targets:
    return parse_targets(read_targets_file(path), source=str(path))


def read_targets_file(path: str | Path) -> Any:
    """The targets file as data (YAML or TOML), before checking; every reading problem an InputError."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"targets file {path} does not exist", "pass --targets with the path of a YAML or TOML file")
    text = read_utf8(path, "targets file")
    try:
        raw = tomllib.loads(text) if path.suffix.lower() == ".toml" else load_yaml(text)
    except DuplicateKeyError as exc:
        raise InputError(f"targets file {path}: {exc}",
                         "each body key and each field may appear only once: merge or rename the two entries; "
                         "nothing was run") from exc
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"targets file {path} is not valid {path.suffix.lstrip('.') or 'YAML'}: {exc}",
                         "fix the syntax at the position shown") from exc
    return raw


def number_problem(value: Any, *, whole: bool = False, positive: bool = True, signed: bool = False) -> str | None:
    """Why `value` is not an acceptable count or amount, or None. Booleans, NaN and infinities never are:
    a `.nan` or `.inf` cap would silently switch the cap off."""
    kind = "whole number" if whole else "number"
    sign = "" if signed else "positive " if positive else "non-negative "
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{value!r} must be a {sign}{kind}"
    if not math.isfinite(value):
        return f"{value!r} must be a finite {sign}{kind} (an infinite or NaN limit would switch it off)"
    if whole and value != int(value):
        return f"{value!r} must be a {sign}whole number"
    if (not signed and value < 0) or (positive and not signed and value == 0):
        return f"{value!r} must be a {sign}{kind}"
    return None


def parse_targets(raw: Any, source: str = "targets") -> Targets:
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise InputError(f"{source}: the top level must be a mapping with a 'bodies' key",
                         "see README, section 'Targets file'")
    bodies_raw = raw.get("bodies")
    if isinstance(bodies_raw, list) and all(isinstance(b, dict) and "key" in b for b in bodies_raw):
        # the normalised form written into run directories (Targets.to_dict): a list with keys
        bodies_raw = {b["key"]: {k: v for k, v in b.items() if k != "key"} for b in bodies_raw}
    if not isinstance(bodies_raw, dict) or not bodies_raw:
        problems.append("bodies: required, a mapping of body key -> body")
        bodies_raw = {}
    portals = raw.get("portals") or {}
    if not isinstance(portals, dict):
        problems.append("portals: must be a mapping of real host -> base URL")
        portals = {}
    for host, base in portals.items():
        if not _is_http_url(base):
            problems.append(f"portals.{host}: {base!r} is not an http(s) URL")
    audit = raw.get("audit") or {}
    if not isinstance(audit, dict):
        problems.append("audit: must be a mapping of settings")
        audit = {}
    _check_audit(audit, problems)
    bodies = [b for key, spec in bodies_raw.items() if (b := _parse_body(str(key), spec, problems))]
    keys = {b.key for b in bodies}
    for b in bodies:
        if b.parent and b.parent not in keys:
            problems.append(f"bodies.{b.key}.parent: {b.parent!r} is not a body in this file")
    if problems:
        listing = "\n  - ".join(problems)
        raise InputError(f"{source}: invalid targets file ({len(problems)} problem(s)):\n  - {listing}",
                         "correct the fields named above; nothing was run")
    return Targets(bodies=bodies, portals={str(k): str(v) for k, v in portals.items()}, audit=audit)


def _parse_body(key: str, spec: Any, problems: list[str]) -> Body | None:
    where = f"bodies.{key}"
    if not BODY_KEY_RE.fullmatch(key) or ".." in key:
        problems.append(f"bodies.{key!r}: a body key must be 1-64 characters of a-z, 0-9, '_', '.' or '-', start "
                        "with a letter or digit and not contain '..' (it names files in the run directory), "
                        "e.g. minfin or akimat-almaty")
        return None
    if not isinstance(spec, dict):
        problems.append(f"{where}: must be a mapping")
        return None
    for unknown in sorted(set(spec) - BODY_KEYS):
        problems.append(f"{where}.{unknown}: unknown field (allowed: {', '.join(sorted(BODY_KEYS))})")
    names = spec.get("names")
    if not isinstance(names, dict) or not any(names.get(lang) for lang in ("kk", "ru")):
        problems.append(f"{where}.names: required, a mapping with at least 'kk' or 'ru'")
        names = {}
    body_type = spec.get("type")
    if body_type not in BODY_TYPES:
        problems.append(f"{where}.type: {body_type!r} must be one of {', '.join(BODY_TYPES)}")
    parent = spec.get("parent")
    form = spec.get("committee_form")
    if body_type == "committee":
        if not parent:
            problems.append(f"{where}.parent: required for a committee")
        if form not in COMMITTEE_FORMS:
            problems.append(f"{where}.committee_form: {form!r} must be one of {', '.join(COMMITTEE_FORMS)}")
    elif body_type == "subordinate" and not parent:
        problems.append(f"{where}.parent: required for a subordinate organisation (the body it reports to)")
    if body_type != "committee" and form is not None:
        problems.append(f"{where}.committee_form: only committees have a form")
    sites = spec.get("sites", [])
    if isinstance(sites, str):
        sites = [sites]
    if not isinstance(sites, list):
        problems.append(f"{where}.sites: must be a list of URLs")
        sites = []
    for i, url in enumerate(sites):
        if not _is_http_url(url):
            problems.append(f"{where}.sites[{i}]: {url!r} is not an http(s) URL (with a port 1-65535, if any)")
    languages = spec.get("languages", ["kk", "ru"])
    if not isinstance(languages, list) or not languages or any(lang not in LANGS for lang in languages):
        problems.append(f"{where}.languages: {languages!r} must be a non-empty list drawn from {', '.join(LANGS)}")
        languages = ["kk", "ru"]
    portal_ids = spec.get("portal_ids") or {}
    if not isinstance(portal_ids, dict):
        problems.append(f"{where}.portal_ids: must be a mapping")
        portal_ids = {}
    for unknown in sorted(set(portal_ids) - set(PORTAL_ID_KEYS)):
        problems.append(f"{where}.portal_ids.{unknown}: unknown portal (allowed: {', '.join(PORTAL_ID_KEYS)})")
    platform = spec.get("platform", "standalone")
    if platform not in PLATFORMS:
        problems.append(f"{where}.platform: {platform!r} must be one of {', '.join(PLATFORMS)}")
    return Body(key=key, names={str(k): str(v) for k, v in names.items()}, type=str(body_type),
                sites=[str(s) for s in sites], languages=list(languages), parent=parent,
                committee_form=form, portal_ids=dict(portal_ids), platform=str(platform))


AUDIT_COUNTS = ("max_pages_per_site", "max_bytes_per_page")  # whole numbers
AUDIT_SECONDS = ("max_seconds_per_site", "browser_timeout_s")
ROBOTS_POLICIES = ("obey", "audit_override")


def _check_audit(audit: dict[str, Any], problems: list[str]) -> None:
    if "clock" in audit:
        try:
            datetime.fromisoformat(str(audit["clock"]))
        except ValueError:
            problems.append(f"audit.clock: {audit['clock']!r} is not an ISO date-time (e.g. 2026-07-01T12:00:00+05:00)")
    for key in AUDIT_COUNTS + AUDIT_SECONDS:
        if key in audit and (problem := number_problem(audit[key], whole=key in AUDIT_COUNTS)):
            problems.append(f"audit.{key}: {problem}")
        elif key in AUDIT_COUNTS and key in audit:
            audit[key] = int(audit[key])  # 3000.0 is 3000
    if audit.get("robots_policy", "obey") not in ROBOTS_POLICIES:
        problems.append(f"audit.robots_policy: {audit['robots_policy']!r} must be one of {', '.join(ROBOTS_POLICIES)}")
    gatherers = audit.get("gatherers")
    if gatherers is not None and (not isinstance(gatherers, list) or not all(isinstance(g, str) for g in gatherers)):
        problems.append("audit.gatherers: must be a list of gatherer names (e.g. [display, search_check])")
    for key in ("settings", "scrapy_settings"):
        if key in audit and not isinstance(audit[key], dict):
            problems.append(f"audit.{key}: must be a mapping")


def _is_http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value)
    try:
        port = parsed.port  # raises ValueError for a port out of range (e.g. :99999)
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.hostname) and port != 0
