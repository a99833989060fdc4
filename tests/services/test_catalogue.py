"""The service catalogue: the seed-001 catalogue as the source prints it, and validation with clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.errors import InputError
from services.catalogue import SEED_CATALOGUE, load_catalogue, parse_catalogue

SPEC = Path("/work/shared/spec/context-seeds.md")


def test_seed_catalogue_has_the_70_services_of_001() -> None:
    cat = load_catalogue(SEED_CATALOGUE)
    assert len(cat.services) == 70
    codes = [s.service_code for s in cat.services]
    assert codes == [f"С{i}" for i in range(1, 49)] + [f"L{i}" for i in range(1, 23)]  # Cyrillic С, as printed
    assert all(s.names["kk"] for s in cat.services)
    # the source is Kazakh: no Russian names and no keywords are given, so none are invented
    assert all(s.names.get("ru") is None and not s.keywords for s in cat.services)
    regs = [s.register_code for s in cat.services]
    assert regs.count("1201008") == 2  # printed for both 2.43 and 2.44
    assert cat.service("c15").register_code == "0202004"  # leading zero kept
    assert cat.service("l13").standard_url is None and cat.service("l13").card_url.startswith("https://egov.kz/")
    assert cat.service("c43").names["kk"] == "Экологиялық ақпарат беру"
    assert all(s.entry["kk"] == "https://egov.kz/cms/kk" for s in cat.services)


@pytest.mark.skipif(not SPEC.is_file(), reason="the shared spec is not on this machine")
def test_seed_catalogue_matches_the_spec_table() -> None:
    rows = [[c.strip() for c in line.strip("|").split("|")]
            for line in SPEC.read_text(encoding="utf-8").splitlines() if re.match(r"\| 2\.\d+ \| \d+ \|", line)]
    cat = load_catalogue(SEED_CATALOGUE)
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        (s.section, s.register_code, s.service_code, s.body_abbr) for s in cat.services]


BASE = {"version": 1, "entry": "https://egov.kz/cms/ru", "services": [
    {"id": "a1", "names": {"ru": "Услуга"}, "register_code": "101012"}]}


def test_a_minimal_catalogue_loads() -> None:
    cat = parse_catalogue(BASE)
    assert cat.services[0].entry == {"kk": "https://egov.kz/cms/ru", "ru": "https://egov.kz/cms/ru"}
    assert cat.languages == ["kk", "ru"]


def test_every_problem_is_reported_with_its_location() -> None:
    raw = {"version": 1, "colour": "red", "services": [
        {"id": "a1", "names": {"ru": "X"}, "register_code": 101012, "entry": "https://e.kz/"},
        {"id": "a1", "names": {"ru": "Y"}, "entry": "ftp://e.kz/"},
        {"id": "Bad Id!", "names": {"ru": "Z"}},
        {"id": "a3", "names": {"ru": None, "kk": None}, "entry": "https://e.kz/", "standard_url": "javascript:x"},
        {"id": "a4", "names": {"ru": "W"}, "register_code": "10-12", "keywords": ["no"], "entry": "https://e.kz/",
         "bogus": 1}]}
    with pytest.raises(InputError) as err:
        parse_catalogue(raw, source="cat.yaml")
    text = str(err.value)
    for expected in ("colour: unknown field", "services.a1.register_code: 101012 must be a string",
                     "services[1].id: 'a1' is used twice", "services.a1.entry: 'ftp://e.kz/'",
                     "services[2].id: 'Bad Id!'", "services.a3.names: no official name",
                     "services.a3.standard_url: 'javascript:x' is not an http(s) URL",
                     "services.a4.register_code: '10-12' must be digits", "services.a4.keywords",
                     "services.a4.bogus: unknown field", "nothing was run"):
        assert expected in text, expected


def test_a_missing_or_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_catalogue(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nservices: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_catalogue(bad)
    dup = tmp_path / "dup.yaml"
    dup.write_text("version: 1\nversion: 1\nservices: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="only once"):
        load_catalogue(dup)
