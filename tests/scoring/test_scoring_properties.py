"""Property tests: no score leaves its [min, max]; deductions never exceed their caps."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.findings import evidence, finding
from scoring import formulas as fx
from scoring.api import score_run
from scoring.methodology import load_methodology
from scoring.nodes import walk
from tests.scoring.helpers import body, targets

ICT = load_methodology("ict")
OPEN = load_methodology("openness")
EPS = 1e-6
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

counts = st.integers(min_value=0, max_value=400)
pcts = st.floats(min_value=0, max_value=100, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)


@FAST
@given(
    n=st.integers(min_value=-5, max_value=10_000),
    each=st.floats(0, 3, allow_nan=False),
    cap=st.floats(0, 10, allow_nan=False),
)
def test_capped_deduction_never_exceeds_cap(n, each, cap):
    d = fx.capped_deduction(n, each, cap)
    assert 0 <= d <= cap + EPS


@FAST
@given(
    kk=st.floats(0, 50),
    ru=st.floats(0, 50),
    defects=counts,
    rule=st.sampled_from(["parameter", "language_table"]),
)
def test_completeness_in_range(kk, ru, defects, rule):
    if rule == "parameter":
        v = fx.completeness(kk, ru, defects)
        assert (kk + ru) / 10 - 5 - EPS <= v  # never more than the 5.0 cap deducted
    else:
        v = fx.completeness_language_table({"kk": kk, "ru": ru}, {"kk": defects, "ru": defects})
    assert 0 <= v <= 10 + EPS


@FAST
@given(
    kk=st.floats(0, 25), ru=st.floats(0, 25), c=st.sampled_from([0, 3, 5]), defects=counts, link=st.booleans()
)
def test_mobile_in_range(kk, ru, c, defects, link):
    v = fx.mobile(kk, ru, c, defects, link)
    assert 0 <= v <= c + EPS
    raw = (kk + ru) / 50 * c
    assert v >= raw - 2.5 - 1 - EPS  # defects capped at 50% of 5, plus the fixed -1


@FAST
@given(done=counts, extra=counts, late=counts, due_extra=counts, refusals=st.integers(0, 5))
def test_integration_in_range(done, extra, late, due_extra, refusals):
    planned = done + extra
    if planned == 0:
        return
    v = fx.integration(done, planned, late, late + due_extra, refusals=refusals)
    assert 0 <= v <= 20 + EPS


@FAST
@given(
    a=counts,
    b=counts,
    partial=counts,
    full=counts,
    k=st.sampled_from([15, 20, 35, 40]),
    pairs=st.lists(st.tuples(counts, counts), max_size=5),
)
def test_automation_in_range(a, b, partial, full, k, pairs):
    assert 0 <= fx.automation_departmental(a, b) <= 20 + EPS
    assert 0 <= fx.automation_degree(partial, full, k) <= k + EPS
    for rule in ("sum_ratio", "mean_ratio"):
        assert 0 <= fx.leb_central_automation(pairs, 5, rule) <= 5 + EPS


@FAST
@given(late=st.booleans(), incomplete=st.booleans(), facts=st.integers(0, 1000))
def test_penalties_capped(late, incomplete, facts):
    p = fx.ict_penalties(late, incomplete, facts, ICT["constants"]["penalties"])
    assert p["false_facts"] <= 5 + EPS
    assert sum(p.values()) <= 8.5 + EPS
    assert fx.false_fact_penalty(facts) <= 5 + EPS


# --- whole documents ---------------------------------------------------------------------------------------

VERDICTS = st.sampled_from(["pass", "fail", "partial", "not_applicable", "not_assessed", "error"])


@st.composite
def site_findings(draw, key: str, table: str):
    out = []
    site = f"http://{key}.test/"
    for ind, spec in ICT["appendix4"]["indicators"].items():
        if draw(st.booleans()):
            v = draw(VERDICTS)
            pts = draw(st.floats(-0.5, spec["max"] + 1, allow_nan=False))
            out.append(
                finding(
                    body=key,
                    site=site,
                    lang=None,
                    indicator=ind,
                    verdict=v,
                    points=pts,
                    max_points=spec["max"],
                    reading="p",
                )
            )
    for app, prefix in (("appendix5", "a5"), ("appendix6", "a6")):
        for sec, spec in ICT[app][table].items():
            for lang in ("kk", "ru"):
                if draw(st.booleans()):
                    out.append(
                        finding(
                            body=key,
                            site=site,
                            lang=lang,
                            indicator=sec,
                            verdict=draw(VERDICTS),
                            points=draw(st.floats(-1, spec[lang] + 5, allow_nan=False)),
                            max_points=spec[lang],
                            reading="p",
                        )
                    )
            for lang in ("kk", "ru"):
                if draw(st.booleans()):
                    out.append(
                        finding(
                            body=key,
                            site=site,
                            lang=lang,
                            indicator=f"{prefix}.defects",
                            verdict="fail",
                            points=None,
                            max_points=None,
                            reading="p",
                            evidence_items=[evidence(measured=draw(counts))],
                        )
                    )
    if draw(st.booleans()):
        out.append(
            finding(
                body=key,
                site=site,
                lang=None,
                indicator="a6.coefficient",
                verdict="pass",
                points=None,
                max_points=None,
                reading="p",
                evidence_items=[
                    evidence(
                        measured={"C": draw(st.sampled_from([0, 3, 5])), "main_link": draw(st.booleans())}
                    )
                ],
            )
        )
    return out


def _maybe(draw, strategy):
    return draw(strategy) if draw(st.booleans()) else None


@st.composite
def agency_input(draw, table: str):
    def pair():
        whole = draw(counts)
        return draw(st.integers(0, whole)), whole

    def clean(d):
        return {k: v for k, v in d.items() if v is not None}

    done, planned = pair()
    late, due = pair()
    qual, staff = pair()
    sent, subject = pair()
    reg, apps = pair()
    arch, posted = pair()
    ict = {
        "integration": clean(
            {
                "required": _maybe(draw, st.booleans()),
                "planned": planned,
                "done": done,
                "systems_due": due,
                "systems_late": late,
                "refusals_with_joint_plan": _maybe(draw, st.integers(0, 4)),
            }
        ),
        "institutional": clean(
            {
                "it_unit": _maybe(draw, st.booleans()),
                "apparatus_it_unit": draw(st.booleans()),
                "departments_total": 10,
                "departments_with_it": draw(st.integers(0, 10)),
                "it_staff_total": staff,
                "it_staff_qualified": qual,
            }
        ),
        "automation": clean(
            {
                "functions_departmental": draw(counts),
                "functions_not_automated": draw(counts),
                "functions_partial": draw(counts),
                "functions_full": draw(counts),
                "architecture_portal_participant": draw(st.booleans()),
                "architecture_portal_stale": draw(
                    st.lists(st.sampled_from(["1", "2", "2.3", "6.1", "8", "9", "10"]), max_size=6)
                ),
                "appendix8_list": _maybe(draw, st.booleans()),
                "leb_functions": [
                    {"leb": "x", "automated": a, "subject": b}
                    for a, b in [pair() for _ in range(draw(st.integers(0, 3)))]
                ],
            }
        ),
        "edms": {
            "docs_sent_electronic": sent,
            "docs_subject": subject,
            "applications_registered": reg,
            "applications_total": apps,
        },
        "intranet": clean(
            {
                "directory_complete_pct": draw(pcts),
                "drafts_sent_pct": _maybe(draw, pcts),
                "drafts_agreed_pct": _maybe(draw, pcts),
                "workgroup_docs_posted": posted,
                "workgroup_docs_archived": arch,
                "library_documents": draw(counts),
                "email_usage_pct": draw(pcts),
            }
        ),
        "open_npa": dict(zip(("draft_laws_published", "draft_laws_planned"), pair(), strict=True)),
        "open_dialogue": {
            **dict(zip(("blog_answered", "blog_questions"), pair(), strict=True)),
            "conferences_held": draw(st.integers(0, 3)),
            **dict(zip(("conference_answered", "conference_questions"), pair(), strict=True)),
        },
    }
    leaves = [
        k
        for k, v in OPEN["indicators"].items()
        if not v.get("scoring") and v["measure"] != "subordinate" and v["body_type"] in ("both", table)
    ]
    subs = [
        k for k, v in OPEN["indicators"].items() if v["measure"] == "subordinate" and not v.get("scoring")
    ]
    openness = {
        "indicators": {k: {"kk": draw(shares), "ru": draw(shares)} for k in leaves if draw(st.booleans())},
        "subordinate": {k: {"kk": draw(st.booleans()), "ru": draw(st.booleans())} for k in subs},
        "false_facts": draw(st.integers(0, 60)),
        "open_budget": clean(
            {
                "audit_held": _maybe(draw, st.booleans()),
                "discussion_announced": _maybe(draw, st.booleans()),
                "notice_share": _maybe(draw, shares),
            }
        ),
        "other_directions": {
            "public_services": draw(st.floats(0, 100)),
            "complaints": draw(st.floats(0, 100)),
        },
    }
    late_c, considered = pair()
    operational = {
        "public_services": {
            "satisfaction_scores": draw(st.lists(st.floats(0, 5, allow_nan=False), max_size=4)),
            "justified_complaints": draw(counts),
            "services_rendered": draw(counts),
            "services_late": draw(counts),
            "refusals_unjustified": draw(counts),
            "incomplete_documents": draw(counts),
            "extra_documents": draw(counts),
            "service_types_electronic": 3,
            "service_types_total": draw(st.integers(3, 9)),
            "volume_electronic": 1,
            "volume_total": draw(st.integers(1, 9)),
            "transferred_in_period": draw(st.integers(0, 9)),
            "outage_hours": draw(st.floats(0, 100, allow_nan=False)),
            "false_facts": draw(st.integers(0, 40)),
        },
        "complaints": {
            "considered_total": considered,
            "considered_late": late_c,
            "court_reviewed": draw(st.integers(0, 3)),
            "court_justified": draw(st.integers(0, considered)),
            "repeated_satisfied": draw(st.integers(0, considered)),
            "disciplinary_facts": draw(counts),
            "false_facts": draw(st.integers(0, 40)),
        },
    }
    return {
        "report": {
            "submitted_late": draw(st.booleans()),
            "incomplete": draw(st.booleans()),
            "false_facts": draw(st.integers(0, 60)),
        },
        "ict": ict,
        "openness": openness,
        "operational": operational,
    }


SETTINGS = st.fixed_dictionaries(
    {
        "ict.negative_values": st.sampled_from(["keep", "floor_zero"]),
        "ict.band_boundary": st.sampled_from(["strict", "inclusive"]),
        "ict.completeness_defect_cap": st.sampled_from(["parameter", "language_table"]),
        "ict.not_applicable_findings": st.sampled_from(["full", "excluded"]),
        "ict.automation_denominator": st.sampled_from(["automated", "subject"]),
        "open.partial_credit": st.sampled_from(["proportional", "all_or_nothing"]),
        "open.exemptions": st.sampled_from(["max_on_exempt", "rescale"]),
    }
)


def _assert_in_range(tree):
    for n in walk(tree):
        if n.get("points") is None or "max_points" not in n or "min_points" not in n:
            continue
        hi = n["max_points"] + n.get("bonus_max", 0)
        assert n["min_points"] - EPS <= n["points"] <= hi + EPS, (n["id"], n["points"], n["min_points"], hi)
        langs = n.get("languages") or {}
        for lang, v in langs.items():
            if v.get("points") is not None:
                lo, top = sorted((0.0, v["max_points"]))
                assert lo - EPS <= v["points"] <= top + EPS, (n["id"], lang, v)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_no_score_leaves_its_range(data):
    table = data.draw(st.sampled_from(["cso", "leb"]))
    b = body("x", "central" if table == "cso" else "local")
    f = data.draw(site_findings("x", table))
    inp = data.draw(agency_input(table))
    doc = score_run(targets(b), f, {}, {"x": inp}, data.draw(SETTINGS))
    entry = doc["bodies"]["x"]
    ict = entry["ict"]
    for crit in ict["criteria"].values():
        _assert_in_range(crit)
    pen = ict["penalties"]
    assert pen["points"] is None or 0 <= pen["points"] <= 8.5 + EPS
    if ict["total"]["points"] is not None:
        assert ict["total"]["min_points"] - EPS <= ict["total"]["points"] <= 100 + EPS
        assert ict["final"]["points"] >= ict["total"]["points"] - 8.5 - EPS
    o = entry["openness"]
    for m in o["measures"].values():
        _assert_in_range(m)
        assert m["points"] is None or 0 <= m["points"] <= 25 + EPS
    _assert_in_range(o["subordinate"])
    for g in o["subordinate"]["components"]:
        assert g["points"] is None or g["points"] >= -3 - EPS
    assert o["subordinate"]["points"] is None or o["subordinate"]["points"] >= -9 - EPS
    if o["total"]["points"] is not None:
        assert 0 <= o["total"]["points"] <= 100 + EPS
        assert o["final"]["points"] >= o["total"]["points"] - 5 - EPS
    for direction in ("public_services", "complaints"):
        _assert_in_range(entry[direction]["total"])
        for part in ("total", "final"):
            pts = entry[direction][part]["points"]
            assert pts is None or 0 <= pts <= 100 + EPS
        if entry[direction]["total"]["points"] is not None:
            assert entry[direction]["final"]["points"] >= entry[direction]["total"]["points"] - 5 - EPS
    if entry["overall"].get("points") is not None:
        assert 0 <= entry["overall"]["points"] <= 100 + EPS
