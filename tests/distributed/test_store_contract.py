"""The run store's contract, passed by both backends alike (SQLite file, PostgreSQL schema)."""

from __future__ import annotations

import pytest

from crawler.store import POINTER_NAME, SCHEMA_VERSION, PostgresRunStore, RunStore

SITE = "http://127.0.0.1:1/"


def test_pages_are_keyed_by_body_and_url(open_store):
    store = open_store()
    store.put_page(body="b", site=SITE, url=SITE, status=500, content=b"first")
    store.put_page(body="b", site=SITE, url=SITE, status=200, content="Привет <b>".encode(), lang="ru",
                   title="T", info={"encoding": "utf-8", "x": [1]})
    store.put_page(body="other", site=SITE, url=SITE, status=404)
    pages = list(store.pages("b"))
    assert [(p.url, p.status, p.text, p.lang, p.title, p.info) for p in pages] == [
        (SITE, 200, "Привет <b>", "ru", "T", {"encoding": "utf-8", "x": [1]})]
    assert pages[0].size == len("Привет <b>".encode())
    assert store.has_page("b", SITE) and not store.has_page("b", SITE + "x")
    assert store.page_urls("other") == {SITE}
    assert store.page_content("b", SITE) == "Привет <b>".encode()
    assert store.page_content("b", SITE + "missing") is None
    assert [p.content for p in store.pages("b", with_content=False)] == [None]
    store.close()


def test_pages_come_in_byte_order_of_url_in_batches(open_store):
    # byte order, as SQLite sorts: a locale collation would put "a" before "B" and change what samples pick
    store = open_store()
    urls = [f"{SITE}{name}" for name in ("a", "B", "Z", "_", "ж", "b/1", "b/10", "b/2")]
    urls += [f"{SITE}p/{i:04d}" for i in range(450)]  # more than one batch
    for url in urls:
        store.put_page(body="b", site=SITE, url=url, status=200, content=url.encode())
    assert [p.url for p in store.pages("b")] == sorted(urls, key=lambda u: u.encode())
    store.close()


def test_writing_while_reading_pages(open_store):
    """A gatherer stores an artifact per page while it iterates the pages; another connection writes meanwhile."""
    store, other = open_store(), open_store()
    for i in range(450):
        store.put_page(body="b", site=SITE, url=f"{SITE}{i:04d}", status=200, content=b"x")
    seen = 0
    for page in store.pages("b"):
        other.put_page(body="c", site=SITE, url=page.url, status=200)
        store.put_artifact("b", SITE, "check", page.url, {"n": seen})
        seen += 1
    assert seen == 450 and len(store.artifacts("b", "check")) == 450 and len(other.page_urls("c")) == 450
    store.close()
    other.close()


def test_edges_artifacts_metrics(open_store):
    store = open_store()
    twice = [(SITE, SITE + "a", "nav", "A"), (SITE, SITE + "a", "nav", "A")]
    store.put_page(body="b", site=SITE, url=SITE, edges=twice)
    store.put_edges("b", [(SITE, SITE + "a", "nav", "again"), (SITE + "a", SITE, "body", None)])
    assert store.edges("b") == [(SITE, SITE + "a", "nav", "A"), (SITE + "a", SITE, "body", None)]
    store.put_artifact("b", SITE, "robots", "k", {"v": 1})
    store.put_artifact("b", SITE, "robots", "k", {"v": 2})
    store.put_artifact("b", "", "screenshot", "u", "screenshots/b/1.png")
    assert store.artifacts("b", "robots") == {"k": {"v": 2}}
    assert store.artifacts("b", "screenshot", site="") == {"u": "screenshots/b/1.png"}
    assert store.artifacts("b", "robots", site="elsewhere") == {}
    assert store.artifact_kinds("b", SITE) == ["robots"]
    store.put_artifact("b", SITE + "other/", "robots", "k", {"v": 3})
    assert store.artifact_sites("b", "robots") == [SITE, SITE + "other/"]
    assert store.artifact_sites("b", "nothing") == []
    store.put_metric("b", "dialog", "ru", "answers", 3, ["http://e/1"])
    store.put_metric("b", "dialog", "ru", "answers", 4)
    store.put_metric("a", "budget", "kk", "x", {"n": None})
    assert store.metrics() == {"a": {"budget": {"kk": {"x": {"value": {"n": None}, "evidence": []}}}},
                               "b": {"dialog": {"ru": {"answers": {"value": 4, "evidence": []}}}}}
    store.close()


def test_meta_notes_progress(open_store):
    store = open_store()
    assert store.get_meta("targets") is None and store.get_meta("x", 5) == 5
    store.set_meta("targets", {"bodies": {"b": {"names": {"kk": "Қаржы"}}}})
    store.set_meta("targets", {"bodies": {}})
    assert store.get_meta("targets") == {"bodies": {}}
    store.add_note("crawl", "one", body="b", url=SITE)
    store.add_note("portals", "two", level="info")
    store.add_note("crawl", "three", body="b")
    assert [n["message"] for n in store.notes()] == ["one", "two", "three"]
    assert [n["message"] for n in store.notes("b")] == ["one", "three"]
    store.delete_notes("b", "crawl")
    assert [(n["stage"], n["level"], n["body"]) for n in store.notes()] == [("portals", "info", None)]
    assert store.progress("b", "crawl:x") is None
    store.set_progress("b", "crawl:x", "stopped:time")
    store.set_progress("b", "crawl:x", "done")
    assert store.progress("b", "crawl:x") == "done"
    store.close()


def test_job_ledger_and_files(open_store):
    store = open_store()
    assert store.set_job("crawl:b:s", body="b", site="s", stage="crawl", status="queued") == 0
    assert store.set_job("crawl:b:s", body="b", site="s", stage="crawl", status="running", worker="w1",
                         attempt=True) == 1
    assert store.set_job("crawl:b:s", body="b", site="s", stage="crawl", status="running", worker="w2",
                         attempt=True) == 2
    store.set_job("crawl:b:s", body="b", site="s", stage="crawl", status="done", worker="w2")
    row = store.jobs()["crawl:b:s"]
    assert (row["status"], row["attempts"], row["worker"], row["site"]) == ("done", 2, "w2", "s")
    store.delete_job("crawl:b:s")
    assert store.jobs() == {}
    store.put_file("screenshots/b/1.png", b"\x89PNG\x00\xff")
    store.put_file("screenshots/b/1.png", b"\x89PNG\x00\xff\x00")
    assert store.file_sizes() == {"screenshots/b/1.png": 7}
    assert store.file_data("screenshots/b/1.png") == b"\x89PNG\x00\xff\x00"
    assert store.file_data("nope") is None
    store.close()


def test_reopening_finds_the_same_store_at_the_current_version(open_store):
    store = open_store()
    store.put_page(body="b", site=SITE, url=SITE, status=200)
    again = RunStore(store.path)  # as the portal collector threads open their own connection
    assert again.page_urls("b") == {SITE}
    assert again.schema_version() == SCHEMA_VERSION == store.get_meta("store_schema")
    again.close()
    store.close()


def test_a_run_directory_pointer_opens_the_shared_store(services, tmp_path):
    """Components that open the store by run directory (the Scrapy child process included) reach PostgreSQL."""
    location = f"{services['store']}#pointer_{tmp_path.name[-8:].lower().replace('-', '_')}"
    (tmp_path / POINTER_NAME).write_text(location + "\n")
    store = RunStore.in_dir(tmp_path)
    assert isinstance(store, PostgresRunStore)
    store.put_page(body="b", site=SITE, url=SITE, status=200)
    store.close()
    assert not (tmp_path / "run.sqlite").exists()
    direct = RunStore(location)
    assert direct.page_urls("b") == {SITE}
    direct.close()


def test_bad_locations_are_clear_errors(services, tmp_path):
    from core.errors import InputError, StoreError

    with pytest.raises(InputError, match="run name after '#'"):
        RunStore(services["store"])  # no run named
    with pytest.raises(StoreError, match="(?s)cannot be reached.*scripts/services.sh"):
        RunStore("postgresql://govaudit@127.0.0.1:1/govaudit#r1")
    (tmp_path / POINTER_NAME).write_text("mysql://x\n")
    with pytest.raises(StoreError, match="does not name a PostgreSQL store"):
        RunStore.in_dir(tmp_path)
