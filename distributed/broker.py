"""The job queue: Dramatiq's Redis broker, one actor (`gather_job`), one queue.

Why Dramatiq: its Redis broker keeps every message a worker has taken in that worker's ack set until the job
returns; a worker that dies (kill -9, a lost machine) stops sending heartbeats, and the next maintenance pass of
any live worker puts its unacknowledged messages back on the queue. That is acks-late with re-queueing of a dead
worker's job, without a home-made lease. See docs/scale.md for the comparison with RQ and Celery.
"""

from __future__ import annotations

import os
from typing import Any

from core.errors import InputError

QUEUE = "govaudit-gather"
ACTOR = "gather_job"
NAMESPACE = "govaudit-dramatiq"
# A worker silent this long is dead and its jobs are re-queued. Live workers heartbeat every few seconds even
# while a job runs (their idle consumers poll), so this only needs to exceed the poll interval comfortably.
HEARTBEAT_TIMEOUT_S = float(os.environ.get("GOVAUDIT_HEARTBEAT_TIMEOUT", "30"))


def check_broker_url(url: str) -> str:
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise InputError(f"--broker {url}: not a Redis URL",
                         "pass redis://HOST:PORT/DB (scripts/services.sh start DIR prints one)")
    return url


def make_broker(url: str) -> Any:
    """A Dramatiq RedisBroker for `url` with maintenance on every fetch (a dead worker's jobs come back within
    the heartbeat timeout, not at a 1-in-1000 chance) and without the middleware that would retry, age out or
    time out jobs on its own (a gather job may run for hours): the worker decides about retries from the store's
    job ledger."""
    import dramatiq
    from dramatiq.brokers.redis import MAINTENANCE_SCALE, RedisBroker
    from dramatiq.middleware import CurrentMessage, ShutdownNotifications

    broker = RedisBroker(url=check_broker_url(url), namespace=NAMESPACE, maintenance_chance=MAINTENANCE_SCALE,
                         heartbeat_timeout=int(HEARTBEAT_TIMEOUT_S * 1000),
                         middleware=[CurrentMessage(), ShutdownNotifications()])
    dramatiq.set_broker(broker)
    return broker


def ping(broker: Any, url: str) -> None:
    """Fail early and clearly when the broker cannot be reached."""
    import redis

    try:
        broker.client.ping()
    except redis.RedisError as exc:
        raise InputError(f"--broker {url}: Redis cannot be reached ({exc})",
                         "check the URL and that redis-server is running (scripts/services.sh start DIR)") from exc


def enqueue(broker: Any, run: str, job: dict[str, Any]) -> None:
    """Put one gather job of run `run` on the queue (a message names the run; the worker knows the database)."""
    from dramatiq import Message

    broker.declare_queue(QUEUE)
    broker.enqueue(Message(queue_name=QUEUE, actor_name=ACTOR, args=(run, job), kwargs={}, options={}))
