"""The task queue's tasks (procrastinate discovers this module): thin wrappers on loaders.jobs
and loaders.retention, so the work itself is testable without a worker."""

from __future__ import annotations

from procrastinate.contrib.django import app

from loaders import jobs, retention


@app.task(queue="imports", name="loaders.run_import_job")
def run_import_job(job_id: int) -> None:
    try:
        jobs.run(job_id)
    except BaseException as exc:  # recorded for the admin's progress page, then the worker logs it too
        jobs.log_failure(job_id, exc)
        raise


@app.periodic(cron="*/30 * * * *", periodic_id="purge-expired")
@app.task(queue="maintenance", name="loaders.purge_expired")
def purge_expired(timestamp: int) -> None:
    retention.purge_expired()
