"""Spreadsheet and text-table cells from crawled text: neutralise formula injection (OWASP "CSV Injection").

A cell that begins with `=`, `+`, `-`, `@`, tab or carriage return is run as a formula by Excel, LibreOffice and
Google Sheets when a CSV/XLSX export is opened, so a defaced page could put `=HYPERLINK(...)` or a DDE command in
an evaluator's spreadsheet. Prefixing `'` makes the spreadsheet show the text as typed. Every writer of crawled
text into CSV, XLSX or DOCX tables passes its cells through `neutralise` (or `neutralise_row`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """`value` with a leading `'` if it is a string a spreadsheet would read as a formula; numbers, None and other
    non-strings unchanged (a negative number stays a number)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(row: Iterable[T]) -> list[T | str]:
    return [neutralise(cell) for cell in row]


def cell_value(kind: str, value: Any) -> Any:
    """A spreadsheet cell of a column of `kind`: numbers stay numbers, booleans read yes/no, every text cell
    (ours included) is neutralised: a text that starts like a formula is shown as typed in any case."""
    if value is None:
        return None
    if kind in ("num", "int") and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(str(value))
