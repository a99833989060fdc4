"""`govaudit monitor --targets FILE --out DIR`: availability and TLS monitoring (docs/monitoring.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.errors import EXIT_INTERRUPTED, InputError
from core.log import log


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("monitor", help="sample the sites, portals and hand-off hosts for availability and TLS",
                       description="Sample every body's site host, the portal hosts and the hand-off hosts of the "
                                   "targets file's `monitor:` section (HEAD then GET, with time-outs and known error "
                                   "texts), check their TLS certificates, append the samples to DIR/run.sqlite and "
                                   "write DIR/availability.json (A = 100 % - downtime/total x 100 per host over the "
                                   "half-year, seed-000 bands, outage log) and DIR/report/availability.html. Run it "
                                   "again to go on: samples accumulate. See docs/monitoring.md.")
    p.add_argument("--targets", required=True, type=Path, metavar="FILE", help="targets file (YAML or TOML)")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="run directory (may be an audit's)")
    p.add_argument("--interval", metavar="SECONDS", help="seconds between rounds (default: monitor.interval_s, "
                                                          "300); 1-86400")
    stop = p.add_mutually_exclusive_group()
    stop.add_argument("--rounds", metavar="N", help="stop after N rounds (default: run until interrupted)")
    stop.add_argument("--duration", metavar="S", help="stop after S seconds")
    stop.add_argument("--report-only", action="store_true",
                      help="sample nothing: rewrite availability.json and the page from the stored samples")
    p.add_argument("--ca-file", metavar="PEM", help="an extra trusted CA for this checker only (test certificates)")
    p.set_defaults(func=handle)


def _positive(option: str, text: str | None, whole: bool) -> float | int | None:
    if text is None:
        return None
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = None
    if value is None or value <= 0 or value != value or value == float("inf"):
        kind = "a positive whole number" if whole else "a positive number of seconds"
        raise InputError(f"{option} {text!r}: must be {kind}", f"pass e.g. {option} {'10' if whole else '300'}")
    return value


def handle(args: argparse.Namespace) -> int:
    from core.inputfiles import file_in_the_way
    from monitoring import output, store
    from monitoring.config import interval_problem, load_monitor_targets
    from monitoring.hosts import monitored_hosts
    from monitoring.scheduler import run_rounds

    targets, cfg = load_monitor_targets(args.targets)
    if args.interval is not None:
        try:
            interval: float | str = float(args.interval)
        except ValueError:
            interval = args.interval
        if problem := interval_problem(interval):
            raise InputError(f"--interval: {problem}", "pass --interval SECONDS between 1 and 86400, e.g. 300")
        cfg.interval_s = float(interval)
    rounds = _positive("--rounds", args.rounds, whole=True)
    duration = _positive("--duration", args.duration, whole=False)
    if args.ca_file:
        if not Path(args.ca_file).is_file():
            raise InputError(f"--ca-file {args.ca_file}: no such file", "pass a PEM file of CA certificates")
        cfg.ca_file = str(args.ca_file)
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: is a file, not a directory", "pass a directory (it is created if missing)")
    if blocker := file_in_the_way(out):
        raise InputError(f"--out {out}: {blocker} is a file, not a directory", "pass a directory you may write to")
    hosts = monitored_hosts(targets, cfg)
    if not hosts:
        raise InputError(f"{args.targets}: no host to monitor (no body has a site, no portal, no monitor.hosts)",
                         "add sites to the bodies or hosts to the monitor section")
    db = store.connect(out)
    interrupted = False
    try:
        if not args.report_only:
            log.info("monitor: %d host(s), every %g s", len(hosts), cfg.interval_s)
            try:
                summary = run_rounds(db, hosts, cfg, rounds=rounds, duration_s=duration)
                log.info("monitor: %d round(s), %d sample(s), %d TLS check(s)", summary.rounds, summary.samples,
                         summary.tls_checks)
            except KeyboardInterrupt:
                interrupted = True
        path = output.write(out, output.build(db, targets, hosts, cfg))
    finally:
        db.close()
    from reports.availability import write_availability

    page = write_availability(out, out / "report", standalone_workbook=True)
    log.info("monitor: %s, %s", path, page)
    if interrupted:
        log.error("interrupted; every sample taken so far is stored in %s and counted in %s — run the same "
                  "command again to go on sampling", out / "run.sqlite", path)
        return EXIT_INTERRUPTED
    return 0
