"""Stable finding ids: the same finding gets the same id in every run; different findings never share one."""

from __future__ import annotations

from core.findings import ensure_ids, finding, finding_id


def _f(**kw):
    base = dict(body="minfin", site="https://www.gov.kz/memleket/entities/minfin?lang=ru", lang="kk",
                indicator="a5.cso.1.2", verdict="pass", points=1.0, max_points=1.0, reading="r")
    return finding(**{**base, **kw})


def test_id_is_in_every_finding_and_repeatable():
    a, b = _f(), _f(points=0.5, verdict="partial", note="another run, another verdict")
    assert a["id"] == b["id"] and a["id"].startswith("F-") and len(a["id"]) == 14


def test_scheme_port_case_and_trailing_slash_do_not_change_the_id():
    ids = {finding_id("b", site, "a4.2.2", None) for site in
           ("http://Example.kz/", "https://example.kz", "http://example.kz:8080/", "https://EXAMPLE.KZ:443")}
    assert len(ids) == 1


def test_each_part_of_the_identity_changes_the_id():
    base = finding_id("b", "http://x.kz/", "a4.2.2", "kk")
    others = [finding_id("c", "http://x.kz/", "a4.2.2", "kk"), finding_id("b", "http://y.kz/", "a4.2.2", "kk"),
              finding_id("b", "http://x.kz/", "a4.2.3", "kk"), finding_id("b", "http://x.kz/", "a4.2.2", "ru"),
              finding_id("b", "http://x.kz/", "a4.2.2", None), finding_id("b", "http://x.kz/", "a4.2.2", "kk", "p1"),
              finding_id("b", "http://x.kz/path", "a4.2.2", "kk")]
    assert base not in others and len(set(others)) == len(others)


def test_evidence_key_separates_findings_of_one_indicator():
    assert _f(key="page-1")["id"] != _f(key="page-2")["id"]


def test_old_findings_get_ids_and_clashes_are_numbered_not_merged():
    old = [{k: v for k, v in _f().items() if k != "id"} for _ in range(3)]
    ensure_ids(old)
    assert [f["id"][-2:] for f in old][1:] == ["~2", "~3"] and old[0]["id"] == _f()["id"]
