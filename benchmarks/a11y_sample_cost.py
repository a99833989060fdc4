"""Figures: the per-site cost of the accessibility template sample, read from a finished run.

    bash scripts/audit-fixtures.sh runs/fixtures          # the main job (or any `govaudit run`)
    .venv/bin/python benchmarks/a11y_sample_cost.py runs/fixtures [--out cost.json]

For every site the browser accessibility checks ran on (the `a11y_sample` artifact, crawler/browser/a11y_gather.py):
the HTML pages crawled, their templates, the templates and pages the sample checked, whether the
`a11y_max_pages` cap cut it, and the wall time of its browser checks (`browser_seconds`: launches included, with
the run's other gatherers beside it in an overlapped gather). There is no peer tool to run beside it: no other
checker chooses its pages by template; the figure to compare with is every crawled page checked at the same
per-page cost (the last column).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.errors import GovauditError  # noqa: E402
from crawler.browser.a11y_gather import SAMPLE_KEY, SAMPLE_KIND  # noqa: E402
from govaudit.pipeline import open_run  # noqa: E402


def site_costs(run_dir: Path) -> list[dict]:
    store, targets = open_run(run_dir)
    try:
        rows = []
        for body in sorted(b.key for b in targets.bodies):
            for site in store.artifact_sites(body, SAMPLE_KIND):
                record = store.artifacts(body, SAMPLE_KIND, site).get(SAMPLE_KEY)
                if record is None:
                    continue
                checked = len(record.get("sampled") or [])
                seconds = record.get("browser_seconds")
                per_page = seconds / checked if seconds is not None and checked else None
                rows.append({
                    "body": body, "site": site, "pages_html": record.get("pages_html", 0),
                    "templates": len(record.get("templates") or {}),
                    "templates_checked": sum(1 for t in (record.get("templates") or {}).values() if t["sampled"]),
                    "pages_checked": checked, "cap_reached": bool((record.get("cap") or {}).get("reached")),
                    "browser_seconds": seconds,
                    "every_page_seconds": round(per_page * record.get("pages_html", 0), 1) if per_page else None})
        return rows
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--out", help="write the rows and totals as JSON here")
    args = parser.parse_args(argv)
    try:
        rows = site_costs(args.run_dir)
    except GovauditError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not rows:
        print(f"{args.run_dir}: no site has an accessibility sample (was the a11y gatherer run?)", file=sys.stderr)
        return 2
    cols = ("body", "site", "pages_html", "templates", "templates_checked", "pages_checked", "cap_reached",
            "browser_seconds", "every_page_seconds")
    print(" | ".join(cols))
    for row in rows:
        print(" | ".join(str(row[c]) for c in cols))
    timed = [r for r in rows if r["browser_seconds"] is not None]
    totals = {"sites": len(rows), "pages_html": sum(r["pages_html"] for r in rows),
              "pages_checked": sum(r["pages_checked"] for r in rows),
              "browser_seconds": round(sum(r["browser_seconds"] for r in timed), 1),
              "median_site_seconds": statistics.median(r["browser_seconds"] for r in timed) if timed else None,
              "every_page_seconds": round(sum(r["every_page_seconds"] or 0 for r in timed), 1)}
    print(json.dumps(totals))
    if args.out:
        Path(args.out).write_text(json.dumps({"rows": rows, "totals": totals}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
