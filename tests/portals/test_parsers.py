"""Parser and rule unit tests on single fixture pages and strings (no HTTP)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from crawler.portals.budget import parse_programme, parse_search
from crawler.portals.common import parse_date, parse_day_month, working_days_between
from crawler.portals.data_egov import highest_version, is_stale
from crawler.portals.dialog import parse_questions
from crawler.portals.egov import parse_catalog, parse_provider, suffix_of
from crawler.portals.http import _retry_after_seconds, endpoint_group
from crawler.portals.legalacts import parse_card, parse_list, report_empty_answers
from fixtures.clock import FIXTURE_NOW
from fixtures.portals import budget as fx_budget
from fixtures.portals import dialog as fx_dialog
from fixtures.portals import legalacts as fx_legal
from fixtures.server import Request


def req(path: str, lang: str | None = None, **query: str) -> Request:
    return Request(method="GET", path=path, query={k: [v] for k, v in query.items()}, headers={}, body=b"",
                   cookies={"egovLang": lang} if lang else {})


def test_date_formats_of_the_portals():
    assert parse_date("15/09/2026") == date(2026, 9, 15)
    assert parse_date("2026-10-05 00:00:00.0") == date(2026, 10, 5)      # DEF-24 version pages
    assert parse_date("01.04.2026 10:30") == date(2026, 4, 1)
    assert parse_date("2026-05-10T10:00:00.000+05:00") == date(2026, 5, 10)
    assert parse_date("Автор  01.01.2025") == date(2025, 1, 1)
    assert parse_date("no date") is None and parse_date("31.02.2026") is None


def test_comment_stamp_without_year_takes_the_year_from_the_card():
    assert parse_day_month("Иванов 10/09 - 11:05", date(2026, 9, 1)) == date(2026, 9, 10)
    assert parse_day_month("Иванов 05/01 - 09:00", date(2025, 12, 20)) == date(2026, 1, 5)


def test_working_days_and_retry_after():
    assert working_days_between(date(2026, 6, 26), date(2026, 6, 29)) == 1   # Fri -> Mon
    assert working_days_between(date(2026, 6, 1), date(2026, 6, 22)) == 15
    for start in (date(2026, 1, 1) + timedelta(days=i) for i in range(10)):
        for n in (0, 3, 17, 40):
            assert working_days_between(start, start + timedelta(days=n)) == \
                fx_dialog.working_days_between(start, start + timedelta(days=n))
    assert _retry_after_seconds("2", 9) == 2 and _retry_after_seconds(None, 9) == 9
    assert _retry_after_seconds("garbage", 3) == 3
    assert endpoint_group("/cms/ru/online-services/for_citizen/pass1_mz") == "/cms/ru/online-services/for_citizen/*"
    assert endpoint_group("/list") == "/list"


def test_highest_version_is_numeric_and_staleness_uses_the_period():
    assert highest_version(["v1", "v2", "v10"]) == "v10"                  # DEF-19
    assert highest_version(["data"]) is None
    fresh = {"actualizeType": "MONTHLY", "modifiedDate": "2026-06-20T10:00:00.000+05:00"}
    old = {"actualizeType": "MONTHLY", "modifiedDate": "2026-03-01T10:00:00.000+05:00"}
    assert not is_stale(fresh, FIXTURE_NOW) and is_stale(old, FIXTURE_NOW)
    assert not is_stale({**old, "actualizeType": "AS_NEEDED"}, FIXTURE_NOW)


def test_legalacts_card_in_kazakh_without_cookie_and_in_russian_with_it():
    site = fx_legal.build(1279)
    act = next(a for a in site.acts if a["gov"] == 690 and fx_legal.finished(a) and a["comments"])
    kk = site.route(req("/npa/view", id=str(act["id"]))).body.decode()
    ru = site.route(req("/npa/view", "ru", id=str(act["id"]))).body.decode()
    assert "НҚА түрі" in kk and "Тип НПА" in ru                          # DEF-21
    for html in (kk, ru):
        card = parse_card(html, act["id"], "u")
        assert card.until == act["end"] and card.created == act["created"]
        assert len(card.comments) == len(act["comments"])
        assert card.comments_total == len(act["comments"]) + act["extra_tab_comments"]   # DEF-25
        assert sum(bool(c["reply"]) for c in card.comments) == sum(bool(c["reply"]) for c in act["comments"])
    assert parse_card(kk, act["id"], "u").title == act["title_kk"]


def test_arv_template_fallback_and_report_answers():
    site = fx_legal.build(1279)
    arv = parse_card(site.route(req("/npa/viewArvConclusion", id="301")).body.decode(), 301, "u")   # DEF-24
    assert arv.title.startswith("Заключение АРВ") and "Министерство финансов" in arv.fields["gov"]
    html = ('<table><thead><tr><th>Раздел</th><th>Комментарии</th><th>Ответ</th></tr></thead><tbody>'
            '<tr><td>1</td><td>a</td><td>ok</td></tr><tr><td>2</td><td>b</td><td> </td></tr></tbody></table>')
    assert report_empty_answers(html) == 1
    assert report_empty_answers(html.replace("Ответ", "Жауап")) == 1
    assert report_empty_answers("<table><tr><th>x</th></tr></table>") is None


def test_legalacts_list_and_past_the_end():
    site = fx_legal.build(1279)
    cards, total, no_data = parse_list(site.route(req("/list", governmentId="690", status="IN_ARCHIVE")).body.decode())
    assert len(cards) == fx_legal.PER_PAGE and total and not no_data
    cards, _, no_data = parse_list(site.route(req("/list", "ru", governmentId="690", page="40")).body.decode())
    assert cards == [] and no_data                                         # DEF-26
    redirect = site.route(req("/application/kdrpcp"))
    assert redirect.status == 302 and dict(redirect.headers)["Location"].startswith("/list?types[0]=7001")


def test_dialog_questions_skip_sidebar_and_angular_text():
    site = fx_dialog.build(1279)
    blog = site.blogs["dsm"]
    html = site.route(req(f"/blogs/{blog['id']}/questions", page="1")).body.decode()
    assert "b-question" in html and "blog?.question?.answers" in html     # DEF-29 present in the page
    rows = parse_questions(html)
    assert [r["id"] for r in rows] == [str(q["id"]) for q in blog["questions"][:10]]
    for row, q in zip(rows, blog["questions"][:10], strict=True):
        assert row["answered"] == bool(q["answer"]) and row["date"] == q["date"].date()
        assert row["answer_date"] == (q["answer"]["date"].date() if q["answer"] else None)


def test_budget_card_tabs_files_and_comments():
    site = fx_budget.build(1279)
    gov = "3570"
    late = next(p for p in site.programs["dsm"] if p["report_date"] == date(2026, 4, 15))
    html = site.route(req("/budgetprogram/budgetprogram", govAgencyId=gov, budgetId=str(late["budgetId"]),
                          lang="ru")).body.decode()
    card = parse_programme(html)
    assert card == {"year": 2025, "draft": True, "report": True, "report_date": date(2026, 4, 15),
                    "comments": len(late["comments"]), "answered": sum(c["answered"] for c in late["comments"])}
    found = parse_search(site.route(req("/application/search", govAgencyId=gov, page="1")).body.decode())
    assert [p["id"] for p in found] == [str(p["budgetId"]) for p in site.programs["dsm"][:5]]


def test_egov_catalog_and_provider():
    html = ('<div class="category-item"><h2>Налоги</h2><ul><li><a href="/cms/ru/online-services/for_citizen/'
            'pass5_mz">x</a></li></ul></div>')
    assert parse_catalog(html, "ru") == ["pass5_mz"] and suffix_of("pass5_mz") == "mz"
    page = ('<div class="info-block-horizontal"><b>Срок:</b> 1</div><div class="info-block-horizontal">'
            '<b>Услугодатель:</b>  Министерство финансов РК</div>')
    assert parse_provider(page) == "Министерство финансов РК"
    assert parse_provider("<p>none</p>") is None


def test_fixture_clock_is_the_spec_one():
    assert FIXTURE_NOW == datetime.fromisoformat("2026-07-01T12:00:00+05:00")


def test_registry_names_hosts_and_fragments():
    from fixtures.portals.targets import portal_targets
    from fixtures.registry import SITE_MODULES, build_sites

    hosts = {"data_egov": "data.egov.kz", "legalacts": "legalacts.egov.kz", "dialog": "dialog.egov.kz",
             "budget": "budget.egov.kz", "egov": "egov.kz"}
    assert all(SITE_MODULES[n].startswith("fixtures.portals.") for n in hosts)
    for site in build_sites(list(hosts)):
        assert hosts[site.name] == site.host
    urls = {n: f"http://127.0.0.1:{9000 + i}" for i, n in enumerate(hosts)}
    raw = portal_targets(urls)
    assert raw["portals"] == {hosts[n]: urls[n] for n in hosts}
    assert raw["bodies"]["dsm"]["portal_ids"]["legalacts"] == 690
    assert raw["bodies"]["krem"]["portal_ids"]["legalacts"] == raw["bodies"]["mne"]["portal_ids"]["legalacts"]
