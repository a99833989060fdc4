"""Openness direction (2020 methodology, Chapter 4) for one body, and the overall assessment (Chapter 6).

Each leaf indicator gets a fulfilment share (0..1) per language from its rule in the data file (portal
metrics and agency figures), or from the assessor's own share; points = max x share (A-17). Special rules
(paras 62, 68, 73, 77) and exemptions (A-19) are applied in the order the spec recommends (section 5.7).

Measured vs reported: where the collectors measured a figure (or a share) that the agency also reports, the
`open.portal_figures` reading picks one (default: the measured one), both are kept in `figures` with their
sources and the reporting window, and a disagreement beyond `open.figure_tolerance` is flagged. A measured
figure the crawler could not collect (robots.txt) carries its reason into the row's reading.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from scoring import formulas as fx
from scoring.common import LANGS, get, metric_info, pick_figure, side_by_side
from scoring.nodes import Node, not_applicable, not_assessed, scored


class OCtx:
    def __init__(
        self,
        meth: dict[str, Any],
        settings: dict[str, Any],
        body: dict[str, Any],
        body_input: dict[str, Any],
        metrics: dict[str, Any],
        peer_points: dict[str, dict[str, float]] | None = None,
        subordinates: list[dict[str, Any]] | None = None,
        findings: list[dict[str, Any]] | None = None,
    ) -> None:
        self.meth, self.settings, self.body, self.metrics = meth, settings, body, metrics
        self.inp = get(body_input, "openness") or {}
        self.table = meth["body_tables"].get(body["type"])
        self.peer_points = peer_points or {}
        self.subordinates = subordinates or []  # bodies of type subordinate whose parent is this body
        self.findings = findings or []  # audit findings (SUB-WEB-1 facts of the subordinates' sites)
        self.figures: list[dict[str, Any]] = []
        self.notice_cache: dict[str, tuple[bool | None, str]] = {}
        self.tolerance = float(settings.get("open.figure_tolerance", 0) or 0)
        self.current: str | None = None  # the indicator being scored (figures name the rows they feed)
        self.trace: dict[str, list[str]] = {}  # lang -> notes on measured figures (not collected, inferred)
        self.measured: dict[str, bool] = {}  # lang -> a measured (portal) value took part in the share
        self.windows: list[dict[str, Any]] = []  # reporting windows of the measured figures of the current row

    def lang_value(self, path: str, lang: str) -> Any:
        v = get(self.inp, path)
        return v.get(lang) if isinstance(v, dict) else v

    def _note(self, lang: str, text: str) -> None:
        notes = self.trace.setdefault(lang, [])
        if text not in notes:
            notes.append(text)

    def _measured_meta(self, name: str, value: Any, meta: dict[str, Any], lang: str, used: bool = True) -> None:
        if value is not None and used:
            self.measured[lang] = True
            if meta.get("window") and meta["window"] not in self.windows:
                self.windows.append(meta["window"])
        if value is None and meta.get("not_assessed"):
            self._note(lang, f"measured figure {name} not collected: {meta['not_assessed']}")
        if meta.get("inferred"):
            self._note(lang, f"{name} is INFERRED: {meta['inferred']}")

    def ref(self, ref: str, lang: str) -> Any:
        kind, _, name = ref.partition(":")
        if kind == "input":
            return self.lang_value(name, lang)
        if kind == "metric":
            portal, _, m = name.partition(".")
            value, _ev, meta = metric_info(self.metrics, self.body["key"], portal, m, lang)
            self._measured_meta(name, value, meta, lang)
            return value
        if kind == "figure":
            spec = self.meth["figures"][name]
            agency = self.lang_value(spec["input"], lang)
            portal, _, m = spec["metric"].partition(".")
            measured, ev, meta = metric_info(self.metrics, self.body["key"], portal, m, lang)
            value, used = pick_figure(agency, measured, self.settings["open.portal_figures"])
            self._measured_meta(spec["metric"], measured, meta, lang, used == "measured")
            self.add_figure(name, lang, agency, measured, ev, used, meta,
                            {"agency": f"agency input openness.{spec['input']}",
                             "measured": f"metrics.json {spec['metric']} ({portal} collector)"})
            return value
        raise ValueError(f"unknown reference {ref!r}")

    def add_figure(self, name: str, lang: str, agency: Any, measured: Any, evidence: list[str], used: str | None,
                   meta: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
        """Record (once per figure and language) an agency figure beside the measured one, and the rows it feeds."""
        for fig in self.figures:
            if fig["figure"] == name and fig["lang"] == lang:
                if self.current and self.current not in fig["indicators"]:
                    fig["indicators"].append(self.current)
                return fig
        fig = side_by_side(name, agency, measured, evidence, used, tolerance=self.tolerance, meta=meta,
                           sources=sources)
        fig["lang"] = lang
        fig["indicators"] = [self.current] if self.current else []
        self.figures.append(fig)
        return fig

    def refs_sum(self, refs: str | list[str], lang: str) -> float | None:
        values = [self.ref(r, lang) for r in ([refs] if isinstance(refs, str) else refs)]
        if any(v is None for v in values):
            return None
        return float(sum(values))


def _leaves(meth: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {
        k: v
        for k, v in meth["indicators"].items()
        if not v.get("scoring") and v["body_type"] in ("both", table)
    }


# --- rules: (share | None, reading) ------------------------------------------------------------------------


def _share(ctx: OCtx, ind: str, rule: dict[str, Any], lang: str) -> tuple[float | None, str]:
    kind = rule["rule"]
    if kind == "assessor":
        return None, f"assessor's judgement needed: openness.indicators.{ind}"
    if kind == "share":
        num, den = ctx.refs_sum(rule["num"], lang), ctx.refs_sum(rule["den"], lang)
        if den is None or (den and num is None):
            return None, f"missing figures: {rule['num']} / {rule['den']}"
        if den == 0:
            on_zero = rule.get("on_zero", "not_assessed")
            if on_zero == "setting":
                on_zero = ctx.settings["open.no_questions_or_comments"]
            if (
                on_zero == "max"
                and ind in NPA_NOTHING
                and ctx.settings["open.nothing_to_do_rule"] == "joint"
                and not _npa_nothing_joint(ctx, lang)
            ):
                return 0.0, "nothing to do here, but A-10 joint reading needs no drafts and no comments"
            if on_zero == "max":
                return 1.0, "nothing to do: maximum (para 73 / open.no_questions_or_comments)"
            return None, f"{rule['den']} is 0: not assessed"
        return min(num / den, 1.0), f"{num:g} / {den:g}"
    if kind == "on_time":
        total, late = ctx.refs_sum(rule["total"], lang), ctx.refs_sum(rule["late"], lang)
        if total is None or late is None:
            return None, "missing figures: " + ", ".join(rule["total"] + rule["late"])
        if total == 0:
            return None, "nothing published or due: not assessed"
        return max(0.0, total - late) / total, f"on time: ({total:g} - {late:g} late or missing) / {total:g}"
    if kind == "present":
        values = [ctx.ref(r, lang) for r in rule["refs"]]
        if all(v is None for v in values):
            return None, "not measured: " + ", ".join(rule["refs"])
        return (1.0 if any(bool(v) for v in values if v is not None) else 0.0), "present: " + ", ".join(
            f"{r}={v}" for r, v in zip(rule["refs"], values, strict=True)
        )
    if kind == "count_true":
        values = [ctx.ref(r, lang) for r in rule["refs"]]
        if any(v is None for v in values):
            return None, "agency input missing: " + ", ".join(
                r for r, v in zip(rule["refs"], values, strict=True) if v is None
            )
        return sum(1 for v in values if v) / len(
            values
        ), f"{sum(1 for v in values if v)} of {len(values)} measures"
    if kind == "published_within":
        return _published_within(ctx, rule, lang)
    if kind == "budget_reports":
        return _budget_reports(ctx, rule, lang)
    if kind == "od_requests":
        requests = ctx.ref(rule["requests"], lang)
        if requests is None:
            return None, f"agency input missing: {rule['requests']}"
        if requests == 0:
            measures = [ctx.ref(r, lang) for r in rule["measures"]]
            if any(m is None for m in measures):
                return None, "no requests; whether the needs measures were done is missing (para 62)"
            if all(measures):
                return 1.0, "needs measures done and no requests: maximum (para 62)"
            zero = ctx.settings["open.od2_no_requests_without_measures"] == "zero"
            return (0.0 if zero else 1.0), "no requests but the needs measures were not all done"
        published = ctx.ref(rule["published"], lang)
        if published is None:
            return None, f"agency input missing: {rule['published']}"
        return min(published / requests, 1.0), f"{published} of {requests} requests published"
    raise ValueError(f"unknown rule {kind!r} for {ind}")


def _dates(value: Any) -> list[date]:
    items = value if isinstance(value, list) else [value]
    out = []
    for v in items:
        try:
            out.append(date.fromisoformat(str(v)[:10]))
        except ValueError:
            continue
    return out


def _published_within(ctx: OCtx, rule: dict[str, Any], lang: str) -> tuple[float | None, str]:
    """Placed on the portal within N working days of a date only the agency knows (OB-CSO-2: formation of the
    report; OB-CSO-4 / OB-LEB-2: receipt of the audit results). Presence is measured; the share is the placed
    documents dated within the limit."""
    placed = ctx.ref(rule["published"], lang)
    if placed is None:
        return None, f"not measured: {rule['published']}"
    if not placed:
        return 0.0, f"not placed on the portal in the reporting period ({rule['published']}={placed})"
    stamps = _dates(ctx.ref(rule["dates"], lang))
    since = ctx.ref(rule["since"], lang)
    if since is None:
        return None, (f"placed ({', '.join(d.isoformat() for d in stamps) or 'undated'}); the date it is counted "
                      f"from is only in the agency report: {rule['since']} missing, timeliness not assessed")
    start = _dates(since)
    if not start or not stamps:
        return None, f"no publication date or no valid {rule['since']}: timeliness not assessed"
    limit = int(rule["working_days"])
    on_time = [d for d in stamps if fx.working_days_between(start[0], d) <= limit]
    return len(on_time) / len(stamps), (f"{len(on_time)} of {len(stamps)} placed within {limit} working days of "
                                        f"{start[0].isoformat()} ({rule['since']})")


def _budget_reports(ctx: OCtx, rule: dict[str, Any], lang: str) -> tuple[float | None, str]:
    """OB-CSO-3 / OB-LEB-1: reports of the year's programmes placed by 1 April of the next year and, when the
    agency gives the Public Council meeting date, before it (whichever is earlier binds)."""
    published, missing, late = (ctx.ref(rule[k], lang) for k in ("published", "missing", "late"))
    if published is None or missing is None or late is None:
        return None, f"missing figures: {rule['published']}, {rule['missing']}, {rule['late']}"
    total = published + missing
    if total == 0:
        return None, "no implementation report due in the reporting period: not assessed"
    council = _dates(ctx.ref(rule["council"], lang) or [])
    why = "1 April of the following year"
    if council:
        portal, _, m = rule["dates"].split(":", 1)[1].partition(".")
        stamps, _, meta = metric_info(ctx.metrics, ctx.body["key"], portal, m, lang)
        year = int(str((meta.get("window") or {}).get("start", "0000"))[:4]) or None
        if year and council[0] <= date(year + 1, 4, 1) and stamps is not None:
            late = sum(1 for d in _dates(stamps) if d > council[0])
            why = f"the Public Council meeting of {council[0].isoformat()} ({rule['council']})"
    on_time = max(0.0, total - late - missing)
    return on_time / total, f"on time (by {why}): {on_time:g} of {total:g} ({late:g} late, {missing:g} missing)"


NPA_NOTHING = {"NPA-CSO-1", "NPA-CSO-2", "NPA-CSO-4", "NPA-LEB-1", "NPA-LEB-3"}


def _npa_nothing_joint(ctx: OCtx, lang: str) -> bool:
    planned = ctx.ref("input:open_npa.drafts_planned", lang)
    comments = ctx.ref("figure:npa_comments_total", lang)
    return planned == 0 and comments == 0


def _notice(ctx: OCtx, group: str) -> tuple[bool | None, str]:
    """Was anything announced (paras 68, 73)? The agency's answer, else the group's own indicators."""
    if group in ctx.notice_cache:
        return ctx.notice_cache[group]
    spec = ctx.meth["notices"][group]
    explicit = get(ctx.inp, spec["input"])
    if explicit is not None:
        result = (bool(explicit), f"openness.{spec['input']}={explicit}")
    else:
        parent = spec[ctx.table]
        kids = [k for k, v in ctx.meth["indicators"].items() if v.get("parent") == parent]
        shares = []
        for kid in kids:
            given = get(ctx.inp, "indicators") or {}
            for lang in LANGS:
                v = (given.get(kid) or {}).get(lang) if isinstance(given.get(kid), dict) else None
                if v is not None:
                    shares.append(float(v))
        if not shares:
            result = (None, f"unknown whether anything was announced ({parent} not assessed)")
        else:
            result = (
                any(s > 0 for s in shares),
                f"{parent} indicators: {'some' if any(shares) else 'no'} announcement found",
            )
    ctx.notice_cache[group] = result
    return result


def _exempt(ctx: OCtx, rule: dict[str, Any]) -> bool:
    kind = get(ctx.inp, "body_kind")
    return bool(rule.get("exempt")) and kind == rule["exempt"]


def _reconcile(ctx: OCtx, ind: str, lang: str, override: Any, share: float | None, why: str
               ) -> tuple[float | None, str]:
    """The assessor's / agency's share (openness.indicators) beside the one measured from the portals: the
    reading open.portal_figures picks; both are kept as a figure, a disagreement is flagged."""
    claimed = float(override)
    if share is None or not ctx.measured.get(lang):
        return claimed, "assessor's share (openness.indicators)"
    value, used = pick_figure(claimed, share, ctx.settings["open.portal_figures"])
    ctx.add_figure(f"{ind} share", lang, claimed, round(share, 6), [], used, {},
                   {"agency": f"agency input openness.indicators.{ind}", "measured": f"portal rule: {why}"})
    if used == "agency":
        return claimed, f"assessor's share (openness.indicators; measured {share:g}: {why})"
    return share, f"{why}; measured (the assessor's {claimed:g} shown beside; open.portal_figures)"


def leaf(ctx: OCtx, ind: str, spec: dict[str, Any]) -> Node:
    """One leaf indicator over kk and ru."""
    rule = ctx.meth["rules"][ind]
    partial_rule = ctx.settings["open.partial_credit"]
    ctx.current, ctx.windows = ind, []
    if _exempt(ctx, rule):
        if ctx.settings["open.exemptions"] == "rescale":
            return not_applicable(
                ind,
                spec["kk"] + spec["ru"],
                f"exempt ({rule['exempt']}); measure rescaled (A-19)",
                title=spec["title"],
            )
    langs: dict[str, Any] = {}
    for lang in LANGS:
        top = float(spec[lang])
        given = get(ctx.inp, "indicators") or {}
        override = given.get(ind, {}).get(lang) if isinstance(given.get(ind), dict) else None
        ctx.trace[lang], ctx.measured[lang] = [], False
        notes = []
        share: float | None
        if _exempt(ctx, rule):
            share, why = 1.0, f"exempt ({rule['exempt']}): maximum (A-19 open.exemptions=max_on_exempt)"
        elif rule.get("secret_average") and get(ctx.inp, "open_budget.secret"):
            avg = (ctx.peer_points.get(ind) or {}).get(lang)
            if avg is None:
                langs[lang] = {
                    "status": "not_assessed",
                    "points": None,
                    "max_points": top,
                    "reason": "secret budget: no other body's score to average (para 68)",
                }
                continue
            langs[lang] = {
                "status": "scored",
                "points": avg,
                "max_points": top,
                "share": avg / top if top else None,
                "reason": "secret budget: average of the other bodies (para 68; A-12)",
            }
            continue
        else:
            share, why = (None, "") if rule["rule"] == "assessor" else _share(ctx, ind, rule, lang)
            mw = rule.get("max_when_false")
            if mw and ctx.ref(mw, lang) is False:
                share, why = 1.0, f"{mw.split(':', 1)[1]} is false: maximum (para 68)"
            if override is not None:
                share, why = _reconcile(ctx, ind, lang, override, share, why)
            elif rule["rule"] == "assessor":
                why = f"assessor's judgement needed: openness.indicators.{ind}"
        nothing_to_do = share == 1.0 and why.startswith(("nothing to do", "openness.open_budget.audit",
                                                         "open_budget.audit"))
        if share is not None and rule.get("zero_without_notice") and not nothing_to_do:
            announced, how = _notice(ctx, rule["zero_without_notice"])
            if announced is False:
                share, why = 0.0, f"no announcement: 0 (paras 68/73; {how})"
            elif announced is None:
                notes.append(how)
            elif (
                rule["zero_without_notice"] == "budget"
                and ctx.settings["open.budget_notice_rule"] == "per_item"
            ):
                ns = get(ctx.inp, "open_budget.notice_share")
                if ns is not None:
                    share *= float(ns)
                    why += f"; x notice share {ns} (A-11 per_item)"
        notes += ctx.trace[lang]
        if share is None:
            reason = "; ".join([why] + ctx.trace[lang]) if ctx.trace[lang] else why
            langs[lang] = {"status": "not_assessed", "points": None, "max_points": top, "reason": reason,
                           **({"not_collected": ctx.trace[lang]} if ctx.trace[lang] else {})}
            continue
        langs[lang] = {
            "status": "scored",
            "points": fx.partial_credit(top, share, partial_rule),
            "max_points": top,
            "share": round(share, 6),
            "reason": why,
            **({"notes": notes} if notes else {}),
        }
    ctx.current = None
    node = _lang_node(
        ind, spec, langs, f"points per language = max x share (A-17 open.partial_credit={partial_rule})"
    )
    extra = [f"[{lang}] {n}" for lang, v in langs.items() for n in v.get("notes", []) if v["status"] == "scored"]
    if extra:  # shown with the row in the report: a measured figure that was not collected or is INFERRED
        node["reading"] += "; " + "; ".join(dict.fromkeys(extra))
    if ctx.windows:  # the reporting period the portal counts of this row were made in
        node["windows"] = list(ctx.windows)
        node["reading"] += "; portal counts of " + ", ".join(dict.fromkeys(w["label"] for w in ctx.windows))
    return node


def _lang_node(ind: str, spec: dict[str, Any], langs: dict[str, Any], reading: str) -> Node:
    top = float(spec["kk"]) + float(spec["ru"])
    done = {k: v for k, v in langs.items() if v["status"] == "scored"}
    if not done:
        node = not_assessed(
            ind,
            top,
            "; ".join(f"[{k}] {v['reason']}" for k, v in langs.items()),
            title=spec["title"],
            missing=[f"{ind}[{k}]" for k in langs],
        )
    else:
        node = scored(
            ind,
            sum(v["points"] for v in done.values()),
            top,
            title=spec["title"],
            reading=reading,
            min_points=min(0.0, top),
        )
        node["assessable_max"] = sum(v["max_points"] for v in done.values())
        if len(done) < len(langs):
            node["status"] = "partial"
            node["not_assessed"] = [f"{ind}[{k}]" for k in langs if k not in done]
    node["languages"] = langs
    if top < 0:  # penalties: max_points is the worst case; the best is 0
        node["max_points"], node["min_points"] = 0.0, top
        node["assessable_max"] = 0.0
    return node


def _tree(ctx: OCtx, measure: str, leaf_nodes: dict[str, Node]) -> list[Node]:
    """Top-level rows of a measure; parents (sum_of_children) carry their children as components."""
    out = []
    for ind, spec in ctx.meth["indicators"].items():
        if spec["measure"] != measure or spec.get("parent") or spec["body_type"] not in ("both", ctx.table):
            continue
        if spec.get("scoring") == "sum_of_children":
            kids = [leaf_nodes[k] for k, v in ctx.meth["indicators"].items() if v.get("parent") == ind]
            out.append(_sum(ind, spec["title"], kids, float(spec["kk"]) + float(spec["ru"])))
        else:
            out.append(leaf_nodes[ind])
    return out


def _sum(node_id: str, title: str, kids: list[Node], top: float) -> Node:
    from scoring.nodes import combine

    node = combine(node_id, kids, abs(top), title=title, reading="sum of its rows")
    if top < 0:
        node["max_points"], node["min_points"] = 0.0, top
        node["assessable_max"] = 0.0
    return node


def measure(ctx: OCtx, key: str, leaf_nodes: dict[str, Node]) -> Node:
    spec = ctx.meth["measures"][key]
    rows = _tree(ctx, key, leaf_nodes)
    node = _sum(key, spec["title"], rows, spec["max"])
    if node["points"] is not None:
        exempt = sum(r["max_points"] for r in rows if r["status"] == "not_applicable") + sum(
            c["max_points"]
            for r in rows
            if r["status"] != "not_applicable"
            for c in r.get("components", [])
            if c["status"] == "not_applicable"
        )
        if exempt and ctx.settings["open.exemptions"] == "rescale":
            factor = spec["max"] / (spec["max"] - exempt)
            node["points"] = round(node["points"] * factor, 6)
            node["assessable_max"] = round(node["assessable_max"] * factor, 6)
            node["reading"] += f"; rescaled x {factor:.4g} for exempt rows (A-19)"
        node["points"] = min(node["points"], spec["max"])
    node["symbol"] = spec["symbol"]
    return node


def _sub_value(ctx: OCtx, sub: dict[str, Any], portal: str, name: str, lang: str) -> Any:
    value, _ev, meta = metric_info(ctx.metrics, sub["key"], portal, name, lang)
    if value is None and meta.get("not_assessed"):
        ctx._note(lang, f"{sub['key']}: {portal}.{name} not collected: {meta['not_assessed']}")
    return value


def _any_violation(found: list[tuple[str, bool | None]], what: str) -> tuple[bool | None, str]:
    """A-21: once per indicator and language if any organisation fails; no violation only when every
    organisation was measured and none fails."""
    bad = [k for k, v in found if v is True]
    unknown = [k for k, v in found if v is None]
    if bad:
        return True, f"{what}: {', '.join(bad)}"
    if unknown or not found:
        return None, f"not measured for {', '.join(unknown) or 'any organisation'}"
    return False, f"measured for {', '.join(k for k, _ in found)}: none fails"


def sub_measured(ctx: OCtx, ind: str, lang: str) -> tuple[bool | None, str]:
    """The violation of one P5 indicator measured on the subordinate organisations' own sites (the SUB-WEB-1
    audit finding) and portal entries; None when the measurement cannot decide."""
    subs = ctx.subordinates
    found: list[tuple[str, bool | None]] = []
    for sub in subs:
        key, ids = sub["key"], sub.get("portal_ids") or {}
        v: bool | None = None
        if ind == "SUB-WEB-1":
            f = next((f for f in ctx.findings if f.get("body") == key and f.get("indicator") == "SUB-WEB-1"
                      and f.get("lang") == lang), None)
            v = True if f and f.get("verdict") == "fail" else None  # pages found: the Art. 16 list is not ours
        elif ind.startswith("SUB-OD") and ids.get("data_egov"):
            published = _sub_value(ctx, sub, "data_egov", "datasets_published", lang)
            if ind == "SUB-OD-1":
                v = True if published == 0 else None  # the approved List itself is in the agency report
            elif ind == "SUB-OD-2":
                overdue = _sub_value(ctx, sub, "data_egov", "datasets_overdue", lang)
                v = None if overdue is None else overdue > 0
            else:
                incomplete = _sub_value(ctx, sub, "data_egov", "metadata_incomplete", lang)
                v = None if incomplete is None else incomplete > 0
        elif ind.startswith("SUB-DLG") and ids.get("dialog"):
            exists = _sub_value(ctx, sub, "dialog", "blog_exists", lang)
            if ind == "SUB-DLG-1":
                v = None if exists is None else not exists
            elif exists is False:
                v = False  # no blog, no questions: SUB-DLG-1 carries it
            else:
                q = _sub_value(ctx, sub, "dialog", "questions", lang)
                a = _sub_value(ctx, sub, "dialog", "answered", lang)
                threshold = ctx.meth["subordinate"]["answered_share_threshold"]
                v = None if q is None or a is None else (q > 0 and a / q < threshold)
        found.append((key, v))
    what = {"SUB-WEB-1": "no pages at all in this language on the site of", "SUB-OD-1": "no dataset placed by",
            "SUB-OD-2": "overdue datasets of", "SUB-OD-3": "incorrectly filled datasets of",
            "SUB-DLG-1": "no first-head blog of", "SUB-DLG-2": "answered share below 90% on the blog of"}[ind]
    return _any_violation(found, what)


def subordinate(ctx: OCtx) -> Node:
    """P5: penalties once per indicator per language (A-21), capped 3 per group and 9 in all. The violation is
    measured on the subordinate organisations of the targets file (type subordinate, this parent) where the
    portals and their sites can decide it; the agency's flag (openness.subordinate.*) is shown beside and used
    where nothing was measured (open.portal_figures)."""
    sub = ctx.meth["subordinate"]
    rule = ctx.settings["open.portal_figures"]
    if get(ctx.inp, "subordinate.none") and not (ctx.subordinates and rule != "agency"):
        node = scored(
            "subordinate",
            0.0,
            0.0,
            title="Openness of subordinate organisations",
            reading="no subordinate organisations: no penalty",
            min_points=-float(sub["cap"]),
        )
        return node
    if get(ctx.inp, "subordinate.none") and ctx.subordinates:
        ctx.current = "subordinate"
        ctx.add_figure("subordinate organisations", "all", 0, len(ctx.subordinates),
                       [s["key"] for s in ctx.subordinates], "measured", {},
                       {"agency": "agency input openness.subordinate.none=true",
                        "measured": "targets file: bodies of type subordinate with this parent"})
        ctx.current = None
    groups = []
    for group, cap in sub["groups"].items():
        kids = []
        for ind, spec in ctx.meth["indicators"].items():
            if spec.get("parent") != group:
                continue
            langs = {}
            ctx.current = ind
            for lang in LANGS:
                ctx.trace[lang] = []
                flag = ctx.lang_value(f"subordinate.{ind}", lang)
                why = f"openness.subordinate.{ind}"
                share_ref = ctx.meth["rules"][ind].get("share_below")
                if flag is None and share_ref is not None:
                    share = ctx.ref(share_ref, lang)
                    if share is not None:
                        flag = float(share) < sub["answered_share_threshold"]
                        sign = "<" if flag else ">="
                        why = f"answered share {share} {sign} {sub['answered_share_threshold']}"
                measured, how = sub_measured(ctx, ind, lang) if ctx.subordinates else (None, "")
                violation, used = pick_figure(None if flag is None else bool(flag), measured, rule)
                if ctx.subordinates:
                    ctx.add_figure(f"{ind} violation", lang, None if flag is None else bool(flag), measured,
                                   [s["key"] for s in ctx.subordinates], used, {},
                                   {"agency": f"agency input openness.subordinate.{ind}" if flag is not None
                                    else "agency input: not given", "measured": how})
                if used == "measured":
                    why = f"measured: {how}" + (f" (agency flag {flag} shown beside)" if flag is not None else "")
                elif ctx.subordinates and measured is None:
                    why += f"; measured: {how}"
                top = float(spec[lang])
                if violation is None:
                    langs[lang] = {
                        "status": "not_assessed",
                        "points": None,
                        "max_points": top,
                        "reason": f"agency input missing: openness.subordinate.{ind}"
                        + (f"; measured: {how}" if how else ""),
                    }
                else:
                    langs[lang] = {
                        "status": "scored",
                        "points": top if violation else 0.0,
                        "max_points": top,
                        "violation": bool(violation),
                        "reason": why,
                        **({"notes": ctx.trace[lang]} if ctx.trace[lang] else {}),
                    }
            ctx.current = None
            kids.append(
                _lang_node(ind, spec, langs, "penalty when a violation is found (App. 10 Tables 8-10)")
            )
        node = _sum(group, ctx.meth["indicators"][group]["title"], kids, -float(cap))
        if node["points"] is not None:
            node["points"] = max(node["points"], -float(cap))
        groups.append(node)
    node = _sum("subordinate", "Openness of subordinate organisations", groups, -float(sub["cap"]))
    if node["points"] is not None:
        node["points"] = max(node["points"], -float(sub["cap"]))
        node["reading"] = "sum of group penalties, each capped at 3, total capped at 9 (paras 81-83)"
    node["symbol"] = "P5"
    if ctx.subordinates:
        node["organisations"] = [s["key"] for s in ctx.subordinates]
    return node


def score_body(ctx: OCtx) -> dict[str, Any]:
    if ctx.table is None:
        reason = ("subordinate organisations are assessed within their parent's P5 (paras 79-83)"
                  if ctx.body.get("type") == "subordinate" else "committees are assessed within their central body")
        return {"status": "not_applicable", "reason": reason}
    leaf_nodes = {
        ind: leaf(ctx, ind, spec)
        for ind, spec in _leaves(ctx.meth, ctx.table).items()
        if spec["measure"] != "subordinate"
    }
    measures = [measure(ctx, key, leaf_nodes) for key in ctx.meth["measures"]]
    p5 = subordinate(ctx)
    total = _sum("openness", "Openness (O = P1 + P2 + P3 + P4 - P5)", measures + [p5], ctx.meth["total_max"])
    total["max_points"] = ctx.meth["total_max"]
    total["assessable_max"] = sum(m["assessable_max"] for m in measures if m["points"] is not None)
    total["min_points"] = 0.0
    if total["points"] is not None:
        total["points"] = max(0.0, total["points"])
    ff = get(ctx.inp, "false_facts")
    apply_ff = bool(ctx.settings["open.false_facts_apply"])
    penalty = (
        fx.false_fact_penalty(ff or 0, ctx.meth["false_facts"]["each"], ctx.meth["false_facts"]["cap"])
        if apply_ff
        else 0.0
    )
    final = {k: v for k, v in total.items() if k != "components"}
    final["id"] = "openness_final"
    if total["points"] is not None:
        final["points"] = round(max(0.0, total["points"] - penalty), 6)
        final["reading"] = (
            f"O minus 0.2 per false fact, at most 5 (para 20; A-16 open.false_facts_apply={apply_ff})"
        )
        if ff is None and apply_ff:
            final["status"] = "partial"
            final["not_assessed"] = list(total["not_assessed"]) + ["openness.false_facts"]
    flags = [
        f"agency and portal differ on {f['figure']} [{f['lang']}]: {f['agency']} vs {f['measured']}"
        for f in ctx.figures
        if f["differs"]
    ]
    not_collected = [
        {"indicator": ind, "lang": lang, "status": v["status"], "reasons": v.get("not_collected")
         or [n for n in v.get("notes", []) if "not collected" in n]}
        for ind, node in list(leaf_nodes.items()) + [(c["id"], c) for g in p5.get("components", [])
                                                     for c in g.get("components", [])]
        for lang, v in (node.get("languages") or {}).items()
        if v.get("not_collected") or any("not collected" in n for n in v.get("notes", []))
    ]
    return {
        "measures": {m["id"]: m for m in measures},
        "subordinate": p5,
        "not_collected": not_collected,
        "total": {k: v for k, v in total.items() if k != "components"},
        "false_facts": {"count": ff, "penalty": penalty},
        "final": final,
        "figures": ctx.figures,
        "flags": flags,
        "leaves": leaf_nodes,
    }


def overall(
    meth: dict[str, Any],
    settings: dict[str, Any],
    body_input: dict[str, Any],
    openness_final: Node | None,
    computed: dict[str, Node | None] | None = None,
) -> dict[str, Any]:
    """Paras 100-101: the three directions combined (A-3) and graded. A direction total given in the input
    (openness.other_directions.*) wins over one computed from operational.* figures."""
    scores: dict[str, float] = {}
    sources: dict[str, str] = {}
    missing = []
    for d in meth["directions"]:
        if d == "openness":
            node = openness_final
            v = node["points"] if node and node.get("status") == "scored" else None
            source = "scored"
        else:
            v, source = get(body_input, f"openness.other_directions.{d}"), "input"
            node = (computed or {}).get(d)
            if v is None and node is not None and node.get("status") == "scored":
                v, source = node["points"], "computed"
        if v is None:
            missing.append(d)
        else:
            scores[d] = float(v)
            sources[d] = source
    combination = settings["open.overall_combination"]
    weights = settings["open.overall_weights"]
    out: dict[str, Any] = {
        "directions": scores,
        "sources": sources,
        "weights": weights,
        "combination": combination,
        "reading": f"A-3 open.overall_combination={combination}; grades 90/70/50 after rounding to 2 "
        "decimals (A-22)",
    }
    if missing:
        return {
            **out,
            "status": "not_assessed",
            "points": None,
            "grade": None,
            "not_assessed": missing,
            "note": "directions missing: openness must be fully assessed; public services and complaints "
            "come from openness.other_directions or, fully assessed, from operational.* in the agency input",
        }
    if combination == "sum":
        return {
            **out,
            "status": "scored",
            "points": round(sum(scores.values()), 6),
            "grade": None,
            "note": "literal sum (0-300) cannot be graded",
        }
    value = fx.weighted_overall(scores, weights)
    return {
        **out,
        "status": "scored",
        "points": round(value, 6),
        "max_points": 100,
        "grade": fx.grade(value, meth["grades"], settings["open.grade_rounding"]),
    }
