"""Agency input files: load and validate `<body_key>.yaml|.yml|.xlsx`, and write templates.

Validation collects every problem with its file, sheet, field and row, and raises one InputError. A field
that is absent stays absent (the scorer reports the indicator as not_assessed); nothing defaults to 0.
"""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from core.errors import InputError
from core.inputfiles import DuplicateKeyError, load_yaml
from core.log import log
from scoring.input_schema import (
    FIELD_BY_PATH,
    FIELDS,
    KINDS,
    OPEN_INDICATOR_PREFIX,
    OPEN_SUBORDINATE_PREFIX,
    TABLE_BY_PATH,
    TABLE_BY_SHEET,
    TABLES,
    Field,
    sheet_for,
)
from scoring.methodology import load_methodology

SUFFIXES = (".yaml", ".yml", ".xlsx")
LANGS = ("kk", "ru")
TRUE_WORDS = {"true", "yes", "y", "1", "да", "иә", "x"}
FALSE_WORDS = {"false", "no", "n", "0", "нет", "жоқ"}


def body_table(body: dict[str, Any]) -> str:
    return "leb" if body.get("type") == "local" else "cso"


def _openness_leaves() -> dict[str, dict[str, Any]]:
    meth = load_methodology("openness")
    return {k: v for k, v in meth["indicators"].items() if not v.get("scoring")}


# --- value checking -----------------------------------------------------------------------------------


def _check(kind: str, value: Any, choices: tuple[str, ...] = ()) -> tuple[Any, str | None]:
    """(normalised value, problem or None)."""
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str | int) and str(value).strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return str(value).strip().lower() in TRUE_WORDS, None
        return value, f"expected {KINDS[kind]}"
    if kind in ("count", "number", "percent", "score", "share"):
        if kind == "share" and isinstance(value, bool):
            return value, None
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", ".").rstrip("%"))
            except ValueError:
                return value, f"expected {KINDS[kind]}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value, f"expected {KINDS[kind]}"
        if kind == "count":
            if value < 0 or float(value) != int(value):
                return value, f"expected {KINDS[kind]}"
            return int(value), None
        limit = {"percent": 100, "score": 100, "share": 1}.get(kind)
        if value < 0 or (limit is not None and value > limit):
            return value, f"expected {KINDS[kind]}"
        return float(value), None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat(), None
        if isinstance(value, dt.date):
            return value.isoformat(), None
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat(), None
        except ValueError:
            return value, f"expected {KINDS[kind]}"
    if kind == "enum":
        text = str(value).strip().lower()
        return (text, None) if text in choices else (value, f"expected one of {', '.join(choices)}")
    if kind == "numbers":
        items = value if isinstance(value, list) else [p for p in str(value).split(";") if p.strip()]
        out = []
        for item in items:
            norm, problem = _check("number", item)
            if problem:
                return value, f"expected {KINDS[kind]}"
            out.append(norm)
        return out, None
    if kind == "list":
        if isinstance(value, list):
            return [str(v).strip() for v in value], None
        return [p.strip() for p in str(value).split(",") if p.strip()], None
    return str(value), None


def _check_lang(fld: Field, value: Any) -> tuple[Any, list[str]]:
    if isinstance(value, dict):
        out, problems = {}, []
        for lang, v in value.items():
            if lang not in LANGS:
                problems.append(f"language {lang!r} is not kk or ru")
                continue
            if v is None:
                continue
            norm, problem = _check(fld.kind, v, fld.choices)
            if problem:
                problems.append(f"[{lang}] {problem}, got {v!r}")
            out[lang] = norm
        return out, problems
    norm, problem = _check(fld.kind, value, fld.choices)
    return ({lang: norm for lang in LANGS} if not problem else value), (
        [f"{problem}, got {value!r}"] if problem else []
    )


def _dynamic_field(path: str, leaves: dict[str, dict[str, Any]]) -> Field | None:
    """openness.indicators.<ID> (assessor share per language), openness.subordinate.<SUB-ID> (violation)."""
    if path.startswith(OPEN_INDICATOR_PREFIX) and path[len(OPEN_INDICATOR_PREFIX) :] in leaves:
        return Field(path, "share", "assessor's fulfilment share", lang=True)
    if path.startswith(OPEN_SUBORDINATE_PREFIX):
        ind = path[len(OPEN_SUBORDINATE_PREFIX) :]
        if ind in leaves and leaves[ind]["measure"] == "subordinate":
            return Field(path, "bool", "violation found", lang=True)
    return None


def _set(tree: dict[str, Any], path: str, value: Any) -> None:
    node = tree
    parts = path.split(".")
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[parts[-1]] = value


def _put(doc: dict[str, Any], path: str, value: Any) -> None:
    """Like _set, but indicator ids (which contain dots, e.g. OB-CSO-1.1) stay one key."""
    for prefix in (OPEN_INDICATOR_PREFIX, OPEN_SUBORDINATE_PREFIX):
        if path.startswith(prefix):
            _set(doc, prefix.rstrip("."), _get(doc, prefix.rstrip(".")) or {})
            _get(doc, prefix.rstrip("."))[path[len(prefix) :]] = value
            return
    _set(doc, path, value)


def _flatten(
    tree: Any, prefix: str, leaves: dict[str, dict[str, Any]], out: dict[str, Any], problems: list[str]
) -> None:
    """Walk the YAML mapping down to known fields and tables; report unknown keys."""
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if path in FIELD_BY_PATH or path in TABLE_BY_PATH or _dynamic_field(path, leaves):
            out[path] = value
        elif (
            isinstance(value, dict)
            and any(p.startswith(path + ".") for p in FIELD_BY_PATH)
            or path in ("openness.indicators", "openness.subordinate")
            or (isinstance(value, dict) and any(t.startswith(path + ".") for t in TABLE_BY_PATH))
        ):
            if not isinstance(value, dict):
                problems.append(f"field '{path}': expected a mapping")
                continue
            _flatten(value, path + ".", leaves, out, problems)
        else:
            problems.append(f"field '{path}': unknown field (see docs/scoring.md for the format)")


def validate(
    flat: dict[str, Any], tables: dict[str, list[dict[str, Any]]], where: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """Check every value; `where` maps a path to the location text used in messages. Returns the nested
    input document and the problems."""
    leaves = _openness_leaves()
    doc: dict[str, Any] = {}
    problems: list[str] = []
    for path, value in flat.items():
        loc = where.get(path, f"field '{path}'")
        fld = FIELD_BY_PATH.get(path) or _dynamic_field(path, leaves)
        if fld is None:
            problems.append(f"{loc}: unknown field (see docs/scoring.md for the format)")
            continue
        if value is None or value == "":
            continue
        if fld.lang:
            norm, errs = _check_lang(fld, value)
            problems.extend(f"{loc}: {e}" for e in errs)
            if isinstance(norm, dict) and norm:
                _put(doc, path, norm)
            continue
        norm, problem = _check(fld.kind, value, fld.choices)
        if problem:
            problems.append(f"{loc}: {problem}, got {value!r}")
        else:
            _put(doc, path, norm)
    for path, rows in tables.items():
        table = TABLE_BY_PATH[path]
        clean_rows = []
        for i, (row, row_loc) in enumerate(rows):
            clean: dict[str, Any] = {}
            for col, kind, required in table.columns:
                value = row.get(col)
                loc = (
                    f"{row_loc}, column '{col}'" if row_loc else f"field '{path}' row {i + 1}, column '{col}'"
                )
                if value is None or value == "":
                    if required:
                        problems.append(f"{loc}: required")
                    continue
                norm, problem = _check(kind, value, table.choices.get(col, ()))
                if problem:
                    problems.append(f"{loc}: {problem}, got {value!r}")
                else:
                    clean[col] = norm
            for col in set(row) - {c for c, _, _ in table.columns}:
                problems.append(
                    f"{row_loc or f'field {path!r} row {i + 1}'}, column '{col}': unknown column "
                    f"(allowed: {', '.join(c for c, _, _ in table.columns)})"
                )
            clean_rows.append(clean)
        if path == "ict.search_engine_positions":
            # an engine with neither position filled was not checked: leave it out (not assessed, never 0)
            engines = {
                r["engine"]: {k: r.get(k) for k in ("full_name", "short_name")}
                for r in clean_rows
                if "engine" in r and (r.get("full_name") is not None or r.get("short_name") is not None)
            }
            if engines:
                _set(doc, path, engines)
        elif clean_rows:
            _set(doc, path, clean_rows)
    problems.extend(_consistency(doc, where))
    return doc, problems


def _get(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for p in path.split("."):
        if not isinstance(node, dict) or p not in node:
            return None
        node = node[p]
    return node


PAIRS = [  # (part, whole): part may not exceed whole
    ("ict.integration.done", "ict.integration.planned"),
    ("ict.integration.systems_late", "ict.integration.systems_due"),
    ("ict.institutional.departments_with_it", "ict.institutional.departments_total"),
    ("ict.institutional.it_staff_qualified", "ict.institutional.it_staff_total"),
    ("ict.edms.docs_sent_electronic", "ict.edms.docs_subject"),
    ("ict.edms.applications_registered", "ict.edms.applications_total"),
    ("ict.intranet.workgroup_docs_archived", "ict.intranet.workgroup_docs_posted"),
    ("ict.open_npa.draft_laws_published", "ict.open_npa.draft_laws_planned"),
    ("ict.open_npa.comments_answered", "ict.open_npa.comments_total"),
    ("ict.open_dialogue.blog_answered", "ict.open_dialogue.blog_questions"),
    ("ict.open_dialogue.conference_answered", "ict.open_dialogue.conference_questions"),
    ("openness.open_data.requests_published", "openness.open_data.requests_received"),
    ("openness.open_dialogue.answered", "openness.open_dialogue.questions"),
    ("openness.open_npa.comments_answered", "openness.open_npa.comments_total"),
    ("openness.open_budget.comments_answered", "openness.open_budget.comments_total"),
    (
        "operational.public_services.service_types_electronic",
        "operational.public_services.service_types_total",
    ),
    ("operational.public_services.volume_electronic", "operational.public_services.volume_total"),
    ("operational.complaints.considered_late", "operational.complaints.considered_total"),
    ("operational.complaints.court_justified", "operational.complaints.considered_total"),
    ("operational.complaints.repeated_satisfied", "operational.complaints.considered_total"),
]


def _consistency(doc: dict[str, Any], where: dict[str, str]) -> list[str]:
    problems = []
    for part, whole in PAIRS:
        a, b = _get(doc, part), _get(doc, whole)
        if a is None or b is None:
            continue
        pairs = [(a.get(lg), b.get(lg), f"[{lg}] ") for lg in LANGS] if isinstance(a, dict) else [(a, b, "")]
        for x, y, tag in pairs:
            if x is not None and y is not None and x > y:
                loc = where.get(part, f"field '{part}'")
                problems.append(
                    f"{loc}: {tag}{part.rsplit('.', 1)[1]} ({x}) exceeds {whole.rsplit('.', 1)[1]} ({y})"
                )
    half = _get(doc, "reorganisation.half")
    if half is not None and half not in (1, 2):
        problems.append(f"{where.get('reorganisation.half', 'field reorganisation.half')}: expected 1 or 2")
    stale = _get(doc, "ict.automation.architecture_portal_stale") or []
    appendix7 = load_methodology("ict")["appendix7"]
    for item in stale:
        param, _, sub = item.partition(".")
        spec = appendix7.get(param)
        if spec is None or (sub and not (sub.isdigit() and 1 <= int(sub) <= spec["subparameters"])):
            loc = where.get(
                "ict.automation.architecture_portal_stale", "field 'ict.automation.architecture_portal_stale'"
            )
            problems.append(f"{loc}: {item!r} is not an Appendix 7 parameter (1-10) or sub-parameter")
    return problems


# --- readers ----------------------------------------------------------------------------------------


# Windows code pages an agency file may come in when it is not UTF-8. They agree on every byte except 16, where
# cp1251 has Serbian/Ukrainian letters and KZ-1048 has Kazakh ones (Қ, Ә, Ң, Ө, Ұ, Ү, Ғ, Һ).
LEGACY_ENCODINGS = ("cp1251", "kz1048")


def decode_agency_text(data: bytes, name: str) -> tuple[str | None, str | None]:
    """(text, None), or (None, problem). Not UTF-8 but plain Russian in Windows-1251 is decoded with a warning:
    agencies often save files so, and the reading is certain. Where cp1251 and KZ-1048 would read the bytes
    differently (Kazakh letters), guessing could silently corrupt text, so the file is refused instead.
    (charset-normalizer was tried: it reads KZ-1048 Kazakh text as cp1251.)"""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, f"{name}: starts as UTF-16 text but is not: save the file as UTF-8"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        bad = exc
    readings = set()
    for encoding in LEGACY_ENCODINGS:
        try:
            readings.add(data.decode(encoding))
        except UnicodeDecodeError:
            readings.add(None)
    line = data.count(b"\n", 0, bad.start) + 1
    if len(readings) == 1 and None not in readings:
        log.warning("%s is not UTF-8: read it as Windows-1251 (cp1251); save it as UTF-8 to silence this", name)
        return readings.pop(), None
    return None, (f"{name}: not UTF-8 text (byte 0x{data[bad.start]:02x} at line {line}), and its Windows "
                  "code page cannot be told for certain (cp1251 or KZ-1048): save the file as UTF-8")


def read_yaml(path: Path, body_key: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """Read and validate one YAML input; `body_key`, when given, must match its `body:` field if it has one."""
    text, problem = decode_agency_text(path.read_bytes(), path.name)
    if text is None:
        return {}, [problem or f"{path.name}: cannot be read"]
    try:
        raw = load_yaml(text)
    except DuplicateKeyError as exc:
        return {}, [f"{path.name}: {exc}: give each field once"]
    except yaml.YAMLError as exc:
        return {}, [f"{path.name}: not valid YAML: {exc}"]
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return {}, [f"{path.name}: the top level must be a mapping (see docs/scoring.md)"]
    named = raw.pop("body", None)
    if body_key is not None and named not in (None, body_key):
        return {}, [f"{path.name}: field 'body' says {named!r} but the file is for {body_key!r}"]
    leaves = _openness_leaves()
    flat: dict[str, Any] = {}
    problems: list[str] = []
    _flatten(raw, "", leaves, flat, problems)
    tables: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for fpath in list(flat):
        if fpath in TABLE_BY_PATH:
            value = flat.pop(fpath)
            if fpath == "ict.search_engine_positions" and isinstance(value, dict):
                value = [
                    {"engine": k, **(v or {})} if isinstance(v, dict) else {"engine": k, "_bad": v}
                    for k, v in value.items()
                ]
            if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
                problems.append(f"field '{fpath}': expected a list of rows (mappings)")
                continue
            tables[fpath] = [(r, f"field '{fpath}' row {i + 1}") for i, r in enumerate(value)]
    doc, more = validate(flat, tables, {})
    return doc, [f"{path.name}: {p}" for p in problems + more]


def read_xlsx(path: Path) -> tuple[dict[str, Any], list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        return {}, [f"{path.name}: cannot be read as an XLSX workbook: {exc}"]
    flat: dict[str, Any] = {}
    where: dict[str, str] = {}
    tables: dict[str, list[tuple[dict[str, Any], str]]] = {}
    problems: list[str] = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        if not rows:
            continue
        header = [str(c).strip() if c is not None else "" for c in rows[0]]
        if ws.title in TABLE_BY_SHEET:
            table = TABLE_BY_SHEET[ws.title]
            items = []
            for n, row in enumerate(rows[1:], start=2):
                known = {c for c, _, _ in table.columns}
                record = {
                    h: v
                    for h, v in zip(header, row, strict=False)
                    if h and not h.startswith("note") and (h in known or v not in (None, ""))
                }
                if all(v is None or v == "" for v in record.values()):
                    continue
                items.append((record, f"sheet '{ws.title}', row {n}"))
            tables[table.path] = items
        elif ws.title in ("Report", "ICT", "Openness", "Operational"):
            cols = {h: i for i, h in enumerate(header)}
            if "field" not in cols:
                problems.append(f"sheet '{ws.title}', row 1: header must start with 'field'")
                continue
            for n, row in enumerate(rows[1:], start=2):
                name = row[cols["field"]] if cols["field"] < len(row) else None
                if name is None or str(name).strip() == "":
                    continue
                name = str(name).strip()
                value, kk, ru = (_cell(row, cols, c) for c in ("value", "kk", "ru"))
                loc = f"sheet '{ws.title}', row {n}, field '{name}'"
                where[name] = loc
                if kk is not None or ru is not None:
                    flat[name] = {k: v for k, v in (("kk", kk), ("ru", ru)) if v is not None}
                else:
                    flat[name] = value
    doc, more = validate(flat, tables, where)
    return doc, [f"{path.name}: {p}" for p in problems + more]


def _cell(row: tuple, cols: dict[str, int], col: str) -> Any:
    i = cols.get(col)
    return row[i] if i is not None and i < len(row) else None


def load_inputs(directory: Path, targets: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Read `<body_key>.yaml|.yml|.xlsx` for the bodies of the targets; raise InputError listing every
    problem in every file. Files that name no body in the targets are a problem too."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(
            f"inputs directory {directory} does not exist",
            "pass --inputs with a directory of <body_key>.yaml or .xlsx files",
        )
    keys = {b["key"] for b in targets.get("bodies", [])}
    out: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for file in sorted(directory.iterdir()):
        if file.suffix.lower() not in SUFFIXES or file.name.startswith(("~$", ".")):
            continue
        key = file.stem
        if key not in keys:
            problems.append(
                f"{file.name}: no body {key!r} in the targets (file names must be <body_key>"
                f"{file.suffix}; known: {', '.join(sorted(keys))})"
            )
            continue
        if key in out:
            problems.append(f"{file.name}: a second input file for {key!r}; keep one")
            continue
        if file.suffix.lower() == ".xlsx":
            doc, errs = read_xlsx(file)
        else:
            doc, errs = read_yaml(file, key)
        problems.extend(errs)
        out[key] = doc
    if problems:
        raise InputError(
            f"invalid agency input(s) in {directory} ({len(problems)} problem(s)):\n  - "
            + "\n  - ".join(problems),
            "correct the cells/fields named above (format: docs/scoring.md); nothing was scored",
        )
    return out


# --- templates --------------------------------------------------------------------------------------


def template_fields(body: dict[str, Any]) -> tuple[list[Field], list[Any]]:
    table = body_table(body)
    fields = [f for f in FIELDS if table in f.applies_to]
    leaves = _openness_leaves()
    rules = load_methodology("openness")["rules"]
    for ind, spec in leaves.items():
        if spec["body_type"] not in ("both", table):
            continue
        if spec["measure"] == "subordinate":
            fields.append(
                Field(OPEN_SUBORDINATE_PREFIX + ind, "bool", f"violation found: {spec['title']}", lang=True)
            )
        else:  # measured rows too: the agency's claim is shown beside the measured share (open.portal_figures)
            how = "fulfilled (share 0-1)" if rules[ind]["rule"] == "assessor" else \
                "measured from the portals; the agency's claim (share 0-1) is shown beside"
            fields.append(Field(OPEN_INDICATOR_PREFIX + ind, "share", f"{how}: {spec['title']}", lang=True))
    tables = [t for t in TABLES if table in t.applies_to]
    return fields, tables


def write_template(path: Path, body: dict[str, Any]) -> None:
    """An empty input file for one body: XLSX (by suffix .xlsx) or commented YAML (.yaml/.yml)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"template {path}: unknown format {suffix or '(none)'}", "use a .xlsx or .yaml file name"
        )
    if path.stem != body["key"]:
        raise InputError(
            f"template {path}: the scorer reads inputs named <body_key>{suffix}",
            f"name the file {body['key']}{suffix}",
        )
    fields, tables = template_fields(body)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        _write_xlsx(path, body, fields, tables)
    else:
        _write_yaml(path, body, fields, tables)


def _describe(fld: Field) -> str:
    kind = KINDS[fld.kind] + (f": {', '.join(fld.choices)}" if fld.choices else "")
    return f"{fld.help} [{kind}{'; per language' if fld.lang else ''}]"


def _write_xlsx(path: Path, body: dict[str, Any], fields: list[Field], tables: list[Any]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    about = wb.active
    about.title = "About"
    name = body.get("names", {}).get("ru") or body.get("names", {}).get("kk") or body["key"]
    for line in (
        f"govaudit agency input for body '{body['key']}' ({name}), type {body.get('type')}",
        "Fill the 'value' column (or 'kk'/'ru' for per-language figures). Leave a cell empty when the "
        "figure is unknown: the indicator is then reported as not assessed, never as 0.",
        "Sheets ICT_*: one row per item. Format and meaning: docs/scoring.md.",
        "Save as <body_key>.xlsx in the inputs directory; run: govaudit score RUN_DIR --inputs DIR",
    ):
        about.append([line])
    for sheet in ("Report", "ICT", "Openness", "Operational"):
        ws = wb.create_sheet(sheet)
        ws.append(["field", "value", "kk", "ru", "description"])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for fld in fields:
            if sheet_for(fld.path) == sheet:
                ws.append([fld.path, None, None, None, _describe(fld)])
        ws.column_dimensions["A"].width = 52
        ws.column_dimensions["E"].width = 100
    for table in tables:
        ws = wb.create_sheet(table.sheet)
        ws.append([c for c, _, _ in table.columns] + ["note"])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        if table.sheet == "ICT_Search":
            for engine in table.choices["engine"]:
                ws.append([engine, None, None])
        ws.cell(row=1, column=len(table.columns) + 1, value="note: " + table.help)
    wb.save(path)


def _write_yaml(path: Path, body: dict[str, Any], fields: list[Field], tables: list[Any]) -> None:
    lines = [
        f"# govaudit agency input for body '{body['key']}' (type {body.get('type')}).",
        "# Leave a value empty (~) when unknown: the indicator is then not assessed, never 0.",
        "# Per-language figures take one value or {kk: .., ru: ..}. Format: docs/scoring.md.",
        f"body: {body['key']}",
    ]
    tree: dict[str, Any] = {}
    for fld in fields:
        _put(tree, fld.path, fld)
    for table in tables:
        _set(tree, table.path, table)

    def emit(node: dict[str, Any], indent: int) -> None:
        pad = "  " * indent
        for key, value in node.items():
            if isinstance(value, Field):
                lines.append(f"{pad}{key}: ~    # {_describe(value)}")
            elif isinstance(value, dict):
                lines.append(f"{pad}{key}:")
                emit(value, indent + 1)
            else:  # a table
                cols = ", ".join(f"{c}: ~" for c, _, _ in value.columns)
                if value.path == "ict.search_engine_positions":
                    lines.append(f"{pad}{key}:    # {value.help}")
                    for engine in value.choices["engine"]:
                        lines.append(f"{pad}  {engine}: {{full_name: ~, short_name: ~}}")
                else:
                    lines.append(f"{pad}{key}: []    # {value.help}; rows like {{{cols}}}")

    emit(tree, 0)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
