"""ICT methodology: the worked examples printed in order 1279 (TV-1..TV-6) and the derived vectors D-1..D-20
of shared/spec/ict-methodology.md section 11, through the formulas and through score_run."""

from __future__ import annotations

import pytest

from scoring import formulas as fx
from scoring.api import score_run
from scoring.methodology import load_methodology
from tests.scoring.helpers import (
    a4_findings,
    body,
    coefficient,
    full_ict_input,
    node,
    section_findings,
    targets,
)

ICT = load_methodology("ict")
C = ICT["constants"]


# --- TV-1..TV-6: printed in the document ----------------------------------------------------------------


def test_tv1_integration_share():
    # (2*1)/5*20 - 2/5 = 7.6
    assert fx.integration(2 * 1, 5, late=2, due=5, k=C["integration"]["k"]) == pytest.approx(7.6)


def test_tv2_functions_automated_through_departmental_is():
    # 36/(36+50)*20 + (-1.5) = 6.87
    value = fx.automation_departmental(36, 50, m=-1.5, k=C["automation_departmental"]["k"])
    assert value == pytest.approx(6.8721, abs=1e-4)
    assert round(value, 2) == 6.87


def test_tv3_partial_full_automation_is_8_not_printed_7_9():
    # The document prints ((5*1+10*0,3)/15)*15 = 7.9; the arithmetic gives 8.0 (documented discrepancy).
    value = fx.automation_degree(partial=10, full=5, k=C["automation_degree"]["k"])
    assert value == pytest.approx(8.0)
    assert round(value, 1) != 7.9


def test_tv4_centralised_automation_of_leb_functions():
    value = fx.leb_central_automation([(15, 48)], k=C["leb_central"]["k"])
    assert value == pytest.approx(1.5625)
    assert round(value, 2) == 1.56


def test_tv5_edms_share():
    assert fx.ratio_points(200, 500, C["edms"]["k"]) == pytest.approx(1.2)


def test_tv6_eapplications_share():
    assert fx.ratio_points(200, 500, C["eapplications"]["k"]) == pytest.approx(0.8)


def test_tv1_to_tv6_through_score_run():
    """The printed examples as agency input; the score document carries the same values."""
    inp = full_ict_input("cso")
    inp["ict"]["integration"] = {
        "required": True,
        "planned": 5,
        "done": 2,
        "systems_due": 5,
        "systems_late": 2,
    }
    inp["ict"]["automation"].update(
        functions_departmental=36,
        functions_not_automated=50,
        functions_partial=10,
        functions_full=5,
        architecture_portal_participant=True,
        architecture_portal_stale=["8"],
        leb_functions=[{"leb": "a", "automated": 15, "subject": 48}],
    )
    inp["ict"]["edms"] = {
        "docs_sent_electronic": 200,
        "docs_subject": 500,
        "applications_registered": 200,
        "applications_total": 500,
    }
    doc = score_run(targets(body("mx")), [], {}, {"mx": inp})
    crit = doc["bodies"]["mx"]["ict"]["criteria"]
    assert node(crit, "a3.2")["points"] == pytest.approx(7.6)
    # Appendix 7 parameter 8 is worth 2 points, so m = -2 here: 36/86*20 - 2
    assert node(crit, "a3.4.1")["points"] == pytest.approx(36 / 86 * 20 - 2)
    # the printed example's m = -1.5, given as the assessed points not obtained
    inp["ict"]["automation"]["architecture_portal_points_lost"] = 1.5
    doc = score_run(targets(body("mx")), [], {}, {"mx": inp})
    assert node(doc["bodies"]["mx"]["ict"], "a3.4.1")["points"] == pytest.approx(6.8721, abs=1e-4)
    assert node(crit, "a3.4.2")["points"] == pytest.approx(8.0)
    assert node(crit, "a3.4.3")["points"] == pytest.approx(1.5625)
    assert node(crit, "a3.5.1")["points"] == pytest.approx(1.2)
    assert node(crit, "a3.5.2")["points"] == pytest.approx(0.8)


def test_architecture_m_from_appendix7():
    # a whole parameter loses its points; a sub-parameter its share (para 52): 2/13 for 2.x, 0.4 for 6.x
    assert fx.architecture_m(["9"], ICT["appendix7"]) == pytest.approx(-2)
    assert fx.architecture_m(["2.1", "6.3"], ICT["appendix7"]) == pytest.approx(-(2 / 13 + 0.4))
    assert fx.architecture_m(["1", "1"], ICT["appendix7"]) == pytest.approx(-1)


# --- D-1..D-20: derived from the rules ----------------------------------------------------------------------


def test_d1_accessibility():
    assert fx.accessibility(7.35) == pytest.approx(3.675)


def test_d2_completeness_with_defects():
    assert fx.completeness(42.5, 47, 4) == pytest.approx(8.55)


def test_d3_completeness_defect_cap():
    assert fx.completeness(50, 50, 60) == pytest.approx(5.0)


def test_d4_d5_d6_mobile():
    assert fx.mobile(20, 22.5, 3, 0, True) == pytest.approx(2.55)
    assert fx.mobile(20, 22.5, 3, 0, False) == pytest.approx(1.55)
    assert fx.mobile(0, 0, 0, 0, False) == 0.0


def test_d7_search_engines():
    positions = {"google": {"full_name": 3}, "yandex": {"full_name": 15}, "mailru": {"full_name": 25}}
    se = C["search_engines"]
    assert fx.search_engines(positions, se["bands"], se["engines"]) == pytest.approx(0.5)


def test_a4_search_names_reading():
    se = C["search_engines"]
    positions = {
        "google": {"full_name": 3, "short_name": 15},
        "yandex": {"full_name": 30, "short_name": 12},
        "mailru": {"full_name": 0, "short_name": None},
    }
    assert fx.search_engines(positions, se["bands"], se["engines"], "best") == pytest.approx(
        (1 + 0.5 + 0) / 3
    )
    assert fx.search_engines(positions, se["bands"], se["engines"], "mean") == pytest.approx(
        (0.75 + 0.25) / 3
    )


@pytest.mark.parametrize(
    ("row", "facts", "expected"),
    [
        ("a4.2.1", 2, 0.19),  # D-8: broken in IE and Windows Phone
        ("a4.2.3", 2, 0.15),  # D-9: site-map link and search form missing
        ("a4.2.5", 3, 0.2),  # D-10: 3 dead site-map links, cap 0.2
        ("a4.2.6", 1, 0.75),  # D-11: maxlength 15
    ],
)
def test_d8_to_d11_appendix4_deductions(row, facts, expected):
    spec = ICT["appendix4"]["indicators"][row]
    d = spec["deduct"]
    assert fx.deduction_row(spec["max"], facts, d["unit"], d.get("cap")) == pytest.approx(expected)


def test_d12_english_version_bonus():
    tiers = ICT["appendix4"]["indicators"]["a4.4.5"]["bonus_tiers"]
    assert fx.english_version(True, tiers["interface_all_pages"]) == pytest.approx(0.55)


def _ict(b, inp, findings=()):
    return score_run(targets(b), list(findings), {}, {b["key"]: inp})["bodies"][b["key"]]["ict"]


def test_d13_institutional_cso():
    inp = full_ict_input("cso")
    inp["ict"]["institutional"] = {"it_unit": True, "it_staff_total": 5, "it_staff_qualified": 4}
    assert node(_ict(body("c"), inp), "a3.3")["points"] == pytest.approx(4.6)


def test_d14_institutional_leb():
    inp = full_ict_input("leb")
    inp["ict"]["institutional"] = {
        "apparatus_it_unit": True,
        "departments_total": 20,
        "departments_with_it": 15,
        "it_staff_total": 10,
        "it_staff_qualified": 8,
    }
    assert node(_ict(body("l", "local"), inp), "a3.3")["points"] == pytest.approx(4.225)


def test_d15_leb_automation_degree_gets_43_weight():
    inp = full_ict_input("leb")
    inp["ict"]["automation"].update(functions_partial=10, functions_full=5)
    result = _ict(body("l", "local"), inp)
    n42 = node(result, "a3.4.2")
    assert n42["points"] == pytest.approx(10.667, abs=1e-3)
    assert n42["inputs"]["k"] == 20 and n42["max_points"] == 20
    assert node(result, "a3.4.3")["status"] == "not_applicable"
    assert node(result, "a3.4")["max_points"] == 40


def test_d16_intranet():
    inp = full_ict_input("cso")
    inp["ict"]["intranet"] = {
        "directory_complete_pct": 85,
        "drafts_sent_pct": 90,
        "drafts_agreed_pct": 100,
        "workgroup_docs_posted": 8,
        "workgroup_docs_archived": 6,
        "library_documents": 7,
        "library_empty_folder": False,
        "email_usage_pct": 75,
    }
    assert node(_ict(body("c"), inp), "a3.5.3")["points"] == pytest.approx(0.375)


def test_d17_open_npa():
    inp = full_ict_input("cso")
    inp["ict"]["open_npa"] = {
        "draft_laws_planned": 10,
        "draft_laws_published": 8,
        "comments_total": 20,
        "comments_answered": 20,
    }
    assert node(_ict(body("c"), inp), "a3.5.4")["points"] == pytest.approx(2.0)


def test_d18_blog_questions():
    inp = full_ict_input("cso")
    inp["ict"]["open_dialogue"] = {"blog_questions": 50, "blog_answered": 40}
    assert node(_ict(body("c"), inp), "a3.5.5.1")["points"] == 1


def test_d19_no_internet_conference():
    inp = full_ict_input("leb")
    inp["ict"]["open_dialogue"] = {"conferences_held": 0}
    assert node(_ict(body("l", "local"), inp), "a3.5.5.2")["points"] == 0


def test_d20_penalties():
    p = fx.ict_penalties(True, True, 30, C["penalties"])
    assert sum(p.values()) == pytest.approx(8.5)
    inp = full_ict_input("cso")
    inp["report"] = {"submitted_late": True, "incomplete": True, "false_facts": 30}
    result = _ict(body("c"), inp)
    assert result["penalties"]["points"] == pytest.approx(8.5)
    assert result["final"]["points"] == pytest.approx(result["total"]["points"] - 8.5)


# --- criterion 1 end to end ------------------------------------------------------------------------------


def test_d1_d2_d4_through_findings():
    """Appendix 4 sum 7.35; Appendix 5 kk 42.5 / ru 47, 4 defects; Appendix 6 kk 20 / ru 22.5, C = 3."""
    a4 = a4_findings(
        "c", {"a4.1.1": 0.0, "a4.2.4": 0.0, "a4.3.1": 0.0, "a4.3.2": 0.0, "a4.4.2": 0.05, "a4.4.1": 0.0}
    )
    total_a4 = sum(f["points"] for f in a4)
    assert total_a4 == pytest.approx(7.35)
    a5 = section_findings(
        "c", "appendix5", "cso", {"kk": 42.5 / 50, "ru": 47 / 50}, defects={"kk": 3, "ru": 1}
    )
    a6 = section_findings("c", "appendix6", "cso", {"kk": 20 / 25, "ru": 22.5 / 25}) + [coefficient("c", 3)]
    result = _ict(body("c"), full_ict_input(), a4 + a5 + a6)
    assert node(result, "a3.1.1")["points"] == pytest.approx(3.675)
    assert node(result, "a3.1.2")["points"] == pytest.approx(8.55)
    assert node(result, "a3.1.3")["points"] == pytest.approx(2.55)
    assert node(result, "a3.1")["points"] == pytest.approx(3.675 + 8.55 + 2.55)
    assert node(result, "a3.1")["status"] == "scored"


def test_full_marks_total_100():
    from tests.scoring.helpers import full_site

    result = _ict(body("c"), full_ict_input("cso"), full_site("c"))
    assert result["total"]["points"] == pytest.approx(100)
    assert result["total"]["status"] == "scored"
    assert result["final"]["points"] == pytest.approx(100)
    leb = _ict(body("l", "local"), full_ict_input("leb"), full_site("l", "leb"))
    assert leb["total"]["points"] == pytest.approx(100)
