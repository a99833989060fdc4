"""`govaudit score DIR [--inputs DIR] [--setting NAME=VALUE ...]`: re-score a stored run."""

from __future__ import annotations

import argparse
from pathlib import Path

from govaudit.commands._common import add_setting_option, parse_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "score",
        help="re-score a stored run (findings + portal metrics + agency inputs)",
        description="Score every body of the run in DIR by the ICT-effectiveness and openness "
        "methodologies and write DIR/scores.json. Agency inputs (one "
        "<body_key>.yaml or .xlsx per body) come from --inputs; see docs/scoring.md.",
    )
    p.add_argument("run_dir", type=Path, metavar="DIR")
    p.add_argument(
        "--inputs",
        type=Path,
        metavar="DIR",
        help="directory of agency input files (default: DIR/inputs when it exists)",
    )
    add_setting_option(p)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from govaudit.log import log
    from scoring.rundir import score_directory

    out = score_directory(args.run_dir, args.inputs, parse_settings(args.setting))
    log.info("scores written to %s", out)
    return 0
