"""Appendix 5 item precision and recall per language on the issue #13 CMS fixture sites, and every disagreement.

    python -m tests.measure_content                          # all three sites, crawled now (~1.5 min, in parallel)
    python -m tests.measure_content --runs DIR               # keep the run directories
    python -m tests.measure_content --runs DIR --reuse       # re-audit the kept runs (`govaudit audit`), no crawl

Only Appendix 5: the crawl plus the page types (gatherer `page_types`), no browser gatherers. The comparison is
tests/measure_sites.py's (`compare_a5`: expected.json vs findings.json); `python -m tests.measure_sites` prints
the Appendix 4 and page tables as well. The test tests/content/test_content_cms_sites.py asserts the target.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.measure_sites import ROOT, SITES, TARGET, A5Result, _num, compare_a5, load_expected, read_run, run_pipeline

NAMES = ("cms_wp_committee", "cms_aspnet_ministry", "cms_drupal_akimat")
GATHERERS = ["page_types"]


def reaudit(run_dir: Path) -> None:
    """Re-run the audits on a stored run (after a dictionary or rule change) without crawling again."""
    result = subprocess.run([sys.executable, "-m", "govaudit.cli", "--quiet", "audit", str(run_dir)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"govaudit audit {run_dir} exited {result.returncode}: {result.stderr[-2000:]}")


def lines(name: str, results: dict[str, A5Result]) -> list[str]:
    out = []
    for lang, r in results.items():
        met = "met" if (r.precision or 0) >= TARGET and (r.recall or 0) >= TARGET else "NOT met"
        out.append(f"{name:22} {lang}  items {r.items:3}  agree {r.agreeing:3}  P={_num(r.precision)} "
                   f"R={_num(r.recall)}  ({met})")
        for d in r.disagreements:
            where = "; ".join(f"{w['page']} «{w['block']}»" for w in d.manifest_where) or "—"
            out.append(f"    ≠ {d.item:15} expected {d.expected:9} tool {d.tool:9} manifest: {where} | "
                       f"{' '.join(d.tool_matched.split())[:200]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=Path, help="directory for the run directories (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="re-audit the runs already in --runs, do not crawl")
    args = parser.parse_args(argv)
    if args.reuse and not args.runs:
        parser.error("--reuse needs --runs DIR (the directory of an earlier run)")
    runs = args.runs or Path(tempfile.mkdtemp(prefix="measure-content-"))
    if args.reuse:
        missing = [n for n in NAMES if not (runs / n / "run.sqlite").exists()]
        if missing:
            parser.error(f"no stored run for {', '.join(missing)} in {runs}; run once without --reuse")
        for name in NAMES:
            reaudit(runs / name)
    else:
        with ThreadPoolExecutor(len(NAMES)) as pool:
            list(pool.map(lambda n: run_pipeline(SITES[n], runs / n, timeout=600, gatherers=GATHERERS), NAMES))
    print(f"Appendix 5 on the CMS fixture sites (runs in {runs}); target P and R >= {TARGET} per language")
    for name in NAMES:
        expected = load_expected(name)
        findings, _depths, _stored = read_run(runs / name, expected.body)
        print("\n".join(lines(name, compare_a5(expected, findings))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
