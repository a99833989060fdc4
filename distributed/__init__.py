"""The distributed gather engine: idempotent gather jobs (govaudit/gather_jobs.py) on a Redis queue (Dramatiq),
run by `govaudit worker` processes on any number of machines against a shared PostgreSQL run store; `govaudit
run --broker … --store …` enqueues them in dependency order, waits, then audits, scores and reports.
See docs/scale.md."""
