"""The directory's data version: one number that moves whenever public data changes.

Cached public answers (map page, site and law pages, the map's data and tiles) are keyed by
this number instead of a digest recomputed per request. It lives in one row of
`directory_dataversion`, bumped by PostgreSQL itself: every table of the apps in
VERSIONED_APPS carries a statement-level trigger (installed after each `migrate`), so no write
path can forget it: the admin, the importer's COPY, a management command, raw SQL in a
benchmark, a TRUNCATE.

The bump is an UPDATE of that row inside the writing transaction, so readers see the new
number exactly when they see the new data (a reader that read the old number and then the
new data caches the new data under a number nobody asks for again: never stale). Every
writing statement bumps it (one tiny UPDATE; also inside one transaction, so a test's
savepoints or a multi-step admin save move it at each step); a long transaction (an import
of 100,000 rows) holds back its bumps to its very end with `bump_last()` (a
transaction-local marker), so concurrent writers such as an administrator's edit do not
wait on the row lock for the whole import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import AppConfig, apps
from django.db import connections, models, router
from django.utils.translation import gettext_lazy as _

VERSIONED_APPS = ("directory", "needs", "policies", "hsds", "search")  # search: the abbreviations (#10)
_MARKER = "resourcemap.version_marked"
# An upsert, not an UPDATE: a flush (TRUNCATE of every table, as tests and `manage.py flush`
# do) empties this table too, and the row must come back with the next write.
_BUMP_SQL = (
    "INSERT INTO directory_dataversion (id, number, changed_at) VALUES (1, 1, clock_timestamp())"
    " ON CONFLICT (id) DO UPDATE SET number = directory_dataversion.number + 1, changed_at = clock_timestamp()"
)
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION directory_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{_MARKER}', true), '') <> 'deferred' THEN
        {_BUMP_SQL};
    END IF;
    RETURN NULL;
END $$;
"""


class DataVersion(models.Model):
    """The single row (id 1) holding the directory's data version."""

    id = models.SmallIntegerField(primary_key=True)
    number = models.BigIntegerField()
    changed_at = models.DateTimeField()

    class Meta:
        app_label = "directory"
        db_table = "directory_dataversion"
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"data version {self.number}"


# The read path reads the version once per request (ReadPathMiddleware holds it): the cache
# key of a page, the kept answers and the tile URL then agree, and it costs one query, not one
# per part. Writers never hold it: the admin must see its own bump.
_held_read: ContextVar[dict[str, tuple[int, int]] | None] = ContextVar("data_version_read", default=None)


@contextmanager
def one_read_per_request() -> Iterator[None]:
    token = _held_read.set({})
    try:
        yield
    finally:
        _held_read.reset(token)


def read_version() -> tuple[int, int]:
    """(number, microseconds since the epoch of the change that set it) of the data this request
    reads, from the replica when reads go there; (0, 0) before the first write."""
    held = _held_read.get()
    if held is not None and "row" in held:
        return held["row"]
    alias = router.db_for_read(DataVersion)
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT number, (extract(epoch FROM changed_at) * 1000000)::bigint FROM directory_dataversion WHERE id = 1"
        )
        row = cursor.fetchone()
    version = (int(row[0]), int(row[1])) if row else (0, 0)
    if held is not None:
        held["row"] = version
    return version


def current_version() -> int:
    """The version number of the data this request reads."""
    return read_version()[0]


@contextmanager
def bump_last(cursor: Any) -> Iterator[None]:
    """Inside a transaction: suppress the triggers' bump, then bump once as the last statement."""
    cursor.execute("SELECT set_config(%s, 'deferred', true)", [_MARKER])
    yield
    cursor.execute(_BUMP_SQL)


def versioned_tables() -> list[str]:
    tables = {
        model._meta.db_table
        for label in VERSIONED_APPS
        if label in {config.label for config in apps.get_app_configs()}
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed and model is not DataVersion
    }
    return sorted(tables)


def install_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: (re)creates the bump trigger on every versioned table; idempotent."""
    if sender.label != "directory" or using != "default":
        return
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if "directory_dataversion" not in existing:
            return
        cursor.execute(FUNCTION_SQL)
        for table in versioned_tables():
            if table not in existing:
                continue
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER directory_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE'
                f' ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_version()'
            )


def version_tag() -> str:
    """The version as a cache key: the number and the time of the change that set it.

    A transaction that rolled back may have used a number that the next one uses again for
    other data; the change's clock time never repeats, so a tag names one state of the data.
    """
    number, changed_us = read_version()
    return f"{number}.{changed_us}" if number else "0"
