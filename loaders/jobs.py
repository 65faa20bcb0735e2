"""Imports as background jobs on the PostgreSQL task queue (procrastinate; no new server).

The admin stores the upload (admin_flow's pending directory) and an ImportJob row, and defers
`loaders.tasks.run_import_job`; the worker (`manage.py procrastinate worker`, started by
`make run`) validates or applies it here, writing its progress into the ImportJob, which the
admin's progress bar polls. A job that fails says why in `message`; the pending files stay for
another try until the retention job removes them.

`queue_status()` is what /healthz reports about the queue.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from loaders.errors import ImportFailed, StalePlan
from loaders.models import ImportJob

logger = logging.getLogger(__name__)
PROGRESS_INTERVAL_SECONDS = 0.5


class JobProgress:
    """The core's progress callback, written to the ImportJob at most every half second.

    It writes on a connection of its own, in autocommit: the apply reports rows while its COPY
    runs inside the import's transaction, on a connection busy with that COPY and whose writes
    nobody sees before the commit."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.last = 0.0
        self.connection: psycopg.Connection | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_INTERVAL_SECONDS and done < total:
            return
        self.last = now
        try:
            if self.connection is None:
                self.connection = psycopg.connect(**_connection_params(), autocommit=True)
            self.connection.execute(
                f"UPDATE {ImportJob._meta.db_table} SET phase = %s, rows_done = %s, rows_total = %s"  # noqa: S608
                " WHERE id = %s",
                [phase[:64], done, total, self.job.pk],
            )
        except psycopg.OperationalError as exc:
            # The bar stops moving; the import itself goes on (its outcome is written at the end).
            logger.warning("import job %s: progress not written: %s", self.job.pk, exc)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _connection_params() -> dict[str, Any]:
    """The default database's connection parameters, without Django's own cursor and adapters."""
    params = connection.get_connection_params()
    return {key: value for key, value in params.items() if key not in ("cursor_factory", "context")}


def enqueue(job: ImportJob) -> ImportJob:
    from loaders.tasks import run_import_job

    run_import_job.defer(job_id=job.pk)
    return job


def run(job_id: int) -> None:
    """The worker's side of one job."""
    from loaders import admin_flow

    job = ImportJob.objects.select_related("user").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    progress = JobProgress(job)
    pending = admin_flow.PendingImport(job.token, admin_flow.pending_root() / job.token)
    try:
        _run(job, pending, progress)
    finally:
        progress.close()


def _run(job: ImportJob, pending: Any, progress: JobProgress) -> None:
    from loaders.core import apply, validate

    try:
        content = pending.content
        if job.kind == "validate":
            pending.store_plan(validate(content, pending.params, file_name=pending.file_name, progress=progress))
            outcome: dict[str, Any] = {}
        else:
            plan = pending.plan_to_apply()
            try:
                run = apply(plan, job.user, content=content, allow_mass_retire=job.allow_mass_retire,
                            progress=progress)
            except StalePlan:
                pending.store_plan(validate(content, pending.params, file_name=plan.file_name, progress=progress))
                raise
            pending.discard()
            outcome = {"import_run": run}
    except (ImportFailed, OSError) as exc:
        ImportJob.objects.filter(pk=job.pk).update(status="failed", message=str(exc)[:2000],
                                                   finished_at=timezone.now())
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status="done", finished_at=timezone.now(), rows_done=F("rows_total"), **outcome
    )


def wait_until_finished(job_id: int, timeout: float = 120.0, interval: float = 0.2) -> ImportJob:
    """Polls a job until the worker has finished it (done or failed), for the tests and benchmarks
    that drive a real worker; TimeoutError when it has not finished in `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        job = ImportJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        if time.monotonic() >= deadline:
            raise TimeoutError(f"import job {job_id} did not finish in {timeout:g} s")
        time.sleep(interval)


def progress_of(job: ImportJob) -> dict[str, Any]:
    """What the admin's progress bar shows: rows done, rows per second, time left."""
    elapsed = (timezone.now() - job.started_at).total_seconds() if job.started_at else 0.0
    rate = job.rows_done / elapsed if elapsed > 0 and job.rows_done else 0.0
    left = (job.rows_total - job.rows_done) / rate if rate and job.rows_total else None
    # 100 % only when the job is done: all rows written is not yet committed.
    percent = 100 if job.status == "done" else min(99, 100 * job.rows_done // job.rows_total if job.rows_total else 0)
    return {
        "status": job.status, "phase": _(job.phase) if job.phase else "", "rows_done": job.rows_done, "rows_total": job.rows_total,
        "percent": percent, "rows_per_second": round(rate, 1),
        "seconds_left": round(left) if left is not None else None, "message": job.message,
    }


def another_import_running(except_token: str = "") -> bool:
    """An apply job queued or running, or the import lock held by anyone (e.g. the command)."""
    if ImportJob.objects.filter(kind="apply", status__in=("queued", "running")).exclude(token=except_token).exists():
        return True
    return lock_holder() is not None


def lock_holder() -> dict[str, Any] | None:
    """Another backend holding the import lock: its pid and since when its transaction runs."""
    from loaders.apply import IMPORT_LOCK_KEY

    with connection.cursor() as cursor:
        # An advisory lock on a bigint key is stored as (classid, objid) = (high, low) 32 bits.
        cursor.execute(
            "SELECT l.pid, a.xact_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s"
            # pg_locks lists every database of the server: only this one's imports count, and
            # this connection's own lock is not another import's.
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND l.pid <> pg_backend_pid()",
            [IMPORT_LOCK_KEY >> 32, IMPORT_LOCK_KEY & 0xFFFFFFFF],
        )
        row = cursor.fetchone()
    return {"pid": row[0], "since": row[1]} if row else None


def stale_lock() -> dict[str, Any] | None:
    """The import lock, when it has been held longer than IMPORT_LOCK_MAX_MINUTES."""
    holder = lock_holder()
    limit = timedelta(minutes=settings.IMPORT_LOCK_MAX_MINUTES)
    if holder and holder["since"] and timezone.now() - holder["since"] > limit:
        return holder
    return None


def break_lock(pid: int) -> bool:
    """Ends the backend that holds a stale import lock: its transaction rolls back, nothing half-written."""
    holder = stale_lock()
    if holder is None or holder["pid"] != pid:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        return bool(cursor.fetchone()[0])


def queue_status() -> dict[str, Any]:
    """The task queue for /healthz: jobs waiting, jobs running, age of the oldest waiting job (s)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE j.status = 'todo'), count(*) FILTER (WHERE j.status = 'doing'),"
            " extract(epoch FROM now() - min(e.at) FILTER (WHERE j.status = 'todo'))"
            " FROM procrastinate_jobs j LEFT JOIN procrastinate_events e ON e.job_id = j.id AND e.type = 'deferred'"
            " WHERE j.status IN ('todo', 'doing')"
        )
        pending, running, oldest = cursor.fetchone()
    return {"pending": pending, "running": running,
            "oldest_pending_seconds": round(float(oldest), 1) if oldest is not None else None}


def log_failure(job_id: int, exc: BaseException) -> None:
    logger.error("import job %s failed: %s", job_id, exc)
    ImportJob.objects.filter(pk=job_id).update(
        status="failed", finished_at=timezone.now(), message=_("the job failed: %(error)s") % {"error": exc}
    )
