"""Whole-audit throughput of the distributed engine: 1, 2, 4 … `govaudit worker` processes on this machine, on the
synthetic audit of benchmarks/pipeline_throughput.py (N bodies over copies of the fixture sites, each copy on its
own loopback address).

    .venv/bin/python benchmarks/distributed_throughput.py [--bodies 60] [--workers 1,2,4] [--single]

It starts Redis and PostgreSQL with scripts/services.sh (in a temporary directory, stopped at the end), then for
each worker count: starts that many workers, runs `govaudit run --targets … --out … --no-screenshots --broker …
--store …`, stops the workers, and prints wall time, bodies/hour, and CPU utilisation = (user + sys CPU of the
coordinator and workers with all their children, from getrusage(RUSAGE_CHILDREN), plus Redis's and PostgreSQL's
from /proc) / (wall × cores). `--single` adds the
overlapped single-process run (pipeline_throughput.py's mode (b)) on the same served sites for comparison.
Findings of every row are compared with the first row's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.synthetic import serve_synthetic, write_targets  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _services_cpu(data_dir: Path) -> float:
    """CPU seconds so far of the Redis and PostgreSQL serving `data_dir` (daemons, not our children): the
    postmaster's own and its finished backends' (cutime/cstime: a store connection's backend lives only as long
    as the connection), plus the live backends and redis-server's."""
    redis_port = (data_dir / "redis.port").read_text().strip() if (data_dir / "redis.port").is_file() else "-"
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            exe = os.readlink(entry / "exe")
        except OSError:
            continue
        utime, stime, cutime, cstime = (int(v) for v in stat[11:15])
        if exe.endswith("redis-server") and f":{redis_port}" in cmdline:
            total += (utime + stime) / TICK
        elif exe.endswith("/postgres") and str(data_dir) in cmdline:  # the postmaster
            total += (utime + stime + cutime + cstime) / TICK
        elif exe.endswith("/postgres") and _postmaster_of(entry) == data_dir:  # a live backend
            total += (utime + stime) / TICK
    return total


def _postmaster_of(entry: Path) -> Path | None:
    """A postgres backend's cluster, via its parent (the postmaster names its data directory)."""
    try:
        ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
        cmdline = Path(f"/proc/{ppid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    if b"-D" in cmdline:
        return Path(cmdline[cmdline.index(b"-D") + 1].decode()).parent.parent
    return None


def start_services(base: Path) -> dict[str, str]:
    out = subprocess.run(["bash", str(ROOT / "scripts" / "services.sh"), "start", str(base)], check=True,
                         capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in out.strip().splitlines() if "=" in line)


def stop_services(base: Path) -> None:
    subprocess.run(["bash", str(ROOT / "scripts" / "services.sh"), "stop", str(base)], capture_output=True)


def run_row(label: str, cmd: list[str], out: Path, *, workers: int, env: dict[str, str], services_dir: Path | None,
            work: Path) -> dict:
    procs = [subprocess.Popen([sys.executable, "-m", "govaudit.cli", "--quiet", "worker", "--broker",
                               env["GOVAUDIT_BROKER"], "--store", env["GOVAUDIT_STORE"], "--work-dir",
                               str(work / f"w{i}"), "--name", f"bench-{i}"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=(work / f"w{i}.log").open("w"))
             for i in range(workers)]
    cpu0, svc0, start = _cpu_children(), _services_cpu(services_dir) if services_dir else 0.0, time.monotonic()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env})
    wall = time.monotonic() - start
    svc = (_services_cpu(services_dir) - svc0) if services_dir else 0.0
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        proc.wait()
    cpu = _cpu_children() - cpu0 + svc
    cores = os.cpu_count() or 1
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8")) if (out / "findings.json").exists() \
        else []
    return {"label": label, "workers": workers, "exit": result.returncode, "wall_s": round(wall, 1),
            "cpu_s": round(cpu, 1), "services_cpu_s": round(svc, 1), "cpu_busy": round(cpu / (wall * cores), 3),
            "findings": len(findings), "stderr_tail": result.stderr[-1500:] if result.returncode else "",
            "_findings": sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in findings)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bodies", type=int, default=60, help="bodies with a site of their own (default 60)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure (default 1,2,4)")
    parser.add_argument("--single", action="store_true", help="also run the overlapped single-process pipeline")
    parser.add_argument("--out", type=Path, help="keep the run directories here (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object too")
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.workers.split(",") if c.strip()]
    if args.bodies < 1 or not counts or min(counts) < 1:
        parser.error("--bodies and every --workers count must be at least 1")
    base = args.out or Path(tempfile.mkdtemp(prefix="govaudit-distributed-"))
    base.mkdir(parents=True, exist_ok=True)
    services_dir = Path(tempfile.mkdtemp(prefix="govaudit-bench-services-"))
    rows = []
    try:
        env = start_services(services_dir)
        with serve_synthetic(args.bodies) as (targets, copies):
            path = write_targets(base / "targets.yaml", targets)
            scored = len(targets["bodies"])
            print(f"{scored} bodies ({args.bodies} with a site, plus parents) over {copies} copy/copies of the "
                  f"fixture sites; {os.cpu_count()} cores; services {services_dir}", flush=True)
            plan = ([("single", 0)] if args.single else []) + [(f"{n} worker(s)", n) for n in counts]
            for label, n in plan:
                out = base / (f"w{n}" if n else "single")
                cmd = [sys.executable, "-m", "govaudit.cli", "run", "--targets", str(path), "--out", str(out),
                       "--no-screenshots"] + (["--broker", env["GOVAUDIT_BROKER"], "--store", env["GOVAUDIT_STORE"]]
                                              if n else [])
                row = run_row(label, cmd, out, workers=n, env=env if n else {**env, "GOVAUDIT_GATHER": "overlapped"},
                              services_dir=services_dir if n else None, work=base)
                row["bodies_per_hour"] = round(scored / row["wall_s"] * 3600, 1)
                rows.append(row)
                print(f"{label:>12}: exit {row['exit']}, {row['wall_s']:.0f} s, {row['bodies_per_hour']:.0f} "
                      f"bodies/h, CPU busy {row['cpu_busy']:.0%} ({row['cpu_s']:.0f} CPU-s, of which Redis+PostgreSQL "
                      f"{row['services_cpu_s']:.0f}), {row['findings']} findings, identical to the first row: "
                      f"{row['_findings'] == rows[0]['_findings']}", flush=True)
                if row["exit"]:
                    print(row["stderr_tail"], file=sys.stderr)
    finally:
        stop_services(services_dir)
    if args.json:
        print(json.dumps({"bodies": args.bodies, "cores": os.cpu_count(),
                          "rows": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]}))
    return 0 if all(r["exit"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
