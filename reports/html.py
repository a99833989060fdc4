"""The evaluator report folder (write_report): workbook, official forms, the pages beyond the order, the site."""

from __future__ import annotations

from pathlib import Path

from reports.availability import write_availability
from reports.forms import write_forms
from reports.rundata import load_run
from reports.services import write_services
from reports.site import write_site
from reports.workbook import write_workbook


def write_report(run_dir: Path) -> Path:
    """The whole report folder: workbook + CSV, official forms, then the pages (which link both)."""
    run = load_run(run_dir)
    out = run.run_dir / "report"
    out.mkdir(exist_ok=True)
    write_workbook(run, out)
    write_forms(run, out)
    write_availability(run, out)  # report/availability.html; nothing without availability.json
    write_services(run, out)  # report/services*.html; nothing without services.json
    return write_site(run, out)
