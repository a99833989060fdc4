"""`govaudit services --catalogue FILE --targets FILE --out DIR`: walk each catalogue service as a citizen would.

Writes DIR/services.json (journeys, grades, rankings; the module's own scale, never mixed into scores.json),
screenshots under DIR/services/<service>/, and the report pages DIR/report/services.html and
DIR/report/services/<service>.html. See docs/services.md.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from core.errors import InputError
from core.inputfiles import file_in_the_way


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive, finite number of seconds")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("services", help="walk public-service journeys in a browser and grade them",
                       description="For each service of the catalogue: open the entry page, find the service card "
                                   "(site search by official name, then keywords, then links), check the card, press "
                                   "“order”, follow hand-offs to allowed hosts, and stop at the authentication wall "
                                   "(never submitting anything). See docs/services.md.")
    p.add_argument("--catalogue", type=Path, required=True, metavar="FILE",
                   help="service catalogue (YAML; services/catalogue.yaml is the seed-001 one)")
    p.add_argument("--targets", type=Path, required=True, metavar="FILE",
                   help="targets file: the bodies' sites and the `portals` host map")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="run directory to write into")
    p.add_argument("--only", action="append", default=[], metavar="ID", help="walk only this service (repeatable)")
    p.add_argument("--budget-s", type=_seconds, default=120.0, metavar="S", help="time budget per journey (120)")
    p.add_argument("--step-timeout-s", type=_seconds, default=20.0, metavar="S",
                   help="a page that takes longer to load is recorded as “froze” (20)")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from core.log import log
    from core.targets import load_targets
    from reports.services import write_services
    from services.catalogue import load_catalogue
    from services.journey import JourneySettings
    from services.run import run_services

    catalogue = load_catalogue(args.catalogue)
    targets = load_targets(args.targets)
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: is a file, not a directory", "pass a directory (it is created if missing)")
    if blocker := file_in_the_way(out):
        raise InputError(f"--out {out}: {blocker} is a file, so the directory cannot be created",
                         "pass another --out directory")
    settings = JourneySettings(budget_s=args.budget_s, step_timeout_s=min(args.step_timeout_s, args.budget_s))
    path = run_services(catalogue, targets, out, settings, only=args.only or None)
    log.info("services: %s", path)
    page = write_services(out, out / "report")
    if page is not None:
        log.info("services report: %s", page)
    return 0
