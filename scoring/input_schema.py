"""The agency input format: every figure no crawler can see, one file per body (YAML or XLSX).

One schema drives the YAML reader, the XLSX reader, the template writer and docs/scoring.md. Paths are
dotted (`ict.edms.docs_subject`); in XLSX the scalar fields are rows of a key/value sheet, the lists are
sheets with one row per item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Value kinds. lang_* fields take one value for both languages or {kk: .., ru: ..}.
KINDS = {
    "bool": "true or false (yes/no)",
    "count": "a whole number >= 0",
    "number": "a number >= 0",
    "percent": "a percentage 0-100",
    "share": "a share 0-1, or true/false",
    "date": "a date YYYY-MM-DD",
    "text": "text",
    "list": "a list of ids (in XLSX: comma-separated)",
    "numbers": "a list of numbers (in XLSX: separated by ';')",
    "enum": "one of the listed values",
    "score": "a score 0-100",
}


@dataclass(frozen=True)
class Field:
    path: str
    kind: str
    help: str
    applies_to: tuple[str, ...] = ("cso", "leb")
    lang: bool = False  # per-language value (kk/ru)
    choices: tuple[str, ...] = ()
    sheet: str = ""  # filled in below from the path prefix


@dataclass(frozen=True)
class Table:
    path: str
    sheet: str
    help: str
    columns: tuple[tuple[str, str, bool], ...]  # (name, kind, required)
    applies_to: tuple[str, ...] = ("cso", "leb")
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)


CSO, LEB = ("cso",), ("leb",)

FIELDS: list[Field] = [
    Field("period", "text", "reporting period, e.g. 2025"),
    # Reporting discipline and re-verification (ICT paras 95-99).
    Field("report.submitted_late", "bool", "the Appendix 1 report came after the Schedule deadline (-1.5)"),
    Field("report.incomplete", "bool", "the report lacks required appendices, tables or values (-2)"),
    Field(
        "report.false_facts", "count", "mismatches with the facts found on re-verification (-0.2 each, <= 5)"
    ),
    Field(
        "reorganisation.status",
        "enum",
        "reorganised or liquidated during the assessed year",
        choices=("none", "reorganised", "liquidated"),
    ),
    Field("reorganisation.half", "count", "half of the year (1 or 2) in which it happened"),
    Field("reorganisation.successor", "text", "body key of the legal successor"),
    # Criterion 2 (App. 1 Table 1).
    Field(
        "ict.integration.required",
        "bool",
        "integration of the body's IS is required (false: criterion 2 not assessed, its weight goes to 4.2)",
    ),
    Field("ict.integration.no_departmental_is", "bool", "the body has no departmental IS (para 31)"),
    Field(
        "ict.integration.planned",
        "count",
        "required integrations per the integration plan (b); optional if ICT_Systems is filled",
    ),
    Field("ict.integration.done", "count", "required integrations implemented (a)"),
    Field("ict.integration.systems_due", "count", "departmental IS due for commercial operation by now (y)"),
    Field("ict.integration.systems_late", "count", "of those, not commissioned on time per the NTD (x)"),
    Field(
        "ict.integration.refusals_with_joint_plan",
        "count",
        "integrations this body refused despite an approved joint plan (-2 each)",
    ),
    # Criterion 3 (App. 1 Table 2).
    Field(
        "ict.institutional.it_unit",
        "bool",
        "a structural subdivision develops and supports the body's IS",
        CSO,
    ),
    Field("ict.institutional.apparatus_it_unit", "bool", "the akim's apparatus has such a subdivision", LEB),
    Field("ict.institutional.departments_total", "count", "number of LEB departments", LEB),
    Field(
        "ict.institutional.departments_with_it",
        "count",
        "departments with an IT subdivision or IT staff",
        LEB,
    ),
    Field("ict.institutional.it_staff_total", "count", "heads and staff of the IT subdivision (b)"),
    Field(
        "ict.institutional.it_staff_qualified",
        "count",
        "of those, with special education or a certificate (a)",
    ),
    # Criterion 4 (App. 1 Table 3, App. 7, App. 8).
    Field(
        "ict.automation.all_functions_fully_automated",
        "bool",
        "every function is fully automated (4.1 = 20; with no departmental IS also criterion 2 = 20)",
    ),
    Field(
        "ict.automation.functions_departmental",
        "count",
        "functions automated through departmental IS (a of 4.1); optional if ICT_Functions is filled",
    ),
    Field("ict.automation.functions_not_automated", "count", "functions not automated (b of 4.1)"),
    Field("ict.automation.functions_partial", "count", "partially automated functions (a of 4.2)"),
    Field("ict.automation.functions_full", "count", "fully automated functions (b of 4.2)"),
    Field(
        "ict.automation.architecture_portal_participant",
        "bool",
        "the body filled the Architecture portal (para 49)",
        CSO,
    ),
    Field(
        "ict.automation.architecture_portal_stale",
        "list",
        "Appendix 7 parameters (e.g. 9) or sub-parameters (e.g. 2.5) with more than 50% out of date",
        CSO,
    ),
    Field(
        "ict.automation.architecture_portal_points_lost",
        "number",
        "Appendix 7 points not obtained, when the assessor computed them (m = -this; wins over the list)",
        CSO,
    ),
    Field(
        "ict.automation.appendix8_list",
        "bool",
        "Appendix 8 lists LEB functions in this CSO's competence",
        CSO,
    ),
    # Criterion 5 (App. 1 Table 4, intranet portal, open NPA, open dialogue).
    Field(
        "ict.edms.docs_sent_electronic",
        "count",
        "documents sent only electronically through the unified EDMS",
    ),
    Field("ict.edms.docs_subject", "count", "documents subject to sending only electronically"),
    Field("ict.edms.applications_registered", "count", "registered e-applications from the e-gov portal"),
    Field("ict.edms.applications_total", "count", "all e-applications received from the e-gov portal"),
    Field(
        "ict.intranet.directory_complete_pct", "percent", "staff directory entries complete and current (%)"
    ),
    Field(
        "ict.intranet.drafts_sent_pct",
        "percent",
        "draft NPAs sent for agreement via the intranet portal (%)",
        CSO,
    ),
    Field(
        "ict.intranet.drafts_agreed_pct",
        "percent",
        "received draft NPAs agreed via the intranet portal (%)",
        CSO,
    ),
    Field("ict.intranet.workgroup_docs_posted", "count", "documents posted for discussion in working groups"),
    Field(
        "ict.intranet.workgroup_docs_archived", "count", "of those, transferred to the working-group archive"
    ),
    Field("ict.intranet.library_documents", "count", "informational documents in the body's library folder"),
    Field("ict.intranet.library_empty_folder", "bool", "one of the library folders is empty"),
    Field(
        "ict.intranet.email_usage_pct", "percent", "users using the unified e-mail service / connected (%)"
    ),
    Field(
        "ict.open_npa.draft_laws_planned", "count", "draft laws under the Government's legislative plan", CSO
    ),
    Field(
        "ict.open_npa.draft_laws_published",
        "count",
        "of those, published on the portal before agreement",
        CSO,
    ),
    Field("ict.open_npa.comments_total", "count", "users' comments on the body's drafts", CSO),
    Field("ict.open_npa.comments_answered", "count", "comments with an answer in the final report", CSO),
    Field("ict.open_dialogue.blog_questions", "count", "questions to the head's blog", CSO),
    Field("ict.open_dialogue.blog_answered", "count", "questions with a published answer", CSO),
    Field("ict.open_dialogue.conferences_held", "count", "internet conferences held in the year", LEB),
    Field("ict.open_dialogue.conference_questions", "count", "questions in those conferences", LEB),
    Field("ict.open_dialogue.conference_answered", "count", "questions with a published answer", LEB),
    # Openness (App. 9 report + assessor judgements).
    Field(
        "openness.body_kind",
        "enum",
        "exempt body kind (A-19): National Bank / Ministry of Defence",
        choices=("ordinary", "national_bank", "ministry_of_defence"),
    ),
    Field("openness.false_facts", "count", "false facts in the openness report (-0.2 each, <= 5)"),
    Field("openness.open_data.list_items", "count", "items in the approved open-data List"),
    Field(
        "openness.open_data.datasets_published", "count", "datasets published per the List (agency figure)"
    ),
    Field("openness.open_data.requests_received", "count", "requests to publish additional datasets"),
    Field("openness.open_data.requests_published", "count", "datasets published on those requests"),
    Field(
        "openness.open_data.needs_survey_or_conference",
        "bool",
        "a survey / internet conference on open-data needs each half-year",
    ),
    Field(
        "openness.open_data.needs_it_meetings",
        "bool",
        "meetings with IT companies / hackathons each half-year",
    ),
    Field("openness.open_data.needs_blog_posts", "bool", "head's blog posts on open-data needs"),
    Field("openness.open_budget.secret", "bool", "budget information is secret / for official use (para 68)"),
    Field(
        "openness.open_budget.audit_held", "bool", "state audit / financial control took place in the period"
    ),
    Field("openness.open_budget.programmes_total", "count", "budget programmes whose drafts must be placed"),
    Field(
        "openness.open_budget.discussion_announced", "bool", "the start of public discussion was announced"
    ),
    Field("openness.open_budget.notice_share", "share", "share of budget programmes / reports with a notice"),
    Field(
        "openness.open_budget.strategic_plan_formed",
        "date",
        "date the strategic-plan implementation report was formed (OB-CSO-2: placed within 15 working days)",
        CSO,
    ),
    Field(
        "openness.open_budget.audit_results_received",
        "date",
        "date the state audit / financial control results were received (OB-CSO-4 / OB-LEB-2: 15 working days)",
    ),
    Field(
        "openness.open_budget.public_council_date",
        "date",
        "date the budget-programme reports went to the Public Council (OB-CSO-3 / OB-LEB-1: placed before it)",
    ),
    Field("openness.open_budget.comments_total", "count", "users' comments on budget materials", lang=True),
    Field("openness.open_budget.comments_answered", "count", "of those, answered", lang=True),
    Field("openness.open_npa.concepts_planned", "count", "draft-law concepts under the plan", CSO, lang=True),
    Field(
        "openness.open_npa.concepts_published", "count", "concepts published on the portal", CSO, lang=True
    ),
    Field("openness.open_npa.drafts_planned", "count", "draft NPAs under the development plan", lang=True),
    Field("openness.open_npa.drafts_published", "count", "draft NPAs published on the portal", lang=True),
    Field("openness.open_npa.placement_notified", "bool", "placement of drafts was announced"),
    Field("openness.open_npa.comments_total", "count", "users' comments on drafts and RIA", lang=True),
    Field("openness.open_npa.comments_answered", "count", "of those, answered", lang=True),
    Field("openness.open_dialogue.questions", "count", "questions to the first head's blog", lang=True),
    Field("openness.open_dialogue.answered", "count", "answered per the two Laws", lang=True),
    Field("openness.open_dialogue.blog_posts", "count", "first head's blog posts", lang=True),
    Field(
        "openness.open_dialogue.events_held",
        "count",
        "internet conferences and surveys held on the Open Dialogue portal (DLG-3)",
        lang=True,
    ),
    Field(
        "openness.open_dialogue.online_meetings",
        "count",
        "open collegium meetings broadcast online",
        lang=True,
    ),
    Field("openness.subordinate.none", "bool", "the body has no subordinate organisations (no penalty)"),
    Field(
        "openness.subordinate.answered_share",
        "share",
        "answered share on subordinate heads' blogs",
        lang=True,
    ),
    Field(
        "openness.other_directions.public_services",
        "score",
        "public-services direction total (U / T); wins over the figures under operational.public_services",
    ),
    Field(
        "openness.other_directions.complaints",
        "score",
        "complaints direction total (H); wins over operational.complaints",
    ),
    # The other two directions of the 2020 methodology (Chapters 3 and 5), for the overall assessment.
    Field(
        "operational.public_services.satisfaction_scores",
        "numbers",
        "public-monitoring satisfaction score (5-point scale) of each service type assessed",
    ),
    Field(
        "operational.public_services.monitoring_covered",
        "bool",
        "false: no service type was monitored (P1 = mean of the covered bodies, A-4)",
    ),
    Field(
        "operational.public_services.justified_complaints",
        "count",
        "justified complaints about service quality (i)",
    ),
    Field("operational.public_services.services_rendered", "count", "services rendered in the period (b1)"),
    Field("operational.public_services.services_late", "count", "services rendered late (T1)"),
    Field("operational.public_services.refusals_unjustified", "count", "unjustified refusals (T2)"),
    Field(
        "operational.public_services.incomplete_documents",
        "count",
        "rendered on an incomplete document set (T3)",
    ),
    Field(
        "operational.public_services.extra_documents", "count", "documents beyond the standard demanded (T4)"
    ),
    Field(
        "operational.public_services.service_types_electronic",
        "count",
        "service types on the e-gov portal (c of T)",
        CSO,
    ),
    Field(
        "operational.public_services.service_types_total",
        "count",
        "service types that may be rendered there (n of T)",
        CSO,
    ),
    Field(
        "operational.public_services.volume_electronic", "count", "services rendered electronically (d)", CSO
    ),
    Field("operational.public_services.volume_total", "count", "all services rendered (z)", CSO),
    Field(
        "operational.public_services.transferred_in_period",
        "count",
        "services transferred to electronic form in the period (B)",
        CSO,
    ),
    Field(
        "operational.public_services.all_electronic",
        "bool",
        "all the body's services are electronic (B = 5)",
        CSO,
    ),
    Field(
        "operational.public_services.outage_hours",
        "number",
        "hours the body's e-services were unavailable (P)",
        CSO,
    ),
    Field("operational.public_services.false_facts", "count", "false facts in the services report"),
    Field("operational.complaints.considered_total", "count", "complaints and applications considered (p)"),
    Field("operational.complaints.considered_late", "count", "of those, considered late (f)"),
    Field(
        "operational.complaints.court_reviewed", "count", "complaints whose decisions were reviewed in court"
    ),
    Field("operational.complaints.court_justified", "count", "found justified by a court (a)"),
    Field("operational.complaints.repeated_satisfied", "count", "repeated complaints satisfied (n)"),
    Field(
        "operational.complaints.disciplinary_facts",
        "count",
        "officials brought to disciplinary liability for late consideration",
    ),
    Field("operational.complaints.false_facts", "count", "false facts in the complaints report"),
]

TABLES: list[Table] = [
    Table(
        "ict.search_engine_positions",
        "ICT_Search",
        "a4.1.1: search position of the official site for the body's full and short names (0 = not in "
        "the results; empty = not checked)",
        (("engine", "enum", True), ("full_name", "count", False), ("short_name", "count", False)),
        choices={"engine": ("google", "yandex", "mailru")},
    ),
    Table(
        "ict.integration.systems",
        "ICT_Systems",
        "Appendix 1 Table 1: one row per departmental IS",
        (
            ("name", "text", True),
            ("planned_integrations", "count", True),
            ("done_integrations", "count", True),
            ("ntd_commissioning_date", "date", False),
            ("actual_commissioning_date", "date", False),
            ("due", "bool", False),
        ),
    ),
    Table(
        "ict.automation.functions",
        "ICT_Functions",
        "Appendix 1 Table 3: one row per function of the body",
        (
            ("name", "text", True),
            ("degree", "enum", True),
            ("via", "enum", False),
            ("ntd_confirms", "bool", False),
        ),
        choices={
            "degree": ("full", "partial", "none"),
            "via": ("departmental", "interagency", "internet_resource", "none"),
        },
    ),
    Table(
        "ict.automation.leb_functions",
        "ICT_LEB_Functions",
        "4.3: per LEB, Appendix 8 functions automated through this CSO's IS and subject to it",
        (("leb", "text", True), ("automated", "count", True), ("subject", "count", True)),
        applies_to=CSO,
    ),
]

OPEN_INDICATOR_PREFIX = "openness.indicators."
OPEN_SUBORDINATE_PREFIX = "openness.subordinate."


def sheet_for(path: str) -> str:
    if path.startswith("ict."):
        return "ICT"
    if path.startswith("openness."):
        return "Openness"
    if path.startswith("operational."):
        return "Operational"
    return "Report"


FIELD_BY_PATH = {f.path: f for f in FIELDS}
TABLE_BY_PATH = {t.path: t for t in TABLES}
TABLE_BY_SHEET = {t.sheet: t for t in TABLES}
