"""The methodology data files agree with the printed tables and with the spec's indicator lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scoring.methodology import load_methodology

# the project's shared/ folder sits beside the checkout (here and in CI)
SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec"
ICT = load_methodology("ict")
OPEN = load_methodology("openness")


def test_appendix3_weights_add_to_100():
    crit = ICT["criteria"]
    for table in ("cso", "leb"):
        total = sum(c["max"][table] if isinstance(c["max"], dict) else c["max"] for c in crit.values())
        assert total == 100
    ind = ICT["indicators"]
    assert ind["a3.1.1"]["max"] + ind["a3.1.2"]["max"] + ind["a3.1.3"]["max"] == crit["a3.1"]["max"]
    assert ind["a3.3.1"]["max"] + ind["a3.3.2"]["max"] == crit["a3.3"]["max"]
    assert ind["a3.4.1"]["max"] + ind["a3.4.2"]["max"] + ind["a3.4.3"]["max"] == crit["a3.4"]["max"]
    # row 5: CSO 3 + 2 + 5 + 3 + 2; LEB 3 + 2 + 5 + 5
    assert 3 + 2 + ind["a3.5.3"]["max"] + ind["a3.5.4"]["max"] + ind["a3.5.5"]["max"]["cso"] == 15
    assert 3 + 2 + ind["a3.5.3"]["max"] + ind["a3.5.5"]["max"]["leb"] == 15


def test_appendix_tables_sum_to_their_weights():
    assert sum(r["max"] for r in ICT["appendix4"]["indicators"].values()) == pytest.approx(10)
    for table in ("cso", "leb"):
        for lang in ("kk", "ru"):
            assert sum(r[lang] for r in ICT["appendix5"][table].values()) == pytest.approx(50)
            assert sum(r[lang] for r in ICT["appendix6"][table].values()) == pytest.approx(25)
    assert sum(p["points"] for p in ICT["appendix7"].values()) == 14


@pytest.mark.skipif(not SPEC.is_dir(), reason="shared spec not available")
def test_ict_tables_match_the_spec_yaml():
    spec = {i["id"]: i for i in yaml.safe_load((SPEC / "ict-indicators.yaml").read_text())["indicators"]}
    for ind, row in ICT["appendix4"]["indicators"].items():
        assert spec[ind]["max_points"] == row["max"]
    for app in ("appendix5", "appendix6"):
        for table in ("cso", "leb"):
            for sec, row in ICT[app][table].items():
                assert spec[sec]["max_points"] == {"kk": row["kk"], "ru": row["ru"]}
    for ind, row in ICT["indicators"].items():
        top = row["max"]["cso"] if isinstance(row["max"], dict) else row["max"]
        if ind not in ("a3.5.3.2",):  # printed -2.5: deductions only, modelled as max 0 / min -5
            assert spec[ind]["max_points"] == top, ind


def test_openness_tables():
    ind = OPEN["indicators"]
    for table in ("cso", "leb"):
        for measure in OPEN["measures"]:
            rows = [
                v
                for v in ind.values()
                if v["measure"] == measure and not v.get("parent") and v["body_type"] in ("both", table)
            ]
            for lang in ("kk", "ru"):
                assert sum(r[lang] for r in rows) == pytest.approx(12.5), (table, measure, lang)
    for parent, v in ind.items():
        if v.get("scoring") == "sum_of_children":
            kids = [k for k in ind.values() if k.get("parent") == parent]
            assert sum(k["kk"] for k in kids) == pytest.approx(v["kk"])
    assert sum(OPEN["subordinate"]["groups"].values()) == OPEN["subordinate"]["cap"] == 9
    leaves = {k for k, v in ind.items() if not v.get("scoring")}
    assert leaves == set(OPEN["rules"])


@pytest.mark.skipif(not SPEC.is_dir(), reason="shared spec not available")
def test_openness_matches_the_spec_yaml():
    spec = {
        i["id"]: i for i in yaml.safe_load((SPEC / "transparency-indicators.yaml").read_text())["indicators"]
    }
    assert set(spec) == set(OPEN["indicators"])
    for k, v in OPEN["indicators"].items():
        assert (v["kk"], v["ru"]) == (spec[k]["max_points"]["kk"], spec[k]["max_points"]["ru"])


def test_every_setting_default_is_a_choice():
    """The methodologies name their readings; the registry (core/readings.yaml) defines them (issue #13 item 2)."""
    from core.readings import registry

    for meth in (ICT, OPEN):
        assert isinstance(meth["settings"], list) and meth["settings"]
        for name in meth["settings"]:
            reading = registry()[name]
            assert reading.owner in ("gather", "scoring", "audits", "report", "none"), name
            assert reading.coerce(reading.default) == reading.default, name


def test_docs_reference_is_current():
    """docs/scoring.md carries the generated reference; regenerate with `python -m scoring.docs`."""
    from scoring.docs import BEGIN, END, render

    text = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert text[text.index(BEGIN) : text.index(END) + len(END)] == render()
