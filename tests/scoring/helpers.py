"""Builders shared by the scoring tests: targets, findings and agency inputs."""

from __future__ import annotations

from typing import Any

from core.findings import evidence, finding
from scoring.methodology import load_methodology


def body(
    key: str,
    body_type: str = "central",
    *,
    parent: str | None = None,
    form: str | None = None,
    site: str | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "names": {"ru": key, "kk": key},
        "type": body_type,
        "sites": [site or f"http://{key}.test/"],
        "languages": ["kk", "ru"],
        "parent": parent,
        "committee_form": form,
        "portal_ids": {},
        "platform": "standalone",
    }


def targets(*bodies: dict[str, Any]) -> dict[str, Any]:
    return {"bodies": list(bodies), "portals": {}, "audit": {}}


def a4_findings(
    key: str, points: dict[str, float] | None = None, *, site: str | None = None, skip: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """One finding per Appendix 4 row: full points unless `points` says otherwise."""
    meth = load_methodology("ict")
    out = []
    for ind, spec in meth["appendix4"]["indicators"].items():
        if ind in skip:
            continue
        pts = (points or {}).get(ind, spec["max"])
        out.append(
            finding(
                body=key,
                site=site or f"http://{key}.test/",
                lang=None,
                indicator=ind,
                verdict="pass" if pts >= spec["max"] else "partial",
                points=pts,
                max_points=spec["max"],
                reading="test",
            )
        )
    return out


def section_findings(
    key: str,
    appendix: str,
    table: str,
    share: dict[str, float] | None = None,
    *,
    site: str | None = None,
    defects: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """Appendix 5/6 findings, every section at `share` of its points per language (default full)."""
    meth = load_methodology("ict")
    out = []
    for sec, spec in meth[appendix][table].items():
        for lang in ("kk", "ru"):
            pts = spec[lang] * (share or {}).get(lang, 1.0)
            out.append(
                finding(
                    body=key,
                    site=site or f"http://{key}.test/",
                    lang=lang,
                    indicator=sec,
                    verdict="pass",
                    points=pts,
                    max_points=spec[lang],
                    reading="test",
                )
            )
    prefix = "a5" if appendix == "appendix5" else "a6"
    for lang, n in (defects if defects is not None else {"kk": 0, "ru": 0}).items():
        out.append(
            finding(
                body=key,
                site=site or f"http://{key}.test/",
                lang=lang,
                indicator=f"{prefix}.defects",
                verdict="pass" if n == 0 else "fail",
                points=None,
                max_points=None,
                reading="test",
                evidence_items=[evidence(measured=n)],
            )
        )
    return out


def coefficient(key: str, c: int, main_link: bool = True, site: str | None = None) -> dict[str, Any]:
    return finding(
        body=key,
        site=site or f"http://{key}.test/",
        lang=None,
        indicator="a6.coefficient",
        verdict="pass",
        points=None,
        max_points=None,
        reading="test",
        evidence_items=[evidence(measured={"C": c, "main_link": main_link})],
    )


def full_site(key: str, table: str = "cso", site: str | None = None) -> list[dict[str, Any]]:
    return (
        a4_findings(key, site=site)
        + section_findings(key, "appendix5", table, site=site)
        + section_findings(key, "appendix6", table, site=site)
        + [coefficient(key, 5, site=site)]
    )


def full_ict_input(table: str = "cso") -> dict[str, Any]:
    """An agency input that earns every ICT point."""
    ict: dict[str, Any] = {
        "integration": {"required": True, "planned": 4, "done": 4, "systems_due": 2, "systems_late": 0},
        "institutional": {"it_staff_total": 5, "it_staff_qualified": 5},
        "automation": {
            "functions_departmental": 10,
            "functions_not_automated": 0,
            "functions_partial": 0,
            "functions_full": 10,
        },
        "edms": {
            "docs_sent_electronic": 10,
            "docs_subject": 10,
            "applications_registered": 5,
            "applications_total": 5,
        },
        "intranet": {
            "directory_complete_pct": 100,
            "workgroup_docs_posted": 4,
            "workgroup_docs_archived": 4,
            "library_documents": 6,
            "library_empty_folder": False,
            "email_usage_pct": 90,
        },
    }
    if table == "cso":
        ict["institutional"]["it_unit"] = True
        ict["automation"].update(
            appendix8_list=True,
            leb_functions=[{"leb": "x", "automated": 3, "subject": 3}],
            architecture_portal_participant=False,
        )
        ict["intranet"].update(drafts_sent_pct=100, drafts_agreed_pct=100)
        ict["open_npa"] = {
            "draft_laws_planned": 2,
            "draft_laws_published": 2,
            "comments_total": 4,
            "comments_answered": 4,
        }
        ict["open_dialogue"] = {"blog_questions": 3, "blog_answered": 3}
    else:
        ict["institutional"].update(apparatus_it_unit=True, departments_total=4, departments_with_it=4)
        ict["open_dialogue"] = {"conferences_held": 1, "conference_questions": 2, "conference_answered": 2}
    return {"report": {"submitted_late": False, "incomplete": False, "false_facts": 0}, "ict": ict}


def all_max_openness(table: str = "cso") -> dict[str, Any]:
    """An openness input where the assessor marks every indicator fulfilled in both languages."""
    meth = load_methodology("openness")
    indicators = {
        k: {"kk": 1, "ru": 1}
        for k, v in meth["indicators"].items()
        if not v.get("scoring") and v["measure"] != "subordinate" and v["body_type"] in ("both", table)
    }
    return {"openness": {"indicators": indicators, "subordinate": {"none": True}, "false_facts": 0}}


def node(tree: dict[str, Any], node_id: str) -> dict[str, Any]:
    """Find a node by id anywhere under `tree`."""
    stack = [tree]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            if cur.get("id") == node_id and "status" in cur:
                return cur
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    raise KeyError(node_id)
