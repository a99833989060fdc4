"""`govaudit input-template --targets FILE --body KEY --out FILE.xlsx|.yaml`: an empty agency input file."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.errors import InputError
from govaudit.commands._common import writing


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "input-template",
        help="write an agency input template (XLSX or YAML) for one body",
        description="Write the file an agency fills in with the figures no crawler can see "
        "(Appendix 1 report, intranet, e-document flow, open-government reports). "
        "The format follows the file suffix; see docs/scoring.md.",
    )
    p.add_argument("--targets", type=Path, required=True, metavar="FILE", help="targets file (YAML/TOML)")
    p.add_argument("--body", required=True, metavar="KEY", help="body key in the targets file")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="output file, <body_key>.xlsx or <body_key>.yaml",
    )
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from core.log import log
    from core.targets import load_targets
    from scoring.inputs import write_template

    targets = load_targets(args.targets)
    try:
        body = targets.body(args.body)
    except KeyError:
        raise InputError(
            f"no body {args.body!r} in {args.targets}",
            f"use one of: {', '.join(b.key for b in targets.bodies)}",
        ) from None
    with writing(args.out):
        write_template(args.out, body.to_dict())
    log.info("template for %s written to %s", args.body, args.out)
    return 0
