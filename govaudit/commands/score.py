"""`govaudit score DIR [--inputs DIR] [--overrides FILE] [--appeals FILE] [--setting NAME=VALUE ...]`: re-score a
stored run, with the evaluators' overrides and the appeal decisions applied (docs/workbench.md)."""

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
        "<body_key>.yaml or .xlsx per body) come from --inputs; see docs/scoring.md. Evaluators' "
        "overrides (DIR/overrides.yaml or .xlsx) and appeals (DIR/appeals.yaml) are applied, all or "
        "nothing; see docs/workbench.md.",
    )
    p.add_argument("run_dir", type=Path, metavar="DIR")
    p.add_argument(
        "--inputs",
        type=Path,
        metavar="DIR",
        help="directory of agency input files (default: DIR/inputs when it exists)",
    )
    p.add_argument("--overrides", type=Path, metavar="FILE",
                   help="evaluators' overrides, YAML or XLSX (default: DIR/overrides.yaml|.yml|.xlsx if present)")
    p.add_argument("--appeals", type=Path, metavar="FILE",
                   help="objections and commission decisions, YAML (default: DIR/appeals.yaml if present)")
    add_setting_option(p)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from core.errors import InputError
    from core.log import log
    from scoring.overrides_run import score_directory

    for option, path in (("--overrides", args.overrides), ("--appeals", args.appeals)):
        if path is not None and not path.is_file():
            raise InputError(f"{option} {path}: no such file", f"pass an existing file as {option}")
    out = score_directory(args.run_dir, args.inputs, parse_settings(args.setting),
                          overrides_file=args.overrides, appeals_file=args.appeals)
    log.info("scores written to %s", out)
    return 0
