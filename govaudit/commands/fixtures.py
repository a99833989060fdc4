"""`govaudit fixtures serve|targets|write`: the built-in offline fixture sites."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from pathlib import Path

from core.log import log
from govaudit.commands._common import check_port_range, port_type, writing


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fixtures", help="serve the built-in fixture sites, or write a targets file for them",
                       description="Offline fixture sites that mimic gov.kz sites and the open-government portals.")
    fsub = p.add_subparsers(dest="fixtures_command", metavar="ACTION", required=True)
    serve = fsub.add_parser("serve", help="serve every fixture site on 127.0.0.1 and print their addresses",
                            description="Serve every fixture site on loopback until interrupted.")
    serve.add_argument("--base-port", type=port_type(allow_zero=True), default=0,
                       help="first port (0 = any free ports)")
    serve.add_argument("--targets-out", type=Path, help="also write a targets file for the served sites")
    serve.set_defaults(func=handle_serve)
    targets = fsub.add_parser("targets", help="write a targets file pointing at served fixture sites",
                              description="Write a targets file for fixture sites served at --base-port "
                                          "(as `govaudit fixtures serve --base-port N` serves them).")
    targets.add_argument("--out", type=Path, required=True)
    targets.add_argument("--base-port", type=port_type(), default=8101)
    targets.set_defaults(func=handle_targets)


def handle_serve(args: argparse.Namespace) -> int:
    from fixtures.registry import SITE_MODULES, build_sites
    from fixtures.server import FixtureServers
    from fixtures.targets import write_targets

    check_port_range("--base-port", args.base_port, len(SITE_MODULES))
    sites = build_sites()
    ports = {name: args.base_port + i for i, name in enumerate(SITE_MODULES)} if args.base_port else None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with FixtureServers(sites, ports) as servers:
        print(json.dumps({"sites": servers.urls, "host_map": servers.host_map()}, indent=2), flush=True)
        if args.targets_out:
            with writing(args.targets_out, "--targets-out"):
                write_targets(args.targets_out, servers.urls)
            log.info("targets written to %s", args.targets_out)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


def handle_targets(args: argparse.Namespace) -> int:
    from fixtures.registry import SITE_MODULES
    from fixtures.targets import write_targets

    check_port_range("--base-port", args.base_port, len(SITE_MODULES))
    urls = {name: f"http://127.0.0.1:{args.base_port + i}" for i, name in enumerate(SITE_MODULES)}
    with writing(args.out):
        write_targets(args.out, urls)
    log.info("targets written to %s", args.out)
    return 0
