"""The coefficient rules (paras 24-29, A-14) and the mobile audit over stored measurements (no browser)."""

from __future__ import annotations

from audits.mobile import audit_mobile
from core.artifacts import SiteArtifacts
from crawler.browser.mobile_rules import decide

GOOD = {"viewport_meta": "width=device-width, initial-scale=1", "overflow_px": 0, "scroll_width": 390,
        "viewport": 390, "text_chars": 1000, "small_font_chars": 0}
DESKTOP = {"viewport_meta": None, "overflow_px": 610, "scroll_width": 1000, "viewport": 390, "text_chars": 1000,
           "small_font_chars": 900}


def _summary(android: dict, ios: dict | None = None, **extra) -> dict:
    return {"site_url": "https://www.x.gov.kz/", "desktop": {"final_url": "https://www.x.gov.kz/ru/"},
            "profiles": {"android": android, "ios": ios or android}, **extra}


def test_responsive_layout_is_c5_and_its_own_main_version():
    d = decide(_summary({"final_url": "https://www.x.gov.kz/ru/", "metrics": GOOD}))
    assert (d["C"], d["how"], d["main_link"]) == (5, "responsive", True)


def test_redirect_to_a_mobile_host_is_c5_and_needs_a_link_back():
    phone = {"final_url": "https://m.x.gov.kz/ru/", "metrics": GOOD}
    assert decide(_summary(phone))["how"] == "redirect_to_mobile_host"
    assert decide(_summary(phone))["main_link"] is False
    linked = decide(_summary(phone, main_links=[{"href": "https://www.x.gov.kz/ru/", "text": "Полная версия"}]))
    assert linked["main_link"] is True


def test_desktop_with_a_mobile_link_is_c3_without_is_c0():
    link = {"final_url": "https://www.x.gov.kz/ru/", "metrics": DESKTOP,
            "mobile_links": [{"href": "https://m.x.gov.kz/", "text": "Мобильная версия"}]}
    assert decide(_summary(link))["C"] == 3
    bare = {"final_url": "https://www.x.gov.kz/ru/", "metrics": DESKTOP, "mobile_links": []}
    d = decide(_summary(bare))
    assert (d["C"], d["how"]) == (0, "none")
    assert any("viewport" in r for r in d["per_profile"]["android"]["reasons"])


def test_the_lowest_profile_decides():
    d = decide(_summary({"final_url": "https://www.x.gov.kz/ru/", "metrics": GOOD},
                        {"final_url": "https://www.x.gov.kz/ru/", "metrics": DESKTOP, "mobile_links": []}))
    assert d["C"] == 0 and d["profile"] == "ios"


def test_without_gatherer_data_everything_is_not_assessed():
    site = SiteArtifacts("b", "http://x/", {}, [], extra={})
    findings = audit_mobile(site, "central", None)
    assert findings[0]["indicator"] == "a6.coefficient"
    assert {f["verdict"] for f in findings} == {"not_assessed"}
    assert all(f["points"] is None for f in findings)
    committee = audit_mobile(site, "committee", None)
    assert {f["verdict"] for f in committee} == {"not_applicable"}


def test_stored_mobile_pages_are_searched_per_language():
    ru = ('<html lang="ru"><body><main><h1>Вакансии</h1><h3>Квалификационные требования</h3><p>Текст требований к '
          'кандидатам на вакантные должности.</p></main></body></html>')
    summary = _summary({"final_url": "https://www.x.gov.kz/ru/", "metrics": GOOD, "screenshot": "s/a.png"})
    site = SiteArtifacts("b", "https://www.x.gov.kz/", {}, [], extra={"mobile": {
        "summary": summary,
        "page:ru:00": {"url": "https://www.x.gov.kz/ru/", "final_url": "https://www.x.gov.kz/ru/", "status": 200,
                       "html": ru, "lang": "ru", "screenshot": "s/ru.png", "metrics": GOOD}}})
    findings = audit_mobile(site, "central", {"audit_date": "2026-07-01"})
    staffing = {f["lang"]: f for f in findings if f["indicator"] == "a6.cso.1.3"}
    statuses = {e["measured"]["item"]: e["measured"]["status"] for e in staffing["ru"]["evidence"]
                if (e.get("measured") or {}).get("item")}
    assert list(statuses.values()) == ["present", "present", "absent"]
    assert staffing["ru"]["points"] == 2 and staffing["kk"]["points"] == 0
    assert any(e.get("screenshot") == "s/ru.png" for e in staffing["ru"]["evidence"])


def test_a_site_that_does_not_load_as_a_phone_gives_errors():
    summary = _summary({"error": "net::ERR_CONNECTION_REFUSED"})
    site = SiteArtifacts("b", "https://www.x.gov.kz/", {}, [], extra={"mobile": {"summary": summary}})
    findings = audit_mobile(site, "local", None)
    assert {f["verdict"] for f in findings} == {"error"}
    assert "ERR_CONNECTION_REFUSED" in findings[0]["note"]
