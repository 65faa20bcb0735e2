"""Scratch databases for the benchmarks: each script creates its own on the same server as
DATABASE_URL (or the project-local cluster) and drops it when done."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from harness import scratch_name

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def scratch_urls(name: str) -> tuple[str, str]:
    """(Django postgis:// URL, psycopg postgresql:// URL) of the scratch database `name`."""
    from resourcemap.env import read_env_file

    url = os.environ.get("DATABASE_URL") or read_env_file(BASE_DIR / "var" / "localdb.env").get("DATABASE_URL", "")
    if not url:
        sys.exit("No DATABASE_URL (run `make setup` or set it)")
    django_url = url.rsplit("/", 1)[0] + "/" + name
    return django_url, django_url.replace("postgis://", "postgresql://", 1)


def admin_sql(url: str, statement: str) -> None:
    """Runs a statement on the server's `postgres` database (CREATE/DROP DATABASE)."""
    server = url.replace("postgis://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def django_on_scratch_database(prefix: str, *, keep: bool = False, **environment: str) -> Iterator[str]:
    """Django set up in this process on a new scratch database `<prefix>_<pid>`, with
    DATABASE_URL and `environment` in os.environ; yields the database's name. On the way out,
    whether the benchmark finished or failed, every Django connection is closed and the
    database dropped (unless `keep`), so no run leaves one behind on the shared server."""
    database = scratch_name(prefix)
    url = scratch_urls(database)[0]
    admin_sql(url, f"DROP DATABASE IF EXISTS {database}")
    admin_sql(url, f"CREATE DATABASE {database}")
    os.environ.update(DATABASE_URL=url, **environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resourcemap.settings")
    try:
        import django

        django.setup()
        yield database
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            admin_sql(url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
