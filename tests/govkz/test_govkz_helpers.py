"""Pure helpers of the gov.kz collector: language by script, mojibake repair, attachment verdicts, the period."""

from __future__ import annotations

from datetime import datetime

from crawler.govkz.attachments import BROKEN, EMPTY, IMAGE_ONLY, OK, UNREADABLE, classify_attachment
from crawler.govkz.collect import period
from crawler.govkz.text import lang_share, looks_mojibake, repair_mojibake, text_lang
from fixtures.clock import FIXTURE_NOW
from fixtures.govkz.files import docx_bytes, pdf_bytes
from fixtures.govkz.generator import mojibake


def test_text_lang() -> None:
    assert text_lang("24.09.2026 жылғы № 5-ОД бұйрық") == "kk"
    assert text_lang("Приказ № 54-ОД от 24.09.2026 года") == "ru"
    assert text_lang("Order No. 5-OD of 24.09.2026") == "en"
    assert text_lang("12.05.2026") is None
    assert lang_share(["Новости", "Жаңалықтар"], "kk") == 0.5


def test_mojibake_repair() -> None:
    broken = mojibake("Первый вице-министр")
    assert looks_mojibake(broken) and not looks_mojibake("Первый вице-министр")
    assert repair_mojibake(broken) == "Первый вице-министр"
    cp1252 = "Первый".encode().decode("cp1252", errors="ignore")
    assert repair_mojibake("plain text") is None
    assert repair_mojibake(cp1252) in (None, "Первый")  # partial cp1252 damage is flagged, not guessed


def test_attachment_verdicts() -> None:
    assert classify_attachment(404, b"<html>", "/uploads/a.pdf") == BROKEN
    assert classify_attachment(200, b"", "/uploads/a.pdf") == EMPTY
    assert classify_attachment(200, pdf_bytes("Some text"), "/uploads/a.pdf") == OK
    assert classify_attachment(200, docx_bytes("Мәтін"), "/uploads/a.docx") == OK
    assert classify_attachment(200, docx_bytes(None), "/uploads/a.docx") == IMAGE_ONLY
    assert classify_attachment(200, b"%PDF-1.4 garbage", "/uploads/a.pdf") in (UNREADABLE, IMAGE_ONLY)


def test_period_defaults_to_one_year_in_almaty_time() -> None:
    start, end = period(FIXTURE_NOW, {})
    assert start == datetime(2025, 7, 1) and end == datetime(2026, 7, 1, 12, 0, 0)
    start, end = period(FIXTURE_NOW, {"period_start": "2026-01-01", "period_end": "2026-03-31"})
    assert start == datetime(2026, 1, 1) and end == datetime(2026, 3, 31, 23, 59, 59)
    assert period(FIXTURE_NOW, {"period_end": "2026-03-31T12:00:00"})[1] == datetime(2026, 3, 31, 12)
