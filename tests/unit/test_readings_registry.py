"""Issue #13 item 2: one registry of readings (core/readings.yaml) serves the audits, scoring, the command line,
settings.json, scores.json, the report and README's table."""

from __future__ import annotations

import ast
import logging
import re
from dataclasses import fields
from pathlib import Path

import pytest

from audits.readings import Readings, _classes
from core.errors import InputError
from core.readings import aliases, registry, resolve
from core.readings_doc import BEGIN, END, README, README_OWNERS, table
from scoring.api import score_run
from scoring.methodology import load_methodology, run_values

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"bodies": [{"key": "c", "type": "central", "names": {"ru": "c"}, "sites": ["http://127.0.0.1:9/"]}]}


def test_every_settings_field_is_a_reading_with_the_registry_default():
    for cls in _classes():
        for f in fields(cls):
            reading = registry().get(f.name)
            assert reading is not None, f"{cls.__name__}.{f.name} is not in core/readings.yaml"
            assert reading.owner in ("gather", "audits"), f.name
            assert f.default == reading.default, f.name


def test_every_audit_reading_is_applied_or_has_one_value():
    """A gatherer or audit reading that no settings field carries would be reported but never applied (the bug:
    scores.json reported ict.navigation_depth while the audits applied nav_depth_limit)."""
    applied = {f.name for cls in _classes() for f in fields(cls)}
    for r in registry().values():
        if r.owner in ("gather", "audits") and r.name not in applied:
            assert r.type == "choice" and len(r.choices) == 1, f"{r.name}: not applied, yet has several values"


def test_no_audit_settings_dataclass_outside_the_registry_view():
    """Every `*Settings` dataclass under audits/ is one of the registry's typed views."""
    known = {cls.__name__ for cls in _classes()}
    for path in (ROOT / "audits").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Settings"):
                decorated = any("dataclass" in ast.unparse(d) for d in node.decorator_list)
                assert not decorated or node.name in known, f"{path}: {node.name} defines readings outside"


def test_scoring_reads_only_registry_readings():
    """Every reading name the scoring code looks up (settings["ict.…"], settings.get("open.…")) is a reading."""
    pattern = re.compile(r"""settings(?:\.get\(|\[)\s*["']((?:ict|open)\.[a-z0-9_]+)["']""")
    used = {m for path in (ROOT / "scoring").glob("*.py") for m in pattern.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found nothing: the scoring code changed shape"
    assert used <= set(registry()), sorted(used - set(registry()))


def test_methodologies_name_their_readings_and_define_none():
    for kind in ("ict", "openness"):
        names = load_methodology(kind)["settings"]
        assert isinstance(names, list)
        assert set(names) == {r.name for r in registry().values() if r.methodology == kind}


def test_every_reading_is_complete():
    for r in registry().values():
        assert r.description, r.name
        assert r.coerce(r.default) == r.default, r.name
        assert r.ambiguity is None or re.fullmatch(r"A-\d+", r.ambiguity), r.name
        for old in r.aliases:
            assert old not in registry(), f"{old}: a deprecated name must not also be a reading"


def test_readme_table_is_the_registry():
    """README's readings table is generated (`python -m core.readings_doc --write`); it must not drift."""
    text = README.read_text(encoding="utf-8")
    assert text[text.index(BEGIN):text.index(END) + len(END)] == table(README_OWNERS)
    scoring_doc = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert table(("scoring", "report", "none")) in scoring_doc
    every = {r.name for r in registry().values()}
    listed = set(re.findall(r"^\| `([a-z0-9_.]+)` \|", table(README_OWNERS) + table(("scoring", "report", "none")),
                            re.M))
    assert listed == every


def test_deprecated_names_work_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="govaudit"):
        values = resolve({"ict.navigation_depth": "5", "ict.section_partial_credit": "all_or_nothing",
                          "ict.unruled_indicators": "proportional"})
    assert values == {"nav_depth_limit": 5, "section_credit": "strict", "a11y_proportional": True}
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "ict.navigation_depth is deprecated" in warned and "nav_depth_limit=5" in warned
    readings = Readings({"ict.menu_elements_rule": "per_element_type", "ict.english_bonus": "cumulative"})
    assert readings.furniture_rule == "any_page" and readings.english_bonus_mode == "cumulative"
    assert set(aliases()) >= {"ict.navigation_depth", "ict.untestable_browsers", "ict.format_facts"}


def test_a_deprecated_value_without_a_current_one_is_a_clear_error():
    with pytest.raises(InputError, match=r"ict.untestable_browsers \(deprecated, now display_untestable\): 'fail'"):
        resolve({"ict.untestable_browsers": "fail"})


def test_unknown_name_lists_near_matches():
    with pytest.raises(InputError) as err:
        resolve({"nav_depth": 3, "ict.band_boundry": "strict"})
    msg = str(err.value)
    assert "unknown setting 'nav_depth' (did you mean nav_depth_limit" in msg
    assert "unknown setting 'ict.band_boundry' (did you mean ict.band_boundary" in msg


@pytest.mark.parametrize(("name", "value"), [("nav_depth_limit", "0"), ("nav_material_share", "1.5"),
                                             ("a11y_max_pages", "-1"), ("nav_links", "some"),
                                             ("audit_date", "1st of July"), ("dates_require_time", "maybe")])
def test_values_outside_the_allowed_ones_are_refused(name, value):
    with pytest.raises(InputError, match=name):
        resolve({name: value})


def test_scores_json_reports_the_audit_reading_applied():
    doc = score_run(TARGETS, [], {}, {}, {"nav_depth_limit": 5, "ict.band_boundary": "inclusive"})
    s = doc["settings"]
    assert s["nav_depth_limit"]["value"] == 5 and s["nav_depth_limit"]["applied_by"] == "audits"
    assert not s["nav_depth_limit"]["is_default"] and s["nav_depth_limit"]["ambiguity"] == "A-6"
    assert s["ict.band_boundary"]["value"] == "inclusive" and s["ict.band_boundary"]["applied_by"] == "scoring"
    assert "ict.navigation_depth" not in s  # one name per reading
    assert set(s) == set(registry())


def test_scoring_refuses_to_change_a_reading_the_audits_applied():
    recorded = {"nav_depth_limit": 5}
    assert run_values(recorded, {"ict.band_boundary": "inclusive"})["nav_depth_limit"] == 5
    assert run_values(recorded, {"nav_depth_limit": "5"})["nav_depth_limit"] == 5  # the same value is fine
    with pytest.raises(InputError, match=r"nav_depth_limit=3: applied by the audits .* judged with nav_depth_limit=5"):
        run_values(recorded, {"ict.navigation_depth": 3})


def test_split_settings_routes_by_owner():
    from govaudit.pipeline import split_settings

    audit, rest = split_settings({"ict.navigation_depth": "4", "a11y_max_pages": "10", "ict.band_boundary": "strict",
                                  "ict.display_decimals": "2"})
    assert audit == {"nav_depth_limit": 4, "a11y_max_pages": 10}
    assert rest == {"ict.band_boundary": "strict", "ict.display_decimals": 2}
