"""Consistent backups of the database and the uploaded files, and their verified restore.

The dump and the manifest's figures (row counts, checksums of the sites and of the import
history) come from one exported snapshot, so a restore can prove it got back exactly what was
backed up. Uploaded files are write-once (import files, named by date) and are copied after the
dump: every file the dump refers to is in the backup.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"
# Tables whose whole content is checksummed, beyond the row counts of every table.
CHECKSUMMED = {"sites": "directory_servicepoint", "import_history": "loaders_importrun"}


class BackupError(Exception):
    pass


def pg_tool(name: str) -> str:
    """The newest installed PostgreSQL's tool: pg_dump must not be older than the server."""
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install PostgreSQL's client tools (scripts/system-deps.sh)")
    return found


def libpq_env(using: str = "default") -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore in their environment, never on the command line."""
    db = connections[using].settings_dict
    env = dict(os.environ)
    env.update({"PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432),
                "PGUSER": db["USER"], "PGPASSWORD": db["PASSWORD"], "PGDATABASE": db["NAME"]})
    return env


def summary(using: str = "default") -> dict[str, Any]:
    """Row counts of every table, and an MD5 over the full rows of the checksummed tables."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = sorted(t for t in connection.introspection.table_names(cursor) if t != "spatial_ref_sys")
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            counts[table] = cursor.fetchone()[0]
        checksums = {}
        for label, table in CHECKSUMMED.items():
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) FROM {table} t"  # noqa: S608
            )
            checksums[label] = cursor.fetchone()[0]
    return {"row_counts": counts, "checksums": checksums}


def backup(destination: Path, using: str = "default") -> dict[str, Any]:
    destination.mkdir(parents=True, exist_ok=False)
    connection = connections[using]
    connection.ensure_connection()
    # One REPEATABLE READ snapshot, exported to pg_dump: the manifest describes exactly the dump.
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        figures = summary(using)
        result = subprocess.run(
            [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--no-owner",
             f"--file={destination / DUMP}"],
            env=libpq_env(using), capture_output=True, text=True, check=False,
        )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(destination / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    manifest = {"format": 1, "database": connection.settings_dict["NAME"], **figures}
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def restore(source: Path, using: str = "default") -> dict[str, Any]:
    """Replaces the database's content and the uploaded files with the backup's, then checks
    the figures against the manifest. pg_restore runs as one transaction: a failure changes nothing."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file() or not (source / DUMP).is_file() or not (source / MEDIA).is_file():
        raise BackupError(f"{source} is not a complete backup (needs {DUMP}, {MEDIA} and {MANIFEST})")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    connections[using].close()
    result = subprocess.run(
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--exit-on-error", f"--dbname={connections[using].settings_dict['NAME']}", str(source / DUMP)],
        env=libpq_env(using), capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was changed: {result.stderr.strip()}")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    restored = summary(using)
    differences = [
        f"{kind} {name}: backup {manifest[kind].get(name)!r}, restored {value!r}"
        for kind in ("row_counts", "checksums")
        for name, value in restored[kind].items()
        if manifest[kind].get(name) != value
    ]
    if differences:
        raise BackupError("the restored database differs from the backup: " + "; ".join(differences))
    return restored
