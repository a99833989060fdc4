"""Date and number helpers for Kazakh and Russian pages (normalisation, dictionary phrases and the URL's language are
crawler/text.py's)."""

from __future__ import annotations

import re
from datetime import date

from crawler.dates import dates_in_text

# --- dates ---------------------------------------------------------------------------------------------------------
_RU_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "август": 8,
              "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
_KK_MONTHS = {"қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7, "тамыз": 8,
              "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12}
_MONTHS = {**_RU_MONTHS, **_KK_MONTHS}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](20\d\d)(?!\d)|(?<!\d)(20\d\d)-(\d{2})-(\d{2})(?!\d)")
_WORDY = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_RE})\w*\s+(20\d\d)(?!\d)"
                    rf"|(?<!\d)(20\d\d)\s*(?:ж\.|жыл\w*)?\s*(\d{{1,2}})\s+({_MONTH_RE})\w*")  # on lower-cased text
_YEAR = re.compile(r"(?<![\d.,-])(20\d\d)(?![\d.,]\d)")


def find_dates(text: str) -> list[date]:
    """Every date written in the text (ru/kk formats), in order of appearance (crawler.dates does the parsing)."""
    return [date.fromisoformat(iso) for iso in dates_in_text(text)]


def find_years(text: str, upto: int) -> list[int]:
    return [int(y) for y in _YEAR.findall(text) if 2000 <= int(y) <= upto]


def strip_dates(text: str) -> str:
    return _WORDY.sub(" ", _NUMERIC.sub(" ", text.lower()))


_NUMBER = re.compile(r"\d+(?:[ \u00a0.,]\d{3})*(?:[.,]\d+)?")


def numbers(text: str) -> set[str]:
    """Figures in a text (dates removed, digit groups joined) — for comparing the kk and ru versions."""
    found = set()
    for m in _NUMBER.finditer(strip_dates(text)):
        token = re.sub(r"[ \u00a0]", "", m.group(0)).replace(",", ".")
        if len(token) >= 2:
            found.add(token)
    return found
