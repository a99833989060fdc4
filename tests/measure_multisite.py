"""Issue #13 item 1, measured: a body whose Kazakh and Russian versions are two sites (fixtures/bilingual.py),
scored as before (only its first site audited) and now (every site, each language row from the site that carries
the language). Prints the criterion 1 figures of both; a script, not a test.

    .venv/bin/python -m tests.measure_multisite
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from fixtures.bilingual import BODY, KK, RU
from fixtures.bodies import FIXTURE_BODIES
from fixtures.clock import FIXTURE_NOW_ISO
from fixtures.registry import build_sites, site_bodies
from fixtures.server import FixtureServers
from scoring.api import score_run


def _node(doc: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = doc["bodies"][BODY]["ict"]["criteria"]["a3.1"]
    for key in path:
        node = next(c for c in node["components"] if c["id"] == key)
    return node


def _line(label: str, doc: dict[str, Any]) -> str:
    c = _node(doc, ("a3.1.2",))
    raw = (c.get("inputs") or {}).get("points") or {}  # the per-language tables, out of 50 each
    langs = ", ".join(f"{k} {v:.2f}/50" for k, v in raw.items())
    return (f"{label:<34} a3.1 {_node(doc, ())['points']:6.2f}  a3.1.1 {_node(doc, ('a3.1.1',))['points']:5.2f}  "
            f"a3.1.2 {c['points']:5.2f} ({langs})")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, FixtureServers(build_sites([KK, RU])) as servers:
        run_dir = Path(tmp) / "run"
        body = {**FIXTURE_BODIES[BODY], **site_bodies(KK, servers.urls)["bodies"][BODY]}
        targets = {"audit": {"clock": FIXTURE_NOW_ISO, "gatherers": []}, "bodies": {BODY: body}}
        (Path(tmp) / "t.yaml").write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "govaudit.cli", "--quiet", "run", "--targets", str(Path(tmp) / "t.yaml"),
                        "--out", str(run_dir), "--no-screenshots"], check=True)
        stored = json.loads((run_dir / "targets.json").read_text(encoding="utf-8"))
        findings = json.loads((run_dir / "findings.json").read_text(encoding="utf-8"))
        first = body["sites"][0]
        # before: only the first site was audited (pipeline.py looped over body.sites[:1])
        before = score_run(stored, [f for f in findings if f.get("site") == first], {})
        after = json.loads((run_dir / "scores.json").read_text(encoding="utf-8"))
        per_site = {s: sum(f.get("site") == s for f in findings) for s in body["sites"]}
    print(f"body {BODY}: sites {', '.join(f'{s} ({n} findings)' for s, n in per_site.items())}")
    print(_line("before (first site only):", before))
    print(_line("now (every site):", after))


if __name__ == "__main__":
    main()
