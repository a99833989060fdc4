"""Sample classification and the TLS assessment, on made-up answers (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitoring.classify import classify, error_string, known_error_strings, page_text
from monitoring.probe import READ_TIMEOUT, REFUSED, Exchange
from monitoring.tls import assess, hostname_matches

STRINGS = known_error_strings()


def ex(status: int | None = 200, body: bytes = b"<html><title>Home</title><body>Welcome</body></html>",
       total_ms: float = 100.0, kind: str | None = None, error: str | None = None) -> Exchange:
    return Exchange(url="https://h/", method="GET", status=status, body=body, total_ms=total_ms, kind=kind,
                    error=error, headers={"content-type": "text/html; charset=utf-8"})


def judge(e: Exchange, **kw) -> tuple[str, str]:
    return classify(e, slow_s=kw.pop("slow_s", 10.0), strings=STRINGS, error_page_max_chars=2000,
                    body_read=kw.pop("body_read", True), **kw)


def test_no_answer_is_down_with_the_failure():
    assert judge(ex(None, kind=REFUSED, error="connection refused")) == ("down", "connection refused")
    assert judge(ex(None, kind=READ_TIMEOUT, error="no answer within the read time-out (2 s)"))[0] == "down"


@pytest.mark.parametrize(("status", "state"), [(500, "down"), (503, "down"), (404, "down"), (429, "degraded"),
                                               (200, "up"), (301, "up")])
def test_status(status, state):
    assert judge(ex(status))[0] == state


def test_empty_body_is_down_but_head_has_no_body_to_judge():
    assert judge(ex(200, b" \n")) == ("down", "empty response body")
    assert judge(ex(200, b""), body_read=False)[0] == "up"


@pytest.mark.parametrize("text", ["Техникалық қате болды. Сұрауды кейін қайталаңыз", "Техническая ошибка",
                                  "TECHNICAL ERROR. Retry later", "502 Bad Gateway", "Error 505"])
def test_known_error_texts_on_a_200_page_are_down(text):
    state, reason = judge(ex(200, f"<html><body><div>{text}</div></body></html>".encode()))
    assert state == "down" and reason.startswith("error page: «")


def test_error_text_only_counts_on_a_short_page_or_in_the_title():
    news = " ".join(["Порталда техническая ошибка жойылды, қызметтер қалыпты."] * 60)
    assert judge(ex(200, f"<html><body><p>{news}</p></body></html>".encode()))[0] == "up"
    long_titled = f"<html><head><title>Service Unavailable</title></head><body><p>{news}</p></body></html>"
    assert judge(ex(200, long_titled.encode()))[0] == "down"


def test_error_text_inside_a_script_does_not_count():
    body = b"<html><body><p>Welcome</p><script>var m = 'Technical error';</script></body></html>"
    assert judge(ex(200, body))[0] == "up"
    assert page_text(body, "text/html")[1] == "Welcome"


def test_extra_error_strings_and_case_folding():
    assert error_string("", "қызмет уақытша жабық", ["Қызмет уақытша жабық"], 2000) == "Қызмет уақытша жабық"
    assert error_string("", "all fine", ["Қызмет уақытша жабық"], 2000) is None


def test_slow_is_degraded_and_an_off_scope_redirect_is_up():
    assert judge(ex(200, total_ms=12_000), slow_s=10.0) == ("degraded", "slow: 12.0 s (over 10 s)")
    state, reason = judge(ex(302, b""), refusal="off scope", refused_url="https://elsewhere.kz/")
    assert state == "up" and "elsewhere.kz" in reason


# -- TLS --------------------------------------------------------------------------------------------------------
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def facts(not_after: datetime, dns=("www.gov.kz",), ips=(), not_before: datetime | None = None) -> dict:
    return {"subject_cn": "x", "issuer_cn": "ca", "dns_names": list(dns), "ip_addresses": list(ips),
            "not_before": (not_before or NOW - timedelta(days=100)).isoformat(), "not_after": not_after.isoformat()}


def codes(state: dict) -> list[str]:
    return [p["code"] for p in state["problems"]]


def test_tls_ok_and_expiry_bands():
    ok = assess(hostname="www.gov.kz", facts=facts(NOW + timedelta(days=200)), protocol="TLSv1.3", verify_code=None,
                verify_message=None, now=NOW, warn_days=30)
    assert ok["state"] == "ok" and codes(ok) == [] and ok["days_left"] == 200
    soon = assess(hostname="www.gov.kz", facts=facts(NOW + timedelta(days=5)), protocol="TLSv1.2",
                  verify_code=None, verify_message=None, now=NOW, warn_days=30)
    assert soon["state"] == "warning" and codes(soon) == ["expires_soon"]
    gone = assess(hostname="www.gov.kz", facts=facts(NOW - timedelta(days=10)), protocol="TLSv1.3",
                  verify_code=10, verify_message="certificate has expired", now=NOW, warn_days=30)
    # OpenSSL's code 10 is the expiry itself: not also an untrusted chain
    assert codes(gone) == ["expired"] and gone["days_left"] == -10 and gone["state"] == "problem"


def test_tls_chain_hostname_and_protocol_problems():
    state = assess(hostname="oos.ecogeo.gov.kz", facts=facts(NOW + timedelta(days=90)), protocol="TLSv1.1",
                   verify_code=18, verify_message="self-signed certificate", now=NOW, warn_days=30)
    assert codes(state) == ["untrusted_chain", "hostname_mismatch", "old_protocol"]
    failed = assess(hostname="h", facts=None, protocol=None, verify_code=None, verify_message=None, now=NOW,
                    warn_days=30, handshake_error="ConnectionRefusedError")
    assert codes(failed) == ["handshake_failed"]


@pytest.mark.parametrize(("host", "dns", "ips", "ok"), [
    ("www.gov.kz", ["www.gov.kz"], [], True), ("WWW.Gov.KZ.", ["www.gov.kz"], [], True),
    ("egov.kz", ["*.egov.kz"], [], False), ("data.egov.kz", ["*.egov.kz"], [], True),
    ("a.b.egov.kz", ["*.egov.kz"], [], False), ("kz", ["*.kz"], [], False), ("x.kz", ["*.kz"], [], False),
    ("127.0.0.2", [], ["127.0.0.2"], True), ("127.0.0.2", ["127.0.0.2"], [], False),
    ("127.0.0.4", ["wrong-host.test"], [], False)])
def test_hostname_matching(host, dns, ips, ok):
    assert hostname_matches(host, dns, ips) is ok


def test_server_text_loses_control_characters():
    from monitoring.text import clean

    assert clean("HTTP/1.1 200 \x1b[2J\x00ok") == "HTTP/1.1 200 \ufffd[2J\ufffdok"
    assert clean("Техникалық қате\n") == "Техникалық қате\n"
    assert len(clean("x" * 2000)) == 500
    state = assess(hostname="a.kz", facts=facts(NOW + timedelta(days=90), dns=("b\x07.kz",)), protocol="TLSv1.3",
                   verify_code=None, verify_message=None, now=NOW, warn_days=30)
    assert "\x07" not in state["problems"][0]["message"]
