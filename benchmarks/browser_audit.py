"""Benchmark: pages per minute of the full per-page browser audit vs pa11y-ci, on the fixture sites.

    .venv/bin/python benchmarks/browser_audit.py --pa11y-ci benchmarks/node/node_modules/.bin/pa11y-ci \
        [--pages 60] [--workers 2] [--rounds 3]

Ours = axe-core + the scripted checks (zoom/reflow, tab walk, skip link, "to top", form errors, motion) + a desktop
screenshot, via `crawler.browser.a11y.check_pages` (`--workers` browsers, reused). pa11y-ci runs the
same URLs with its default runner (HTML_CodeSniffer) on /usr/bin/chromium (no browser download), as `--workers`
pa11y-ci processes of one browser each (its own concurrency setting loses pages on this Chromium, see run_pa11y).
The fixture sites are served by a separate process. An untimed warm-up runs first (warm_up). Each round runs
both tools, alternating which goes first, and the medians are printed: a shared machine's speed drifts by 10-20 %
from minute to minute. Install pa11y-ci with
`cd benchmarks/node && PUPPETEER_SKIP_DOWNLOAD=1 npm ci`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.browser.a11y import check_pages  # noqa: E402
from crawler.browser.launch import chromium_args, chromium_path  # noqa: E402
from fixtures.registry import SITE_MODULES, build_sites  # noqa: E402
from fixtures.server import FixtureServers  # noqa: E402

PER_SITE = 8


def fixture_urls(urls: dict[str, str], limit: int) -> list[str]:
    """Each fixture site's home page and its first same-site HTML links, round-robin up to `limit`."""
    per_site: list[list[str]] = []
    for base in urls.values():
        home = base + "/"
        found = [home]
        try:
            html = urllib.request.urlopen(home, timeout=10).read().decode("utf-8", "replace")
        except OSError:
            continue
        for href in re.findall(r'href="([^"#]+)"', html):
            url = urljoin(home, href)
            if urlsplit(url).netloc == urlsplit(home).netloc and url not in found and \
                    not re.search(r"\.(css|js|png|jpe?g|svg|ico|pdf|xlsx?|docx?|zip|json|xml|rss)(\?|$)", url, re.I):
                found.append(url)
            if len(found) >= PER_SITE:
                break
        per_site.append(found)
    out: list[str] = []
    for i in range(PER_SITE):
        out += [s[i] for s in per_site if i < len(s)]
    return out[:limit]


def _serve(conn: Connection) -> None:
    sites = []
    for name in SITE_MODULES:
        try:
            sites += build_sites([name])
        except Exception as exc:  # noqa: BLE001 - a fixture under construction is left out, and said so
            print(f"fixture {name} skipped: {exc}", file=sys.stderr)
    with FixtureServers(sites) as servers:
        conn.send(servers.urls)
        conn.recv()  # until told to stop


@contextlib.contextmanager
def served_fixtures() -> Iterator[dict[str, str]]:
    """The fixture sites, served by a process of their own: the Python servers must not share a GIL with our
    Selenium clients, as they do not with pa11y-ci (and real sites are on other machines)."""
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(theirs,), daemon=True)
    server.start()
    try:
        yield ours.recv()
    finally:
        ours.send("stop")
        server.join(timeout=10)


def run_ours(urls: list[str], workers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="govaudit-bench-") as tmp:
        start = time.monotonic()
        arts = check_pages(urls, out_dir=Path(tmp), workers=workers, screenshots=True)
        elapsed = time.monotonic() - start
        shots = sum(len(a.get("screenshots") or {}) for a in arts.values())
    errors = sum(1 for a in arts.values() if a.get("error"))
    steps: dict[str, float] = {}
    for art in arts.values():
        for step, seconds in (art.get("timings_s") or {}).items():
            steps[step] = steps.get(step, 0.0) + seconds / len(arts)
    return {"pages": len(urls), "seconds": round(elapsed, 1), "pages_per_minute": round(60 * len(urls) / elapsed, 1),
            "errors": errors, "screenshots": shots, "mean_step_seconds": {k: round(v, 2) for k, v in steps.items()}}


def run_pa11y(pa11y_ci: str, urls: list[str], workers: int) -> dict:
    """pa11y-ci over `urls` on `workers` browsers: one pa11y-ci process per browser, each with concurrency 1.

    pa11y-ci 4.1.1's own concurrency > 1 loses pages on this Chromium ("Protocol error (Target.closeTarget): No
    target with given id found": over half of 60 pages reported as failed to run, which only makes it look
    faster), so both cores are used the way that works: separate processes, each with a share of the URLs.
    """
    shares = [urls[i::workers] for i in range(max(1, workers))]
    configs = []
    for share in shares:
        config = {"defaults": {"concurrency": 1, "timeout": 30000,
                               "chromeLaunchConfig": {"executablePath": chromium_path(),
                                                      "args": [*chromium_args(), "--headless=new"]}},
                  "urls": share}
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(config, fh)
        configs.append(fh.name)
    start = time.monotonic()
    procs = [subprocess.Popen([pa11y_ci, "--config", name, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for name in configs]
    outputs = [proc.communicate(timeout=1800) for proc in procs]
    elapsed = time.monotonic() - start
    for name in configs:
        Path(name).unlink(missing_ok=True)
    passes = total = 0
    failed: list[str] = []
    for stdout, _stderr in outputs:
        try:
            report = json.loads(stdout)
        except json.JSONDecodeError:
            continue
        passes += report.get("passes") or 0
        total += report.get("total") or 0
        # A page pa11y could not test is reported as an error without a rule code ("Failed to run").
        failed += [url for url, issues in (report.get("results") or {}).items()
                   if any(isinstance(i, dict) and not i.get("code") for i in issues or [])]
    return {"pages": len(urls), "seconds": round(elapsed, 1), "pages_per_minute": round(60 * len(urls) / elapsed, 1),
            "processes": len(procs), "exit_codes": [p.returncode for p in procs], "reported_total": total,
            "reported_passes": passes, "failed_to_run": len(failed), "failed_examples": sorted(failed)[:3],
            "stderr_tail": "".join(err for _out, err in outputs)[-300:]}


def warm_up(urls: list[str], pa11y_ci: str | None, workers: int) -> None:
    """Untimed: every page requested once (the fixture servers build pages on first request), then each tool on a
    few pages (the browser, node and their files in the OS cache), so that neither tool pays the cold start in
    the first round."""
    for url in urls:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=10).read()
    run_ours(urls[:workers * 2], workers)
    if pa11y_ci:
        run_pa11y(pa11y_ci, urls[:workers * 2], workers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pa11y-ci", help="path to the pa11y-ci executable (skipped when not given)")
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of both tools, alternating which goes first (a shared machine's speed drifts)")
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    rounds: list[dict] = []
    with served_fixtures() as site_urls:
        urls = fixture_urls(site_urls, args.pages)
        warm_up(urls, args.pa11y_ci, args.workers)
        for i in range(max(1, args.rounds)):
            order = ["ours", "pa11y_ci"] if i % 2 == 0 else ["pa11y_ci", "ours"]
            result: dict = {}
            for tool in order:
                if tool == "ours":
                    result["ours"] = run_ours(urls, args.workers)
                elif args.pa11y_ci:
                    result["pa11y_ci"] = run_pa11y(args.pa11y_ci, urls, args.workers)
            if "pa11y_ci" in result:
                result["speedup"] = round(result["ours"]["pages_per_minute"] /
                                          result["pa11y_ci"]["pages_per_minute"], 2)
            rounds.append(result)
            print(f"round {i + 1}: ours {result['ours']['pages_per_minute']} pages/min"
                  + (f", pa11y-ci {result['pa11y_ci']['pages_per_minute']} pages/min "
                     f"({result['pa11y_ci']['failed_to_run']} pages failed to run), {result['speedup']}x"
                     if "speedup" in result else ""), file=sys.stderr)
    summary = {"urls": len(urls), "workers": args.workers, "rounds": rounds,
               "ours_pages_per_minute_median": statistics.median(r["ours"]["pages_per_minute"] for r in rounds)}
    if args.pa11y_ci:
        summary["pa11y_ci_pages_per_minute_median"] = statistics.median(
            r["pa11y_ci"]["pages_per_minute"] for r in rounds)
        summary["speedup_median"] = statistics.median(r["speedup"] for r in rounds)
    print(json.dumps(summary, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
