"""The availability and TLS section of the report: report/availability.html and the workbook sheets `availability`
(one row per host) and `outages` (the outage log), from availability.json (monitoring/output.py).

Nothing here when the run has no availability.json. These figures are an extra module: they are never mixed into
the official scores. Every text from a site (certificate names, server messages inside reasons) and from a
targets file is hostile: the page autoescapes it and links go through safe_url; the sheets neutralise it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from reports.tables import Table, _c

SOURCE = "availability.json"
PAGE = "availability.html"


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load(Path(__file__).with_name("i18n").joinpath("availability.yaml").read_text(encoding="utf-8"))


def at(key: str, lang: str = "ru") -> str:
    entry = _texts().get(key)
    if entry is None:
        raise KeyError(f"no interface text {key!r} in reports/i18n/availability.yaml")
    return entry.get(lang) or entry["ru"]


def load(run_dir: Path) -> dict[str, Any] | None:
    path = Path(run_dir) / SOURCE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        from core.errors import GovauditError

        raise GovauditError(f"{path} is not valid JSON ({exc})",
                            "rewrite it from the stored samples: govaudit monitor --targets FILE --out DIR "
                            "--report-only") from exc
    return data if isinstance(data, dict) and isinstance(data.get("hosts"), dict) else None


def _run_dir(run: Any) -> Path:
    return Path(getattr(run, "run_dir", run))


def availability_tables(run: Any) -> list[Table]:
    """The workbook sheets (none without availability.json)."""
    data = load(_run_dir(run))
    if data is None:
        return []
    hosts, outages = [], []
    for h in data["hosts"].values():
        tls = h.get("tls") or {}
        band = h.get("band") or {}
        hosts.append({"host": h["host"], "role": h.get("role"), "bodies": ", ".join(h.get("bodies") or []),
                      "url": h.get("url"), "availability": h.get("availability"), "band": band.get("band"),
                      "target": band.get("target"), "sample_count": h.get("sample_count"),
                      "down_samples": (h.get("samples") or {}).get("down"), "downtime_s": h.get("downtime_s"),
                      "total_s": h.get("total_s"), "outages": len(h.get("outages") or []),
                      "tls_state": tls.get("state"),
                      "tls_problems": "; ".join(p.get("message", "") for p in tls.get("problems") or []),
                      "days_left": tls.get("days_left")})
        for o in h.get("outages") or []:
            outages.append({"host": h["host"], "bodies": ", ".join(h.get("bodies") or []), "start": o["start"],
                            "end": o["end"], "duration_s": o["duration_s"], "reasons": "; ".join(o["reasons"]),
                            "ongoing": bool(o.get("ongoing"))})
    host_cols = [_c("host", "crawled", 30, "av_host"), _c("role", width=9, label="av_role"),
                 _c("bodies", "crawled", 16, "av_bodies"), _c("url", "url", 40),
                 _c("availability", "num", 10, "av_a"), _c("band", width=14, label="av_band"),
                 _c("target", "num", 8, "av_target"), _c("sample_count", "int", 8, "av_count"),
                 _c("down_samples", "int", 8, "av_down_count"), _c("downtime_s", "num", 10, "av_downtime_s"),
                 _c("total_s", "num", 10, "av_total_s"), _c("outages", "int", 8, "av_outages"),
                 _c("tls_state", width=10, label="av_tls_state"), _c("tls_problems", "crawled", 50, "av_tls_problems"),
                 _c("days_left", "int", 8, "av_days_left")]
    outage_cols = [_c("host", "crawled", 30, "av_host"), _c("bodies", "crawled", 16, "av_bodies"),
                   _c("start", width=26, label="av_start"), _c("end", width=26, label="av_end"),
                   _c("duration_s", "num", 10, "av_duration_s"), _c("reasons", "crawled", 60, "av_reasons"),
                   _c("ongoing", width=8, label="av_ongoing")]
    return [Table("availability", "av_sheet", host_cols, hosts), Table("outages", "av_outage_sheet", outage_cols,
                                                                      outages)]


def _environment():
    from reports.environment import environment
    from reports.i18n import LANGS, t, title

    env = environment()
    env.globals.update(t=t, title=title, LANGS=LANGS, at=at)
    return env


def write_availability(run: Any, out: Path, *, standalone_workbook: bool = False) -> Path | None:
    """report/availability.html (and, for a run with no audit, report/availability.xlsx with the two sheets);
    None when the run has no availability.json."""
    run_dir = _run_dir(run)
    data = load(run_dir)
    if data is None:
        return None
    from reports.encoding import inline_assets

    out.mkdir(parents=True, exist_ok=True)
    hosts = data["hosts"]
    by_role: dict[str, list[dict[str, Any]]] = {"portal": [], "handoff": []}
    for h in hosts.values():
        if h.get("role") in by_role:
            by_role[h["role"]].append(h)
    page = _environment().get_template("availability.html.j2").render(
        assets=inline_assets("site.js", "site.css"), stale=[], root="", data=data, hosts=hosts,
        bodies=data.get("bodies") or {}, portals=by_role["portal"], handoffs=by_role["handoff"],
        anchors={key: f"h{i}" for i, key in enumerate(hosts)},
        settings=sorted((data.get("settings") or {}).items()))
    path = out / PAGE
    path.write_text(page, encoding="utf-8")
    if standalone_workbook:
        _write_workbook(availability_tables(run_dir), out / "availability.xlsx")
    return path


def _write_workbook(tables: list[Table], path: Path) -> None:
    """The two sheets laid out as in workbook.xlsx (titles, keys, number formats, safe links), written with openpyxl
    alone: a monitor started every few minutes by cron should not pay for importing pandas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from reports.cells import cell_value
    from reports.encoding import safe_url
    from reports.tables import header

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.name)
        ws.append([header(c) for c in table.columns])
        ws.append([c.key for c in table.columns])
        for cell in (*ws[1], *ws[2]):
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([cell_value(c.kind, row.get(c.key)) for c in table.columns])
        for col, column in enumerate(table.columns, 1):
            ws.column_dimensions[get_column_letter(col)].width = column.width
            for (cell,) in ws.iter_rows(min_row=3, min_col=col, max_col=col):
                if column.kind == "num" and isinstance(cell.value, int | float):
                    cell.number_format = "0.00"
                elif column.kind == "url" and (href := safe_url(cell.value)) and href.startswith(("http://",
                                                                                                  "https://")):
                    cell.hyperlink = href
        ws.freeze_panes = "A3"
        ws.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{max(len(table.rows) + 2, 2)}"
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)
