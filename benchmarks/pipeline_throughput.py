"""Whole-audit throughput: the sequential gather against the overlapped one, on a synthetic audit of N bodies.

    .venv/bin/python benchmarks/pipeline_throughput.py [--bodies 60] [--modes sequential,overlapped]
        [--browser-workers N] [--out DIR] [--json]

The bodies are copies of the fixture sites, each copy on its own loopback address (fixtures/synthetic.py); the
gov.kz platform and the portals are served once. Each mode runs the real command line
(`govaudit run --targets … --out … --no-screenshots`, GOVAUDIT_GATHER=<mode>) on the same served sites and the
same targets file, and prints per mode: wall time, bodies/hour, and CPU utilisation = (user + sys CPU of the
govaudit process tree, from getrusage(RUSAGE_CHILDREN)) / (wall × cores). The fixture servers run in this
process; their CPU is printed apart (it is the "remote" side's). Finally it says whether both modes' findings
are identical. Figures go to stdout as text and, with --json, as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.synthetic import serve_synthetic, write_targets  # noqa: E402


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_mode(mode: str, targets: Path, out: Path, *, screenshots: bool) -> dict:
    cmd = [sys.executable, "-m", "govaudit.cli", "--quiet", "run", "--targets", str(targets), "--out", str(out)]
    if not screenshots:
        cmd.append("--no-screenshots")
    env = {**os.environ, "GOVAUDIT_GATHER": mode, "PYTHONUNBUFFERED": "1"}
    children, me, start = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF), time.monotonic()
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    cpu = _cpu(resource.RUSAGE_CHILDREN) - children
    cores = os.cpu_count() or 1
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8")) if (out / "findings.json").exists() \
        else []
    return {"mode": mode, "exit": result.returncode, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "cpu_busy": round(cpu / (wall * cores), 3), "servers_cpu_s": round(_cpu(resource.RUSAGE_SELF) - me, 1),
            "findings": len(findings), "stderr_tail": result.stderr[-1500:] if result.returncode else "",
            "_findings": sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in findings)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bodies", type=int, default=60, help="bodies with a site of their own (default 60)")
    parser.add_argument("--modes", default="sequential,overlapped")
    parser.add_argument("--out", type=Path, help="keep the run directories here (default: a temporary one)")
    parser.add_argument("--screenshots", action="store_true", help="also take the evidence screenshots")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object too")
    parser.add_argument("--browser-workers", type=int, help="audit.browser_workers (default: one per core)")
    args = parser.parse_args(argv)
    if args.bodies < 1:
        parser.error("--bodies must be at least 1")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    base = args.out or Path(tempfile.mkdtemp(prefix="govaudit-throughput-"))
    base.mkdir(parents=True, exist_ok=True)
    rows = []
    with serve_synthetic(args.bodies) as (targets, copies):
        extra = {"browser_workers": args.browser_workers} if args.browser_workers else {}
        path = write_targets(base / "targets.yaml", targets, extra)
        scored = len(targets["bodies"])
        print(f"{scored} bodies ({args.bodies} with a site, plus parents) over {copies} copy/copies of the fixture "
              f"sites; {os.cpu_count()} cores; targets {path}", flush=True)
        for mode in modes:
            row = run_mode(mode, path, base / mode, screenshots=args.screenshots)
            row["bodies_per_hour"] = round(scored / row["wall_s"] * 3600, 1)
            rows.append(row)
            print(f"{mode:>11}: exit {row['exit']}, {row['wall_s']:.0f} s, {row['bodies_per_hour']:.0f} bodies/h, "
                  f"CPU busy {row['cpu_busy']:.0%} ({row['cpu_s']:.0f} CPU-s; fixture servers "
                  f"{row['servers_cpu_s']:.0f} CPU-s), {row['findings']} findings", flush=True)
            if row["exit"]:
                print(row["stderr_tail"], file=sys.stderr)
    if len(rows) >= 2:
        same = rows[0]["_findings"] == rows[1]["_findings"]
        speedup = rows[0]["wall_s"] / rows[1]["wall_s"]
        print(f"speed-up {rows[1]['mode']} / {rows[0]['mode']}: {speedup:.2f}x; findings identical: {same}")
    if args.json:
        print(json.dumps({"bodies": args.bodies, "cores": os.cpu_count(),
                          "rows": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]}))
    return 0 if all(r["exit"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
