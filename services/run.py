"""Run the journeys of a catalogue against the hosts a targets file allows; write services.json in the run dir.

Allowed hosts: the catalogue's portal hosts, its other hosts and its entry pages' hosts, and the sites of the
targets' bodies; the targets' `portals` host map says where each is served (fixtures: loopback). Every journey
gets a fresh browser context (no cookies carried from one service to the next) in one guarded Chromium.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.errors import InputError
from core.log import log
from core.targets import Targets
from crawler.browser.guard import launch_guarded
from crawler.browser.launch import chromium_args, chromium_path
from services.catalogue import Catalogue, Service
from services.hosts import HostMap, JourneyGate
from services.journey import Journey, JourneySettings
from services.recommendations import recommend
from services.scores import CRITERIA, SCALE, aggregate, attribute_zones, grade_journey

SERVICES_FILE = "services.json"
SHOTS_DIR = "services"


def allowed_bases(catalogue: Catalogue, targets: Targets, hosts: HostMap) -> list[str]:
    """The served origins a journey may visit."""
    bases: list[str] = []
    for host in [*catalogue.portal_hosts, *catalogue.hosts]:
        bases.append(hosts.base(host))
    for service in catalogue.services:
        bases += [_origin(hosts.served(url)) for url in service.entry.values()]
    for body in targets.bodies:
        bases += [_origin(hosts.served(url)) for url in body.sites]
    return list(dict.fromkeys(bases))


def body_hosts(service: Service, targets: Targets) -> list[str]:
    """The real host names of the service's body's own sites (its own zone)."""
    for body in targets.bodies:
        if body.key == service.body_key:
            return [(urlsplit(u).hostname or "").lower() for u in body.sites]
    return []


def run_services(catalogue: Catalogue, targets: Targets, out: Path, settings: JourneySettings,
                 only: list[str] | None = None) -> Path:
    services = catalogue.services
    if only:
        unknown = sorted(set(only) - {s.id for s in services})
        if unknown:
            raise InputError(f"--only: {', '.join(unknown)} not in the catalogue",
                             "pass ids from the catalogue's services list")
        services = [s for s in services if s.id in only]
    keys = {b.key for b in targets.bodies}
    for s in services:
        if s.body_key and s.body_key not in keys:
            raise InputError(f"catalogue: services.{s.id}.body.key {s.body_key!r} is not a body of the targets file",
                             "add the body to the targets file or correct the key")
    hosts = HostMap(targets.portals)
    gate = JourneyGate(allowed_bases(catalogue, targets, hosts))
    gate.prime_robots()
    out.mkdir(parents=True, exist_ok=True)
    records = []
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser, guard = launch_guarded(pw, gate, executable_path=chromium_path(), args=chromium_args(), headless=True)
        try:
            for service in services:
                records.append(_one(service, browser, guard, gate, hosts, out, settings, catalogue, targets))
        finally:
            guard.close()
            browser.close()
    result = {"version": 1, "scale": SCALE, "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "catalogue": catalogue.source, "settings": settings.as_dict(), "allowed": gate.bases,
              "criteria_meta": {c: {"standing_for": m[0], "grades": m[1]} for c, m in CRITERIA.items()},
              "services": records, **aggregate(records)}
    path = out / SERVICES_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)  # a reader never sees half a file
    return path


def _one(service: Service, browser: Any, guard: Any, gate: JourneyGate, hosts: HostMap, out: Path,
         settings: JourneySettings, catalogue: Catalogue, targets: Targets) -> dict[str, Any]:
    shots = out / SHOTS_DIR / service.id
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, ignore_https_errors=True)
    try:
        page = context.new_page()
        rec = Journey(service, page, guard, gate, hosts, shots, out, settings, languages=catalogue.languages).run()
    finally:
        context.close()
    grades = grade_journey(rec)
    attribute_zones(grades, portal_hosts=catalogue.portal_hosts, body_hosts=body_hosts(service, targets))
    log.info("services: %s stopped: %s (%s clicks)", service.id, (rec.get("stop") or {}).get("reason"),
             rec.get("clicks"))
    return {"id": service.id, "title": service.title(), "body": service.body, "service": service.to_dict(),
            "journey": rec, "grades": grades, "recommendations": recommend(rec, grades)}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
