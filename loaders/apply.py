"""apply(): a Plan written set-based in one transaction under the import lock.

COPY the added and changed sites into a temporary staging table, then one
INSERT ... ON CONFLICT (source, external_id) DO UPDATE whose RETURNING rows feed the history
table (django-simple-history's, so the admin shows and reverts import changes), then one
UPDATE that retires the missing sites of a full list, with its history rows too.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loaders import db
from loaders.errors import ImportBusy, PlanNotApplicable, StalePlan, UnusableFile
from loaders.lookups import Lookups
from loaders.models import ImportRun
from loaders.plan import Plan
from resourcemap.search.index import search_columns_for

# pg_advisory_xact_lock key shared by every import (the ASCII of "sites").
IMPORT_LOCK_KEY = 0x7369746573
# Test-only hook: sleep this many seconds inside the transaction after writing, so a test can
# kill the process mid-commit or start a second import against the held lock.
PAUSE_ENV = "LOADERS_TEST_PAUSE_IN_TRANSACTION"
PARALLEL_FROM_ROWS = 5000
REPORT_LIMIT = 2000  # entries per list kept in ImportRun.report (a 100,000-row report is ~10 MB)
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
    """A text[] literal. psycopg's list dumper is pure Python and was most of the COPY time."""
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


def search_columns_of(records: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The search columns of every record; pinyin is slow, so large imports use every core."""
    _job.update(records=records, words=Lookups.load().category_words)
    try:
        if len(records) < PARALLEL_FROM_ROWS or (os.cpu_count() or 1) < 2:
            return _search_columns((0, len(records)))
        workers = min(os.cpu_count() or 2, 4)
        size = -(-len(records) // (workers * 4))
        spans = [(k, k + size) for k in range(0, len(records), size)]
        # fork: the workers only compute (no database) and inherit the code and _job. gc.freeze
        # keeps the collector out of the inherited objects (pinyin dictionaries, the records),
        # which otherwise makes the workers copy those pages and run slower than one process.
        gc.freeze()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [row for chunk in pool.map(_search_columns, spans) for row in chunk]
    finally:
        gc.unfreeze()
        _job.clear()


def _staged_rows(plan: Plan) -> list[tuple[Any, ...]]:
    rows = []
    for record, (text, grams, latin) in zip(plan.records, search_columns_of(plan.records), strict=True):
        values = []
        for field in WRITTEN:
            value = record[field]
            if field == "opening_hours":
                value = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, list):
                value = pg_array(value)
            values.append(value)
        location = f"SRID=4326;POINT({record['lon']!r} {record['lat']!r})"
        rows.append((plan.source, record["external_id"], *values, location, text, grams, latin))
    return rows


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


def _write_sites(cursor: Any, plan: Plan, rows: list[tuple[Any, ...]], run: ImportRun, user_id: Any) -> None:
    now = run.created_at
    # Dropped explicitly too: inside an outer transaction (a caller's atomic block) ON COMMIT
    # has not happened yet when a second import runs on the same connection.
    cursor.execute("DROP TABLE IF EXISTS import_staging")
    cursor.execute(
        f"CREATE TEMP TABLE import_staging ON COMMIT DROP AS SELECT {', '.join(STAGED)}"  # noqa: S608
        " FROM directory_servicepoint WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY import_staging ({', '.join(STAGED)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in STAGED[2:])
    cursor.execute(
        f"WITH upserted AS ("  # noqa: S608 - column names are constants
        f" INSERT INTO directory_servicepoint AS sp ({', '.join(STAGED)}, created_at, updated_at)"
        f" SELECT {', '.join(STAGED)}, %(now)s, %(now)s FROM import_staging"
        f" ON CONFLICT (source, external_id) DO UPDATE SET {updates}, updated_at = EXCLUDED.updated_at"
        f" RETURNING sp.*, (sp.xmax = 0) AS inserted)"
        f" {_HISTORY_INSERT} SELECT {', '.join(HISTORY)}, %(now)s, %(reason)s,"
        f" CASE WHEN inserted THEN '+' ELSE '~' END, %(user)s FROM upserted",
        {"now": now, "reason": run.change_reason, "user": user_id},
    )
    if cursor.rowcount != len(rows):
        raise StalePlan(_("the sites changed while the import was written: validate again"))
    cursor.execute("DROP TABLE import_staging")
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


def apply_plan(
    plan: Plan, *, user: Any, content: bytes | None, wait_seconds: float, progress: Any = None
) -> ImportRun:
    if not plan.can_apply:
        raise PlanNotApplicable(
            _("%(count)d invalid rows: correct them, or skip them explicitly (--skip-invalid)")
            % {"count": plan.invalid_rows} if plan.errors else _("the plan cannot be applied")
        )
    content = _file_content(plan, content)
    report = progress or (lambda step, done, total: None)
    report("computing search columns", 0, len(plan.records))
    started = time.perf_counter()
    rows = _staged_rows(plan)  # outside the lock: the slow part, pure computation
    report("writing", len(plan.records) // 2, len(plan.records))
    logger.debug("search columns of %d sites: %.2f s", len(rows), time.perf_counter() - started)
    user_id = getattr(user, "pk", None)
    counts = plan.counts()
    saved: list[str] = []
    try:
        run = _write_in_transaction(plan, rows, content, counts, user_id, wait_seconds, saved)
        report("applied", len(plan.records), len(plan.records))
        return run
    except BaseException:
        # The transaction rolled back: the ImportRun row is gone, so is the file it pointed at.
        for name in saved:
            ImportRun.file.field.storage.delete(name)
        raise


def _write_in_transaction(
    plan: Plan, rows: Any, content: bytes, counts: dict[str, int], user_id: Any, wait_seconds: float,
    saved: list[str],
) -> ImportRun:
    with transaction.atomic(), connection.cursor() as cursor:
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
        logger.debug("lock, fingerprint, import record: %.2f s", time.perf_counter() - started)
        started = time.perf_counter()
        _write_sites(cursor, plan, rows, run, user_id)
        logger.debug("COPY, upsert, retire, history: %.2f s", time.perf_counter() - started)
        pause = float(os.environ.get(PAUSE_ENV, "0") or 0)
        if pause > 0:
            sys.stderr.write("import: paused inside the transaction\n")
            sys.stderr.flush()
            time.sleep(pause)
    return run
