"""One XLSX workbook per run (report/workbook.xlsx, pandas + openpyxl) and one CSV per table (report/csv/*.csv).

Each sheet: row 1 the column titles in Russian, row 2 the column keys (the CSV header, and what
scoring/overrides.py reads back from the `overrides` sheet), both frozen, an autofilter, number formats (points
0.00), column widths; evidence URLs that safe_url allows are hyperlinks. Every text cell from a site or a targets
file goes through reports.cells.neutralise.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports import tables as T
from reports.annex import annex_table
from reports.availability import availability_tables
from reports.cells import cell_value
from reports.encoding import safe_url
from reports.rundata import RunData, load_run
from reports.tables import Table, header

NUMBER_FORMATS = {"num": "0.00", "int": "0"}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def frame(table: Table) -> pd.DataFrame:
    data = [[cell_value(c.kind, r.get(c.key)) for c in table.columns] for r in table.rows]
    return pd.DataFrame(data, columns=[c.key for c in table.columns], dtype=object)


def all_sheets(run: RunData) -> list[Table]:
    """Every sheet of the workbook, in order; the monitoring sheets only when availability.json exists."""
    return [T.rankings(run), T.score_rows(run), T.finding_rows(run), T.evidence_rows(run), T.metric_rows(run),
            T.reading_rows(run), T.override_rows(run), T.appeal_rows(run), T.comparison_rows(run),
            annex_table(run.advisories), *availability_tables(run)]


def write_workbook(run: RunData | Path, out_dir: Path | None = None) -> Path:
    run = run if isinstance(run, RunData) else load_run(run)
    out_dir = out_dir or run.run_dir / "report"
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = all_sheets(run)
    path = out_dir / "workbook.xlsx"
    tmp = path.with_name(".workbook.xlsx.tmp")
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        for table in tables:
            frame(table).to_excel(writer, sheet_name=table.name, index=False, startrow=2, header=False)
            _format(writer.sheets[table.name], table)
    tmp.replace(path)
    write_csvs(tables, out_dir / "csv")
    return path


def _format(ws, table: Table) -> None:
    for col, column in enumerate(table.columns, 1):
        title = ws.cell(row=1, column=col, value=header(column))
        key = ws.cell(row=2, column=col, value=column.key)
        title.font, title.fill = Font(bold=True), HEADER_FILL
        key.font, key.fill = Font(italic=True, color="555555"), HEADER_FILL
        title.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = column.width
    last = len(table.rows) + 2
    for col, column in enumerate(table.columns, 1):
        fmt = NUMBER_FORMATS.get(column.kind)
        for row in range(3, last + 1):
            cell = ws.cell(row=row, column=col)
            if fmt and isinstance(cell.value, int | float):
                cell.number_format = fmt
            elif column.kind == "url" and isinstance(cell.value, str):
                href = safe_url(cell.value)
                if href and href.lower().startswith(("http://", "https://")):
                    cell.hyperlink = href
                    cell.font = Font(color="1D4F91", underline="single")
    ws.freeze_panes = "B3" if table.name in ("findings", "overrides", "evidence") else "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{max(last, 2)}"


def write_csvs(tables: list[Table], out_dir: Path) -> list[Path]:
    """UTF-8 with a BOM (Excel then reads Cyrillic right), header = column keys, cells neutralised."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in tables:
        path = out_dir / f"{table.name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([c.key for c in table.columns])
            for r in table.rows:
                writer.writerow(["" if (v := cell_value(c.kind, r.get(c.key))) is None else v
                                 for c in table.columns])
        paths.append(path)
    return paths
