"""The public-services (Chapter 3) and complaints (Chapter 5) directions of the 2020 methodology.

They exist here to feed the overall operational assessment (para 100) from agency figures
(`operational.*` in the input); a direction total given directly as `openness.other_directions.*` wins.
All formulas are reconstructions (transparency-methodology.md sections 4 and 6).
"""

from __future__ import annotations

from typing import Any

from scoring import formulas as fx
from scoring.common import get
from scoring.nodes import Node, combine, not_assessed, scored


def p1_value(meth: dict[str, Any], table: str, inp: dict[str, Any]) -> float | None:
    scores = get(inp, "operational.public_services.satisfaction_scores")
    if not scores:
        return None
    return fx.satisfaction([float(s) for s in scores], meth["public_services"]["satisfaction_bands"][table])


def _rate(ind: str, k: float, count: Any, total: Any, per: float, what: str) -> Node:
    if count is None or total is None:
        return not_assessed(ind, k, f"agency input missing: {what}")
    if total == 0:
        return not_assessed(ind, k, f"{what}: no services / items in the period")
    return scored(
        ind,
        fx.rate_indicator(k, count, total, per),
        k,
        inputs={"count": count, "total": total},
        reading=f"{k} - count / total x {per:g}, 0 if negative (reconstructed)",
    )


def public_services(
    meth: dict[str, Any], settings: dict[str, Any], table: str, inp: dict[str, Any], p1_average: float | None
) -> dict[str, Any]:
    ps = meth["public_services"]
    v = lambda name: get(inp, f"operational.public_services.{name}")  # noqa: E731
    b1 = v("services_rendered")
    # K1 / M1: satisfaction
    top_p1 = ps["satisfaction_bands"][table][0]["points"]
    p1 = p1_value(meth, table, inp)
    if p1 is not None:
        n_p1 = scored(
            "P1",
            p1,
            top_p1,
            inputs={"satisfaction_scores": v("satisfaction_scores")},
            reading="mean of the App. 6 band points per service type (scores rounded to 2 decimals)",
        )
    elif v("monitoring_covered") is False and p1_average is not None:
        n_p1 = scored(
            "P1",
            p1_average,
            top_p1,
            inputs={"average_of_covered": p1_average},
            reading="no service monitored: mean P1 of the covered bodies (A-4)",
        )
    else:
        n_p1 = not_assessed(
            "P1", top_p1, "agency input missing: operational.public_services.satisfaction_scores"
        )
    k2 = ps["complaints_k"].get(table) or float(settings["open.p2_leb_coefficient"])
    n_p2 = _rate(
        "P2", k2, v("justified_complaints"), b1, ps["per"], "justified_complaints / services_rendered"
    )
    first = "K1" if table == "cso" else "M1"
    parts = [combine(first, [n_p1, n_p2], ps["weights"][table][first], reading="P1 + P2")]
    qk = ps["quality_k"][table]
    counts = {
        "T1": "services_late",
        "T2": "refusals_unjustified",
        "T3": "incomplete_documents",
        "T4": "extra_documents",
    }
    quality = [
        _rate(t, qk[t], v(name), b1, ps["per"], f"{name} / services_rendered") for t, name in counts.items()
    ]
    second = "K2" if table == "cso" else "M2"
    parts.append(combine(second, quality, ps["weights"][table][second], reading="T1 + T2 + T3 + T4"))
    if table == "cso":
        need = [
            "service_types_electronic",
            "service_types_total",
            "volume_electronic",
            "volume_total",
            "outage_hours",
        ]
        absent = [n for n in need if v(n) is None] + (
            ["transferred_in_period"]
            if v("transferred_in_period") is None and not v("all_electronic")
            else []
        )
        if absent:
            parts.append(
                not_assessed(
                    "K3",
                    ps["weights"]["cso"]["K3"],
                    "agency input missing: " + ", ".join(f"operational.public_services.{n}" for n in absent),
                )
            )
        else:
            a = fx.automation_services(
                v("service_types_electronic"),
                v("service_types_total"),
                v("volume_electronic"),
                v("volume_total"),
                v("transferred_in_period") or 0,
                bool(v("all_electronic")),
                v("outage_hours"),
                ps["automation"],
            )
            k3 = max(0.0, a["T"] + a["V"] + a["B"] - a["P"])
            parts.append(
                scored(
                    "K3",
                    k3,
                    ps["weights"]["cso"]["K3"],
                    inputs={k: round(x, 6) for k, x in a.items()},
                    reading="T + V + B - P (B max 5, P max 5; A-7, A-8); floor 0",
                )
            )
    total = combine("public_services", parts, 100, reading="U = K1 + K2 + K3 (CSO) / T = M1 + M2 (LEB)")
    return _with_penalty(total, v("false_facts"), meth)


def complaints(meth: dict[str, Any], settings: dict[str, Any], inp: dict[str, Any]) -> dict[str, Any]:
    c = meth["complaints"]
    v = lambda name: get(inp, f"operational.complaints.{name}")  # noqa: E731
    p = v("considered_total")
    r1 = _rate(
        "R1", c["R1"]["k"], v("considered_late"), p, c["R1"]["per"], "considered_late / considered_total"
    )
    if v("court_reviewed") == 0:
        r2 = scored(
            "R2",
            c["R2"]["k"],
            c["R2"]["k"],
            inputs={"court_reviewed": 0},
            reading="no complaint reviewed in court: 30 (para 93)",
        )
    else:
        r2 = _rate(
            "R2", c["R2"]["k"], v("court_justified"), p, c["R2"]["per"], "court_justified / considered_total"
        )
    r3 = _rate(
        "R3",
        c["R3"]["k"],
        v("repeated_satisfied"),
        p,
        c["R3"]["per"],
        "repeated_satisfied / considered_total",
    )
    late, facts = v("considered_late"), v("disciplinary_facts")
    if late == 0:
        r4 = (
            scored("R4", 10, 10, inputs={"late": 0}, reading="no late items: maximum (A-23)")
            if settings["open.late_items_zero"] == "max"
            else not_assessed("R4", 10, "no late-considered items (A-23 open.late_items_zero=not_assessed)")
        )
    elif late is None or facts is None:
        r4 = not_assessed("R4", 10, "agency input missing: considered_late / disciplinary_facts")
    else:
        r4 = scored(
            "R4",
            fx.internal_control(facts, late, c["R4_bands"]),
            10,
            inputs={"facts": facts, "late": late},
            reading="App. 13 band of facts / late-considered items (1 decimal; A-22)",
        )
    total = combine("complaints", [r1, r2, r3, r4], 100, reading="H = R1 + R2 + R3 + R4")
    return _with_penalty(total, v("false_facts"), meth)


def _with_penalty(total: Node, false_facts: Any, meth: dict[str, Any]) -> dict[str, Any]:
    final = {k: val for k, val in total.items() if k != "components"}
    final["id"] = total["id"] + "_final"
    if total["points"] is not None:
        pen = fx.false_fact_penalty(false_facts or 0, meth["false_facts"]["each"], meth["false_facts"]["cap"])
        final["points"] = round(max(0.0, total["points"] - pen), 6)
        final["reading"] = "total minus 0.2 per false fact, at most 5 (para 20)"
        if false_facts is None:
            final["status"] = "partial"
            final["not_assessed"] = list(total["not_assessed"]) + ["false_facts"]
    return {"total": total, "final": final}
