"""`govaudit run`: the full audit — gather, audit, evidence, score, report."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.errors import GovauditError
from core.log import log
from govaudit.commands._common import add_setting_option, check_port_range, parse_settings, port_type


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="full audit: crawl, audit, score and write the reports",
                       description="Crawl every body in the targets file, audit, score by the methodology and "
                                   "write findings.json, scores.json, report/index.html and the run store to --out.")
    p.add_argument("--targets", type=Path, help="targets file (YAML or TOML)")
    p.add_argument("--out", type=Path, help="run directory to create")
    p.add_argument("--resume", type=Path, metavar="DIR", help="continue an interrupted run in DIR")
    p.add_argument("--inputs", type=Path, help="directory of agency input files (<body>.yaml|.xlsx)")
    p.add_argument("--fixtures", action="store_true",
                   help="serve the built-in fixture sites on loopback for this run and audit them "
                        "(writes DIR/fixture-targets.yaml; no --targets needed)")
    p.add_argument("--fixtures-port", type=port_type(), default=8101, help="first port for --fixtures (default 8101)")
    p.add_argument("--no-screenshots", action="store_true", help="skip evidence screenshots (no browser)")
    p.add_argument("--broker", metavar="URL", help="distributed: Redis URL of the job queue; the gather jobs are "
                   "run by `govaudit worker` processes (needs --store; see docs/scale.md)")
    p.add_argument("--store", metavar="URL", help="distributed: PostgreSQL URL of the shared run store "
                   "(needs --broker); the run is copied to DIR/run.sqlite once gathered")
    add_setting_option(p)
    from govaudit.gather_options import add_gather_options

    add_gather_options(p)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    if bool(args.broker) != bool(args.store):
        raise GovauditError("--broker and --store go together", "pass both (a distributed run) or neither")
    if args.resume and args.out and args.resume != args.out:
        raise GovauditError("--resume and --out name different directories", "give only --resume DIR")
    run_dir = args.resume or args.out
    if run_dir is None:
        raise GovauditError("no run directory given", "pass --out DIR (new run) or --resume DIR")
    if args.fixtures:
        return _run_on_fixtures(args, run_dir)
    report = _full_run(args, args.targets, run_dir)
    log.info("report: %s", report)
    return 0


def _full_run(args: argparse.Namespace, targets: Path | None, run_dir: Path) -> Path:
    """In this process, or on the workers of a distributed engine when --broker/--store are given."""
    settings = parse_settings(args.setting)
    if args.broker:
        from distributed.coordinator import distributed_run

        return distributed_run(targets, run_dir, resume=bool(args.resume), settings=settings,
                               broker_url=args.broker, store_url=args.store, inputs_dir=args.inputs,
                               screenshots=not args.no_screenshots)
    from govaudit.pipeline import full_run

    return full_run(targets, run_dir, resume=bool(args.resume), settings=settings, inputs_dir=args.inputs,
                    screenshots=not args.no_screenshots)


def _run_on_fixtures(args: argparse.Namespace, run_dir: Path) -> int:
    from fixtures.registry import SITE_MODULES, build_sites
    from fixtures.server import FixtureServers
    from fixtures.targets import write_targets
    from govaudit.pipeline import prepare_run_dir

    check_port_range("--fixtures-port", args.fixtures_port, len(SITE_MODULES))
    if not args.resume:  # before any site is served
        prepare_run_dir(run_dir)
    ports = {name: args.fixtures_port + i for i, name in enumerate(SITE_MODULES)}
    with FixtureServers(build_sites(), ports) as servers:
        log.info("fixture sites: %s", ", ".join(f"{k} {v}" for k, v in servers.urls.items()))
        targets = None
        if not args.resume:
            targets = run_dir / "fixture-targets.yaml"
            write_targets(targets, servers.urls)
        report = _full_run(args, targets, run_dir)
    log.info("report: %s", report)
    return 0
