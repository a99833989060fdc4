"""The methodologies' formulas as small pure functions.

Every constant comes from the methodology data file (passed in by the caller), so a new methodology version
changes the data, not these functions. Results are full precision; rounding is for display only (A-36).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Band = Mapping[str, Any]


def working_days_between(start: date, end: date) -> int:
    """Mon-Fri days after `start` up to and including `end` (public holidays are not modelled); 0 if end <= start."""
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    days, day = full_weeks * 5, start + timedelta(days=full_weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


def round_half_up(value: float, decimals: int) -> float:
    """Round as a person does (4.795 -> 4.80); binary floats make round() give 4.79 (A-22)."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def band_points(percent: float, bands: Sequence[Band], boundary: str = "strict") -> float:
    """First matching band wins. `above` bands are the ones whose boundary the text leaves open (A-27):
    strict puts a value exactly at the boundary in the lower band, inclusive in this one."""
    for band in bands:
        if "at_least" in band and percent >= band["at_least"] - 1e-9:
            return float(band["points"])
        if "above" in band:
            edge = band["above"]
            if percent > edge + 1e-9 or (boundary == "inclusive" and abs(percent - edge) <= 1e-9):
                return float(band["points"])
        if "at_most" in band and percent <= band["at_most"] + 1e-9:
            return float(band["points"])
        if "otherwise" in band:
            return float(band["otherwise"] if band.get("points") is None else band["points"])
    return 0.0


def share_percent(part: float, whole: float) -> float:
    return 100.0 * part / whole


def capped_deduction(count: int, each: float, cap: float) -> float:
    """`each` per counted fact, never more than `cap`."""
    return min(max(count, 0) * each, cap)


def deduction_row(max_points: float, facts: int, unit: float, cap: float | None = None) -> float:
    """An Appendix 4 row with deductions: max - unit per fact, at most `cap` deducted, never below 0."""
    return max(0.0, max_points - capped_deduction(facts, unit, max_points if cap is None else cap))


def english_version(present: bool, bonus: float = 0.0, *, base: float = 0.3, bonus_max: float = 0.5) -> float:
    """a4.4.5: 0.3 for an English version plus the bonus tier (alternatives, A-11)."""
    return base + min(bonus, bonus_max) if present else 0.0


# --- Criterion 1 (paras 14-29) -------------------------------------------------------------------------


def accessibility(sum_points: float, divisor: float = 10, weight: float = 5, cap: bool = True) -> float:
    """Para 20: sum of Appendix 4 points / 10 * 5 (capped at 5 by default: A-11)."""
    value = sum_points / divisor * weight
    return min(value, weight) if cap else value


def search_engine_points(position: int | None, bands: Sequence[Band]) -> float:
    """Appendix 4 row 1.1, one engine and one query: 1-10 -> 1, 11-20 -> 0.5, beyond (or not found) -> 0."""
    if position is None or position < 1:
        return 0.0
    return band_points(float(position), bands)


def search_engines(
    positions: Mapping[str, Mapping[str, int | None]],
    bands: Sequence[Band],
    engines: Sequence[str],
    names_rule: str = "best",
) -> float:
    """Mean over the engines of each engine's points; per engine the two name queries are combined by A-4.
    A position of 0 means 'not in the results' (0 points); a query with no position (None) was not run and
    is left out. An engine with no query run is an error: the caller reports it as not assessed."""
    per_engine = []
    for engine in engines:
        queries = positions.get(engine) or {}
        pts = [
            search_engine_points(queries[k], bands)
            for k in ("full_name", "short_name")
            if queries.get(k) is not None
        ]
        if not pts:
            raise ValueError(f"no search position for {engine}")
        per_engine.append(max(pts) if names_rule == "best" else sum(pts) / len(pts))
    return sum(per_engine) / len(per_engine)


def completeness(
    points_kk: float,
    points_ru: float,
    defects: int,
    *,
    per_language_max: float = 50,
    weight: float = 10,
    each: float = 0.1,
    cap_share: float = 0.5,
    cap_rule: str = "parameter",
) -> float:
    """Paras 21-23: (kk + ru) / 100 * 10 minus 0.1 per defect, at most 50% of the weight (A-12)."""
    if cap_rule == "language_table":
        raise ValueError("use completeness_language_table for the per-language reading")
    raw = (points_kk + points_ru) / (2 * per_language_max) * weight
    return max(0.0, raw - capped_deduction(defects, each, cap_share * weight))


def completeness_language_table(
    points: Mapping[str, float],
    defects: Mapping[str, int],
    *,
    per_language_max: float = 50,
    weight: float = 10,
    each: float = 0.1,
    cap_share: float = 0.5,
) -> float:
    """A-12 alternative: 0.1 per defect off each language's raw table, at most 50% of that table."""
    total = 0.0
    for lang, pts in points.items():
        total += max(0.0, pts - capped_deduction(defects.get(lang, 0), each, cap_share * per_language_max))
    return total / (2 * per_language_max) * weight


def mobile(
    points_kk: float,
    points_ru: float,
    coefficient: float,
    defects: int,
    links_to_main: bool,
    *,
    per_language_max: float = 25,
    weight: float = 5,
    each: float = 0.1,
    cap_share: float = 0.5,
    no_main_link_penalty: float = 1,
    floor_zero: bool = True,
) -> float:
    """Paras 24-29: (kk + ru) / 50 * C - defects (cap 50% of W) - 1 without a link back; C = 0 -> 0, no -1."""
    if coefficient <= 0:
        return 0.0
    value = (points_kk + points_ru) / (2 * per_language_max) * coefficient
    value -= capped_deduction(defects, each, cap_share * weight)
    if not links_to_main:
        value -= no_main_link_penalty
    return max(0.0, value) if floor_zero else value


# --- Criterion 2 (paras 30-38) -------------------------------------------------------------------------


def commissioning_coefficient(late: int, due: int) -> float:
    """m = x / y: systems not commissioned on time / systems due (para 37); no systems due -> 0."""
    return late / due if due > 0 else 0.0


def integration(
    done_points: float,
    required: int,
    late: int,
    due: int,
    *,
    k: float = 20,
    refusals: int = 0,
    refusal_penalty: float = 2,
    floor_zero: bool = True,
) -> float:
    """P2 = a / b * k - x / y (reconstructed from the worked example; A-22), minus 2 per refusal."""
    value = done_points / required * k - commissioning_coefficient(late, due) - refusals * refusal_penalty
    return max(0.0, value) if floor_zero else value


# --- Criterion 3 (paras 39-42) -------------------------------------------------------------------------


def institutional_unit_cso(has_unit: bool, points: float = 3) -> float:
    return points if has_unit else 0.0


def institutional_unit_leb(
    apparatus_unit: bool,
    departments_with_it: int,
    departments_total: int,
    *,
    apparatus_points: float = 1.5,
    departments_points: float = 1.5,
) -> float:
    """Para 42: 1.5 for the akim's apparatus + each department with IT staff weighs 1.5 / N (A-25)."""
    value = apparatus_points if apparatus_unit else 0.0
    if departments_total > 0:
        value += min(departments_with_it, departments_total) * departments_points / departments_total
    return value


def qualification(qualified: int, total: int, k: float = 2) -> float:
    """V2 = a / b * 2 (para 42); a subdivision with no staff earns nothing."""
    return min(qualified, total) / total * k if total > 0 else 0.0


# --- Criterion 4 (paras 43-61) -------------------------------------------------------------------------


def automation_departmental(automated: int, not_automated: int, m: float = 0.0, k: float = 20) -> float:
    """4.1: a / (a + b) * k + m, m <= 0 from the Architecture portal (para 48)."""
    total = automated + not_automated
    return (automated / total * k if total > 0 else 0.0) + m


def architecture_m(stale: Sequence[str], appendix7: Mapping[str, Mapping[str, Any]]) -> float:
    """m = -(Appendix 7 points not obtained). A parameter id ('2') loses its points; a sub-parameter id
    ('2.5') loses points / number of sub-parameters (para 52)."""
    lost = 0.0
    seen: set[str] = set()
    for item in stale:
        item = str(item)
        if item in seen:
            continue
        seen.add(item)
        param = item.split(".")[0]
        spec = appendix7[param]
        if "." in item:
            lost += spec["points"] / spec["subparameters"]
        else:
            lost += spec["points"]
    return -lost


def automation_degree(
    partial: int,
    full: int,
    k: float = 15,
    *,
    partial_weight: float = 0.3,
    full_weight: float = 1,
    not_automated: int = 0,
) -> float:
    """4.2: ((b * 1 + a * 0.3) / (a + b)) * k. The document prints 7.9 for a = 10, b = 5; the value is 8.0.
    `not_automated` > 0 widens the denominator (A-21 'subject' reading)."""
    total = partial + full + not_automated
    return (full * full_weight + partial * partial_weight) / total * k if total > 0 else 0.0


def leb_central_automation(pairs: Sequence[tuple[int, int]], k: float = 5, rule: str = "sum_ratio") -> float:
    """4.3: sum a_i / sum b_i * 5 (A-24), or the mean of the per-LEB ratios."""
    pairs = [(a, b) for a, b in pairs if b > 0]
    if not pairs:
        return 0.0
    if rule == "mean_ratio":
        return sum(min(a, b) / b for a, b in pairs) / len(pairs) * k
    return min(sum(a for a, _ in pairs), sum(b for _, b in pairs)) / sum(b for _, b in pairs) * k


# --- Criterion 5 (paras 62-90) -------------------------------------------------------------------------


def ratio_points(part: float, whole: float, k: float) -> float:
    """5.1 / 5.2: part / whole * k, capped at k."""
    return min(part / whole, 1.0) * k


def collaborative(archived: int, posted: int, k: float = 0.5) -> float:
    return min(archived / posted, 1.0) * k if posted > 0 else 0.0


def npa_agreement(
    sent_pct: float | None, agreed_pct: float | None, deduction: float = 2.5, rule: str = "each_rule"
) -> float:
    """5.3.2, deductions only: -2.5 for each sub-rule below 100% (A-26)."""
    failing = [p for p in (sent_pct, agreed_pct) if p is not None and p < 100 - 1e-9]
    if rule == "single":
        return -deduction if failing else 0.0
    return -deduction * len(failing)


# --- Penalties --------------------------------------------------------------------------------------------


def ict_penalties(late: bool, incomplete: bool, false_facts: int, p: Mapping[str, float]) -> dict[str, float]:
    """Paras 95-99: late 1.5, incomplete 2, 0.2 per false fact capped at 5 — deducted from the final score."""
    return {
        "late_report": p["late_report"] if late else 0.0,
        "incomplete_report": p["incomplete_report"] if incomplete else 0.0,
        "false_facts": capped_deduction(false_facts, p["false_fact"], p["false_facts_cap"]),
    }


def false_fact_penalty(n: int, each: float = 0.2, cap: float = 5.0) -> float:
    return capped_deduction(n, each, cap)


# --- Public services and complaints (2020 methodology, Chapters 3 and 5; reconstructed formulas) ----------


def rate_indicator(k: float, count: float, total: float, per: float) -> float:
    """k - count / total x per, 0 if negative (the shape of P2, T1-T4, R1-R3)."""
    return max(0.0, k - count / total * per)


def satisfaction(scores: Sequence[float], bands: Sequence[Band]) -> float:
    """P1: mean over the service types of the App. 6 band points (scores rounded to 2 decimals, A-22)."""
    return sum(band_points(round_half_up(s, 2), bands) for s in scores) / len(scores)


def automation_services(
    types_electronic: int,
    types_total: int,
    volume_electronic: float,
    volume_total: float,
    transferred: int,
    all_electronic: bool,
    outage_hours: float,
    c: Mapping[str, float],
) -> dict[str, float]:
    """K3 = T + V + B - P: T = c/n x 10, V = d/z x 10, B = c x 1 (max 5; all electronic -> 5),
    P = hours x 0.2 (max 5)."""
    t = min(types_electronic / types_total, 1.0) * c["transfer_m"] if types_total else 0.0
    v = min(volume_electronic / volume_total, 1.0) * c["effectiveness_w"] if volume_total else 0.0
    b = c["incentive_cap"] if all_electronic else min(transferred * c["incentive_w"], c["incentive_cap"])
    p = min(outage_hours * c["outage_w"], c["outage_cap"])
    return {"T": t, "V": v, "B": b, "P": p}


def internal_control(facts: int, late: int, bands: Sequence[Band]) -> float:
    """R4 (App. 13): share of disciplinary-liability facts among late-considered items, 1 decimal (A-22)."""
    return band_points(round_half_up(min(facts / late, 1.0) * 100, 1), bands)


# --- Openness / overall -----------------------------------------------------------------------------------


def partial_credit(max_points: float, share: float, rule: str = "proportional") -> float:
    share = min(max(share, 0.0), 1.0)
    if rule == "all_or_nothing":
        return max_points if share >= 1 - 1e-9 else 0.0
    return max_points * share


def weighted_overall(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    total_w = sum(weights[d] for d in scores)
    return sum(scores[d] * weights[d] for d in scores) / total_w


def grade(score: float, grades: Sequence[Mapping[str, Any]], decimals: int = 2) -> str:
    """Para 101, after rounding to 2 decimals (A-22): 90-100 high, 70-89.99 medium, 50-69.99 low, else
    ineffective."""
    value = round_half_up(score, decimals)
    for g in grades:
        if "at_least" in g and value >= g["at_least"]:
            return str(g["grade"])
        if "otherwise" in g:
            return str(g["otherwise"])
    raise ValueError("grade table has no 'otherwise' row")
