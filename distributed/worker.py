"""`govaudit worker`: takes gather jobs off the Redis queue and runs each in a job process (distributed/job_process.py)
against the shared PostgreSQL store, until stopped (SIGTERM or Ctrl-C: running jobs are put back on the queue).

The store's job ledger (`jobs` table) decides about retries: a job that failed or whose worker died is run again
up to MAX_ATTEMPTS starts in all, then recorded as failed (a job that kills every worker it meets stops there).
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.log import log
from crawler.store import RunStore
from crawler.store_postgres import is_postgres, with_run
from distributed import broker as queue

MAX_ATTEMPTS = 3
PR_SET_PDEATHSIG = 1
ROOT = Path(__file__).resolve().parent.parent


def _die_with_parent() -> None:
    """In the job process before exec: SIGTERM when the worker thread that started it dies."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class GatherWorker:
    def __init__(self, broker_url: str, store_url: str, work_root: Path, name: str | None = None) -> None:
        if not is_postgres(store_url):
            raise InputError(f"--store {store_url}: workers need the shared PostgreSQL store",
                             "pass postgresql://USER@HOST:PORT/DBNAME (scripts/services.sh start DIR prints one)")
        self.broker_url, self.store_url, self.work_root = broker_url, store_url, work_root
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.stopping = threading.Event()
        self.children: set[subprocess.Popen] = set()
        self.lock = threading.Lock()
        self.broker: Any = None

    # -- the actor ------------------------------------------------------------------------------------------
    def gather_job(self, run: str, job: dict[str, Any]) -> None:
        from govaudit.gather_jobs import Job

        parsed = Job.from_dict(job)
        location = with_run(self.store_url, run)
        store = RunStore(location)
        try:
            if (store.jobs().get(parsed.key) or {}).get("status") == "done":
                return  # delivered twice (a re-queue raced a slow finish): nothing to do
            attempts = store.set_job(parsed.key, body=parsed.body, site=parsed.site, stage=parsed.stage,
                                     status="running", worker=self.name, attempt=True)
        finally:
            store.close()
        if attempts > MAX_ATTEMPTS:
            self._finish(location, parsed, "failed", f"gave up after {MAX_ATTEMPTS} attempts (the job failed or "
                                                      "its worker died each time)")
            return
        log.info("[worker %s] %s (run %s, attempt %d)", self.name, parsed.key, run, attempts)
        returncode, error = self._run_process(location, run, job)
        if returncode == 0:
            self._finish(location, parsed, "done", None)
        elif self.stopping.is_set():  # this worker is shutting down: the job goes back for another
            self._finish(location, parsed, "queued", "interrupted by a worker shutdown")
            queue.enqueue(self.broker, run, job)
        elif attempts < MAX_ATTEMPTS:
            log.warning("[worker %s] %s failed (%s); queued again", self.name, parsed.key, error)
            self._finish(location, parsed, "queued", error)
            queue.enqueue(self.broker, run, job)
        else:
            log.error("[worker %s] %s failed for good: %s", self.name, parsed.key, error)
            self._finish(location, parsed, "failed", error)

    def _finish(self, location: str, job: Any, status: str, error: str | None) -> None:
        store = RunStore(location)
        try:
            store.set_job(job.key, body=job.body, site=job.site, stage=job.stage, status=status, worker=self.name,
                          error=error)
        finally:
            store.close()

    def _run_process(self, location: str, run: str, job: dict[str, Any]) -> tuple[int, str]:
        import json

        cmd = [sys.executable, "-m", "distributed.job_process", "--location", location,
               "--work-dir", str(self.work_root / run), "--job", json.dumps(job), "--broker", self.broker_url,
               "--parent", str(os.getpid())]
        proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True,
                                preexec_fn=_die_with_parent)
        with self.lock:
            self.children.add(proc)
        try:
            _, stderr = proc.communicate()
        finally:
            with self.lock:
                self.children.discard(proc)
        sys.stderr.write(stderr)
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        return proc.returncode, (lines[-1][:500] if lines else f"the job process exited with {proc.returncode}")

    # -- running --------------------------------------------------------------------------------------------
    def serve(self, threads: int = 1) -> None:
        """Consume jobs until SIGTERM/SIGINT."""
        import dramatiq
        from dramatiq import Worker

        self.broker = queue.make_broker(self.broker_url)
        queue.ping(self.broker, self.broker_url)
        dramatiq.Actor(self.gather_job, broker=self.broker, actor_name=queue.ACTOR, queue_name=queue.QUEUE,
                       priority=0, options={})
        worker = Worker(self.broker, worker_threads=threads, worker_timeout=1000)
        worker.queue_prefetch = threads  # take no more jobs than can run: the rest stay for other workers
        done = threading.Event()

        def stop(signum: int, frame: Any) -> None:
            self.stopping.set()
            done.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker.start()
        log.info("[worker %s] serving %s from %s, store %s, %d thread(s)", self.name, queue.QUEUE,
                 self.broker_url, self.store_url, threads)
        done.wait()
        log.info("[worker %s] stopping: running jobs go back on the queue", self.name)
        with self.lock:
            for proc in self.children:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        worker.stop(timeout=60000)
