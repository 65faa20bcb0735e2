"""apply(): a Plan written set-based in one transaction under the import lock.

New sites are COPYed straight into directory_servicepoint (ids drawn from its sequence first)
while worker processes compute their search columns chunk by chunk: PostgreSQL's index upkeep
(one backend, one core) and the Python search columns (pinyin, OpenCC) run at the same time
instead of one after the other. Changed sites go through a staging table and one
INSERT ... ON CONFLICT (source, external_id) DO UPDATE. The written ids then feed the history
table (django-simple-history's, so the admin shows and reverts import changes) in one
INSERT ... SELECT, and one UPDATE retires the missing sites of a full list, with its history
rows too. Each phase is timed in the debug log (bench/bench_import.py prints them).
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from loaders import db
from loaders.errors import ImportBusy, PlanNotApplicable, StalePlan, UnusableFile
from loaders.models import ImportRun
from loaders.plan import Plan
from loaders.reference import Lookups
from resourcemap.directory.version import bump_last
from resourcemap.search.index import search_columns_for

# pg_advisory_xact_lock key shared by every import (the ASCII of "sites").
IMPORT_LOCK_KEY = 0x7369746573
IMPORT_STATEMENT_TIMEOUT = "15min"
PARALLEL_FROM_ROWS = 5000
STREAM_CHUNK = 1000  # records per worker task: the first chunk reaches COPY after ~0.3 s
REPORT_LIMIT = 2000  # entries per list kept in ImportRun.report (a 100,000-row report is ~10 MB)
PROGRESS_EVERY_ROWS = 500  # rows written between two progress reports (the job page throttles further)
# Progress steps (shown in the admin's progress bar, translated there: loaders.jobs.progress_of).
WRITING = gettext_noop("writing sites")
RECORDING_HISTORY = gettext_noop("recording history and committing")
APPLIED = gettext_noop("applied")
Progress = Callable[[str, int, int], None]
logger = logging.getLogger(__name__)

WRITTEN = [f for f in db.SITE_FIELDS if f not in ("lon", "lat")]
STAGED = ["source", "external_id", *WRITTEN, "location", "search_text", "search_grams", "search_latin"]
# Every ServicePoint column the history table mirrors (not the derived search columns).
HISTORY = ["id", "source", "external_id", *WRITTEN, "location", "created_at", "updated_at"]
_HISTORY_INSERT = (
    f"INSERT INTO directory_historicalservicepoint ({', '.join(HISTORY)}, history_date,"
    " history_change_reason, history_type, history_user_id)"
)


def pg_array(values: list[str]) -> str:
    """A text[] literal. psycopg's list dumper is pure Python and was most of the COPY time;
    escaping each of a 100,000-site import's 12 million grams one by one was 5 s more, so the
    list is joined once and escaped element by element only when it holds a quote or backslash."""
    if not values:
        return "{}"
    joined = '","'.join(values)
    if '"' not in joined and "\\" not in joined:
        return '{"' + joined + '"}'
    return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


# What forked workers read (inherited at fork, so the records are never pickled to them).
_job: dict[str, Any] = {}


def _search_columns(span: tuple[int, int]) -> list[tuple[str, str, str]]:
    """(search_text, search_grams as a text[] literal, search_latin) of records[start:stop]."""
    records, words = _job["records"], _job["words"]
    result = []
    for r in records[span[0] : span[1]]:
        columns = search_columns_for(
            r["name"], r["alternate_name"], r["description"], r["address"], words.get(r["category_id"], "")
        )
        result.append((columns["search_text"], pg_array(columns["search_grams"]), columns["search_latin"]))
    return result


def _timed_search_columns(span: tuple[int, int]) -> tuple[list[tuple[str, str, str]], float]:
    started = time.perf_counter()
    rows = _search_columns(span)
    return rows, time.perf_counter() - started


# psycopg_pool's own threads (Django's connection pool, settings DB_POOL_*): they only wait on
# their queue and scheduler, locks the workers never touch, so they do not stop the fork.
_POOL_THREAD = re.compile(r"^pool-\d+-(worker-\d+|scheduler)$")


def _fork_is_safe() -> bool:
    """No thread besides this one and the connection pool's (a task-queue worker's event loop,
    for one, may hold a lock a forked child would then wait on for ever)."""
    current = threading.current_thread()
    return all(thread is current or _POOL_THREAD.match(thread.name) for thread in threading.enumerate())


def search_columns_stream(records: list[dict[str, Any]], words: dict[int, str]) -> Iterator[tuple[str, str, str]]:
    """The search columns of every record, in order; pinyin is slow, so large imports compute
    them in worker processes, a chunk at a time, and the caller writes each chunk as it comes."""
    _job.update(records=records, words=words)
    try:
        # Forking a process that runs other threads (the task-queue worker runs each job in a
        # thread beside its event loop) can copy a lock another thread holds; the child then
        # waits on it for ever (seen: a 100,000-row admin import stalled in COPY). Such
        # processes compute the columns here, one chunk after another.
        if len(records) < PARALLEL_FROM_ROWS or (os.cpu_count() or 1) < 2 or not _fork_is_safe():
            yield from _search_columns((0, len(records)))
            return
        workers = min(os.cpu_count() or 2, 4)
        spans = [(k, k + STREAM_CHUNK) for k in range(0, len(records), STREAM_CHUNK)]
        # fork: the workers only compute (they never touch the inherited database connection)
        # and inherit the code and _job. gc.freeze keeps the collector out of the inherited
        # objects (pinyin dictionaries, the records), which otherwise makes the workers copy
        # those pages and run slower than one process.
        gc.freeze()
        busy = waited = 0.0
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunks = pool.imap(_timed_search_columns, spans)
            while True:
                started = time.perf_counter()
                chunk, seconds = next(chunks, ([], -1.0))
                waited += time.perf_counter() - started
                if seconds < 0:
                    break
                busy += seconds
                yield from chunk
        # Measured separately although they overlap the writing: the workers' own time, and how
        # long the writer waited for them (near 0: the database is the slower side).
        logger.debug("search columns of %d sites: %.2f s in %d workers; the writer waited %.2f s for them",
                     len(records), busy, workers, waited)
    finally:
        gc.unfreeze()
        _job.clear()


def _site_row(source: str, record: dict[str, Any], columns: tuple[str, str, str]) -> tuple[Any, ...]:
    """One STAGED row: what COPY writes for a site."""
    values = []
    for field in WRITTEN:
        value = record[field]
        if field == "opening_hours" and not isinstance(value, str):  # a stored plan keeps it as JSON text
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, list):
            value = pg_array(value)
        values.append(value)
    location = f"SRID=4326;POINT({record['lon']!r} {record['lat']!r})"
    return (source, record["external_id"], *values, location, *columns)


def _lock(cursor: Any, wait_seconds: float) -> None:
    """Waits for the import lock (released when the transaction ends, even if the process dies)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        if cursor.fetchone()[0]:
            return
        if time.monotonic() >= deadline:
            raise ImportBusy(_("another import is running; try again when it has finished"))
        time.sleep(0.2)


def _file_content(plan: Plan, content: bytes | None) -> bytes:
    if content is None:
        if not plan.source_path:
            raise UnusableFile(_("the imported file is needed to record the import: pass its content"))
        try:
            content = Path(plan.source_path).read_bytes()
        except OSError as exc:
            raise UnusableFile(
                _("cannot read %(path)s: %(reason)s") % {"path": plan.source_path, "reason": exc.strerror or exc}
            ) from exc
    if hashlib.sha256(content).hexdigest() != plan.sha256:
        raise UnusableFile(_("the file is not the one that was validated: validate it again"))
    return content


class _RowsWritten:
    """Reports rows written out of all the plan's records, every PROGRESS_EVERY_ROWS rows."""

    def __init__(self, report: Progress, total: int) -> None:
        self.report, self.total, self.done = report, total, 0

    def add(self, rows: int = 1) -> None:
        before, self.done = self.done, self.done + rows
        if before // PROGRESS_EVERY_ROWS != self.done // PROGRESS_EVERY_ROWS:
            self.report(WRITING, self.done, self.total)


def _write_sites(cursor: Any, plan: Plan, run: ImportRun, user_id: Any, written: _RowsWritten) -> None:
    """New sites, changed sites, their history rows, retired sites: each set-based, each timed."""
    now = run.created_at
    added = {change.external_id for change in plan.added}
    new = [record for record in plan.records if record["external_id"] in added]
    changed = [record for record in plan.records if record["external_id"] not in added]
    words = Lookups.load().category_words
    # Dropped explicitly too: inside an outer transaction (a caller's atomic block) ON COMMIT
    # has not happened yet when a second import runs on the same connection.
    cursor.execute("DROP TABLE IF EXISTS import_written")
    cursor.execute("CREATE TEMP TABLE import_written (id bigint, inserted boolean) ON COMMIT DROP")
    started = time.perf_counter()
    if new:
        _copy_new_sites(cursor, plan.source, new, words, now, written)
        started = _phase(f"COPY of {len(new)} new sites, their search columns computed meanwhile", started)
    if changed:
        _upsert_changed_sites(cursor, plan.source, changed, words, now, written)
        started = _phase(f"search columns and upsert of {len(changed)} changed sites", started)
    # The rows are written; the history rows, the retired sites and the commit follow (the bar
    # stays below 100 % until the job is done: loaders.jobs.progress_of).
    written.report(RECORDING_HISTORY, written.total, written.total)
    cursor.execute(
        f"{_HISTORY_INSERT} SELECT {', '.join('sp.' + c for c in HISTORY)}, %(now)s, %(reason)s,"  # noqa: S608
        " CASE WHEN w.inserted THEN '+' ELSE '~' END, %(user)s"
        " FROM import_written w JOIN directory_servicepoint sp ON sp.id = w.id",
        {"now": now, "reason": run.change_reason, "user": user_id},
    )
    cursor.execute("DROP TABLE import_written")
    started = _phase(f"history rows of {len(plan.records)} sites", started)
    if not plan.retired:
        return
    cursor.execute(
        "WITH retired AS (UPDATE directory_servicepoint SET status = 'closed', updated_at = %(now)s"
        " WHERE source = %(source)s AND external_id = ANY(%(ids)s) AND status <> 'closed' RETURNING *)"
        f" {_HISTORY_INSERT} SELECT {', '.join(HISTORY)}, %(now)s, %(reason)s, '~', %(user)s FROM retired",
        {"now": now, "source": plan.source, "ids": [r.external_id for r in plan.retired],
         "reason": run.change_reason, "user": user_id},
    )
    if cursor.rowcount != len(plan.retired):
        raise StalePlan(_("the sites changed while the import was written: validate again"))
    _phase(f"retire {len(plan.retired)} sites, with their history rows", started)


def _copy_new_sites(
    cursor: Any, source: str, new: list[dict[str, Any]], words: dict[int, str], now: Any, written: _RowsWritten
) -> None:
    # Ids first, so COPY (which returns nothing) writes rows whose ids the history step knows.
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence('directory_servicepoint', 'id')) FROM generate_series(1, %s)",
        [len(new)],
    )
    ids = [row[0] for row in cursor.fetchall()]
    try:
        with cursor.cursor.copy(
            f"COPY directory_servicepoint (id, {', '.join(STAGED)}, created_at, updated_at) FROM STDIN"
        ) as copy:
            for site_id, record, columns in zip(ids, new, search_columns_stream(new, words), strict=True):
                copy.write_row((site_id, *_site_row(source, record, columns), now, now))
                written.add()
    except psycopg.errors.UniqueViolation as exc:  # a site of this source was added meanwhile
        raise StalePlan(_("the sites changed while the import was written: validate again")) from exc
    cursor.execute("INSERT INTO import_written SELECT unnest(%s::bigint[]), true", [ids])


def _upsert_changed_sites(
    cursor: Any, source: str, changed: list[dict[str, Any]], words: dict[int, str], now: Any, written: _RowsWritten
) -> None:
    cursor.execute("DROP TABLE IF EXISTS import_staging")
    cursor.execute(
        f"CREATE TEMP TABLE import_staging ON COMMIT DROP AS SELECT {', '.join(STAGED)}"  # noqa: S608
        " FROM directory_servicepoint WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY import_staging ({', '.join(STAGED)}) FROM STDIN") as copy:
        for record, columns in zip(changed, search_columns_stream(changed, words), strict=True):
            copy.write_row(_site_row(source, record, columns))
            written.add()
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in STAGED[2:])
    cursor.execute(
        f"WITH upserted AS ("  # noqa: S608 - column names are constants
        f" INSERT INTO directory_servicepoint AS sp ({', '.join(STAGED)}, created_at, updated_at)"
        f" SELECT {', '.join(STAGED)}, %(now)s, %(now)s FROM import_staging"
        f" ON CONFLICT (source, external_id) DO UPDATE SET {updates}, updated_at = EXCLUDED.updated_at"
        f" RETURNING sp.id, (sp.xmax = 0) AS inserted)"
        f" INSERT INTO import_written SELECT id, inserted FROM upserted",
        {"now": now},
    )
    if cursor.rowcount != len(changed):
        raise StalePlan(_("the sites changed while the import was written: validate again"))
    cursor.execute("DROP TABLE import_staging")


def _phase(label: str, started: float) -> float:
    """Logs a phase's seconds (bench_import prints them) and starts the next one's clock."""
    now = time.perf_counter()
    logger.debug("%s: %.2f s", label, now - started)
    return now


def apply_plan(
    plan: Plan, *, user: Any, content: bytes | None, wait_seconds: float, progress: Any = None
) -> ImportRun:
    if not plan.can_apply:
        raise PlanNotApplicable(
            _("%(count)d invalid rows: correct them, or skip them explicitly (--skip-invalid)")
            % {"count": plan.invalid_rows} if plan.errors else _("the plan cannot be applied")
        )
    if len(plan.records) != len(plan.added) + len(plan.changed):
        # A plan read back without its records (admin_flow.PendingImport.plan) would write nothing.
        raise UnusableFile(_("the plan’s records are missing: validate the file again"))
    content = _file_content(plan, content)
    report = progress or (lambda step, done, total: None)
    # Progress by rows written (COPY row by row), then one step for the history rows and the commit.
    written = _RowsWritten(report, len(plan.records))
    report(WRITING, 0, len(plan.records))
    user_id = getattr(user, "pk", None)
    counts = plan.counts()
    saved: list[str] = []
    try:
        run = _write_in_transaction(plan, content, counts, user_id, wait_seconds, saved, written)
        report(APPLIED, len(plan.records), len(plan.records))
        return run
    except BaseException:
        # The transaction rolled back: the ImportRun row is gone, so is the file it pointed at.
        for name in saved:
            ImportRun.file.field.storage.delete(name)
        raise


def _write_in_transaction(
    plan: Plan, content: bytes, counts: dict[str, int], user_id: Any, wait_seconds: float,
    saved: list[str], written: _RowsWritten,
) -> ImportRun:
    with transaction.atomic(), connection.cursor() as cursor, bump_last(cursor):
        # bump_last: the data version's row lock is taken by the last statement, so an
        # administrator's edit does not wait for the whole import (directory/version.py).
        # The connection's statement_timeout (DB_STATEMENT_TIMEOUT_MS, 30 s) guards web requests
        # against runaway queries; one COPY of 100,000 sites with their index upkeep takes longer
        # on a 2-core machine, so the import's own transaction gets a wider bound.
        cursor.execute(f"SET LOCAL statement_timeout = '{IMPORT_STATEMENT_TIMEOUT}'")
        _lock(cursor, wait_seconds)
        started = time.perf_counter()
        if db.source_fingerprint(plan.source) != plan.fingerprint:
            raise StalePlan(_("the sites of this source changed since the file was validated: validate again"))
        run = ImportRun(
            user_id=user_id, created_at=timezone.now(), file_name=plan.file_name[:255], sha256=plan.sha256,
            source=plan.source, mode=plan.mode, crs=plan.crs, report=plan.report(limit=REPORT_LIMIT),
            **{k: counts[k] for k in ("added", "changed", "unchanged", "retired", "invalid", "skipped")},
        )
        run.file.save(f"{plan.sha256[:12]}-{Path(plan.file_name).name}", ContentFile(content), save=False)
        saved.append(run.file.name)
        run.save()
        _phase("lock, fingerprint, import record", started)
        _write_sites(cursor, plan, run, user_id, written)
    return run
