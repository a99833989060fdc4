"""Files written by a job travel through the store to the coordinator's run directory, and no stored path can
write outside it (the store is shared: treat what it holds as untrusted)."""

from __future__ import annotations

from crawler.store import RunStore
from distributed.files import download_files, safe_target, upload_files


def test_files_go_up_once_and_come_down_in_place(tmp_path):
    work, run_dir = tmp_path / "work", tmp_path / "run"
    (work / "screenshots" / "b").mkdir(parents=True)
    (work / "screenshots" / "b" / "1.png").write_bytes(b"\x89PNG one")
    (work / "metrics.json").write_text("{}")
    (work / "store.url").write_text("postgresql://x/y#r\n")  # the pointer is not a result
    (work / "politeness.sqlite").write_bytes(b"local state")
    store = RunStore(tmp_path / "shared.sqlite")
    assert upload_files(store, work) == 2
    assert upload_files(store, work) == 0  # unchanged: nothing sent again
    (work / "screenshots" / "b" / "1.png").write_bytes(b"\x89PNG one, retaken")
    assert upload_files(store, work) == 1
    assert download_files(store, run_dir) == 2
    store.close()
    assert (run_dir / "screenshots" / "b" / "1.png").read_bytes() == b"\x89PNG one, retaken"
    assert sorted(p.name for p in run_dir.rglob("*") if p.is_file()) == ["1.png", "metrics.json"]


def test_stored_paths_cannot_leave_the_run_directory(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    for rel in ("../outside.png", "/etc/passwd", "screenshots/../../x.png", "", "."):
        assert safe_target(run_dir, rel) is None, rel
    assert safe_target(run_dir, "screenshots/b/1.png") == (run_dir / "screenshots/b/1.png").resolve()
    store = RunStore(tmp_path / "shared.sqlite")
    store.put_file("../outside.png", b"x")
    store.put_file("screenshots/ok.png", b"y")
    assert download_files(store, run_dir) == 1
    store.close()
    assert not (tmp_path / "outside.png").exists() and (run_dir / "screenshots/ok.png").read_bytes() == b"y"
