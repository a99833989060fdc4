"""Benchmark: pages per minute of the full per-page browser audit vs pa11y-ci, on the fixture sites.

    .venv/bin/python benchmarks/browser_audit.py --pa11y-ci /path/to/node_modules/.bin/pa11y-ci [--pages 30]

Ours = axe-core + the scripted checks (zoom/reflow, tab walk, skip link, "to top", form errors, motion) + desktop
and mobile screenshots, via `crawler.browser.a11y.check_pages` (2 workers, browsers reused). pa11y-ci runs the
same URLs with its default runner (HTML_CodeSniffer) on /usr/bin/chromium (no browser download) and the same
concurrency. Install pa11y-ci with `cd benchmarks/node && PUPPETEER_SKIP_DOWNLOAD=1 npm install` and pass
`--pa11y-ci benchmarks/node/node_modules/.bin/pa11y-ci`.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
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
    config = {"defaults": {"concurrency": workers, "timeout": 30000,
                           "chromeLaunchConfig": {"executablePath": chromium_path(),
                                                  "args": [*chromium_args(), "--headless=new"]}},
              "urls": urls}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(config, fh)
    start = time.monotonic()
    proc = subprocess.run([pa11y_ci, "--config", fh.name, "--json"], capture_output=True, text=True, timeout=1800)
    elapsed = time.monotonic() - start
    Path(fh.name).unlink(missing_ok=True)
    try:
        report = json.loads(proc.stdout)
        passes, total = report.get("passes"), report.get("total")
    except json.JSONDecodeError:
        passes = total = None
    return {"pages": len(urls), "seconds": round(elapsed, 1), "pages_per_minute": round(60 * len(urls) / elapsed, 1),
            "exit_code": proc.returncode, "reported_total": total, "reported_passes": passes,
            "stderr_tail": proc.stderr[-300:]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pa11y-ci", help="path to the pa11y-ci executable (skipped when not given)")
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    sites = []
    for name in SITE_MODULES:
        try:
            sites += build_sites([name])
        except Exception as exc:  # noqa: BLE001 - a fixture under construction is left out, and said so
            print(f"fixture {name} skipped: {exc}", file=sys.stderr)
    with FixtureServers(sites) as servers:
        urls = fixture_urls(servers.urls, args.pages)
        result = {"urls": len(urls), "ours": run_ours(urls, args.workers)}
        if args.pa11y_ci:
            result["pa11y_ci"] = run_pa11y(args.pa11y_ci, urls, args.workers)
            result["speedup"] = round(result["ours"]["pages_per_minute"] / result["pa11y_ci"]["pages_per_minute"], 2)
    print(json.dumps(result, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
