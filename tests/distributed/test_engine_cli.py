"""Bad input to the distributed commands is a clear message and exit 2, before anything runs."""

from __future__ import annotations

from tests.conftest import run_cli


def _clean_env_run(*args: str):
    import os

    saved = {k: os.environ.pop(k) for k in ("GOVAUDIT_BROKER", "GOVAUDIT_STORE") if k in os.environ}
    try:
        return run_cli(*args)
    finally:
        os.environ.update(saved)


def test_worker_needs_broker_and_store():
    result = _clean_env_run("worker", "--broker", "redis://127.0.0.1:1/0")
    assert result.returncode == 2 and "needs --store" in result.stderr and "what to do" in result.stderr


def test_worker_refuses_a_sqlite_store(tmp_path):
    result = run_cli("worker", "--broker", "redis://127.0.0.1:1/0", "--store", str(tmp_path / "run.sqlite"))
    assert result.returncode == 2 and "workers need the shared PostgreSQL store" in result.stderr


def test_unreachable_broker_is_named(tmp_path):
    result = run_cli("worker", "--broker", "redis://127.0.0.1:1/0", "--store", "postgresql://x@127.0.0.1:1/x")
    assert result.returncode == 2 and "Redis cannot be reached" in result.stderr and "services.sh" in result.stderr


def test_run_needs_both_options(tmp_path):
    result = run_cli("run", "--targets", "t.yaml", "--out", str(tmp_path / "r"), "--broker", "redis://127.0.0.1:1/0")
    assert result.returncode == 2 and "--broker and --store go together" in result.stderr
    assert not (tmp_path / "r").exists()


def test_resume_of_a_single_process_run_with_a_broker_is_refused(services, tmp_path):
    run_dir = tmp_path / "r"
    run_dir.mkdir()
    result = run_cli("run", "--resume", str(run_dir), "--broker", services["broker"], "--store", services["store"])
    assert result.returncode == 2 and "is not a distributed run" in result.stderr
