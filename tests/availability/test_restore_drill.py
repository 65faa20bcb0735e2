"""The restore drill: back up (database and uploaded files), restore into a scratch copy,
destroy the copy, restore again, and compare row counts and the checksums of the sites and
the import history. Through the management commands, as an operator runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from deploy.stack import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def database_url(name: str) -> str:
    db = connection.settings_dict
    return f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"


def run(command: str, *args: str, database: str, media: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=database_url(database), MEDIA_ROOT=str(media))
    return subprocess.run([sys.executable, "manage.py", command, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


def scalar(database: str, sql: str) -> Any:
    with psycopg.connect(database_url(database).replace("postgis://", "postgresql://")) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.fixture
def scratch_database() -> Iterator[str]:
    name = f"drill_{uuid.uuid4().hex[:8]}"
    admin = database_url("postgres").replace("postgis://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_restore_drill(make_site: Any, tmp_path: Path, settings: Any, scratch_database: str) -> None:
    from loaders.models import ImportRun

    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    for n in range(3):
        make_site(name=f"备份站点{n}")
    run_record = ImportRun(file_name="list.csv", sha256="0" * 64, source="drill", mode="update", crs="gcj02", added=3)
    run_record.file.save("list.csv", ContentFile("名称,地址\n备份站点0,深圳\n".encode()), save=True)

    backup_dir = tmp_path / "backup"
    call_command("backup_site", str(backup_dir), stdout=StringIO())
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["row_counts"]["directory_servicepoint"] == 3
    assert manifest["row_counts"]["loaders_importrun"] == 1

    restored_media = tmp_path / "restored-media"
    result = run("restore_site", str(backup_dir), "--yes", database=scratch_database, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert "checksums match" in result.stdout

    # Destroy the copy: the sites table, the import history and the uploaded file.
    with psycopg.connect(database_url(scratch_database).replace("postgis://", "postgresql://")) as conn:
        conn.execute("DROP TABLE directory_servicepoint CASCADE")
        conn.execute("DELETE FROM loaders_importrun")
    shutil.rmtree(restored_media)

    result = run("restore_site", str(backup_dir), "--yes", database=scratch_database, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert scalar(scratch_database, "SELECT count(*) FROM directory_servicepoint") == 3
    assert scalar(scratch_database, "SELECT string_agg(name, ',' ORDER BY name) FROM directory_servicepoint") == (
        "备份站点0,备份站点1,备份站点2"
    )
    assert (restored_media / run_record.file.name).read_bytes() == (media / run_record.file.name).read_bytes()


def backup_of_one_site(make_site: Any, tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_site()
    backup_dir = tmp_path / "backup"
    call_command("backup_site", str(backup_dir), stdout=StringIO())
    return backup_dir


def test_a_restore_that_does_not_match_its_manifest_fails_loudly(make_site: Any, tmp_path: Path, settings: Any,
                                                                 scratch_database: str) -> None:
    backup_dir = backup_of_one_site(make_site, tmp_path, settings)
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    manifest["checksums"]["sites"] = "0" * 32
    (backup_dir / "manifest.json").write_text(json.dumps(manifest))
    result = run("restore_site", str(backup_dir), "--yes", database=scratch_database, media=tmp_path / "r")
    assert result.returncode != 0
    assert "differs from the backup" in result.stderr and "sites" in result.stderr


def test_a_broken_dump_changes_nothing(make_site: Any, tmp_path: Path, settings: Any, scratch_database: str) -> None:
    backup_dir = backup_of_one_site(make_site, tmp_path, settings)
    dump = backup_dir / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size * 2 // 3])
    result = run("restore_site", str(backup_dir), "--yes", database=scratch_database, media=tmp_path / "r")
    assert result.returncode != 0 and "nothing was changed" in result.stderr
    assert scalar(scratch_database, "SELECT to_regclass('directory_servicepoint') IS NULL") is True


def test_it_refuses_to_restore_without_confirmation(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_site", str(tmp_path))


def test_it_refuses_to_overwrite_an_existing_backup(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_site", str(tmp_path))
