"""One transaction under one lock: a killed import leaves the database as it was, two imports
never interleave, a busy lock refuses after the wait, and a plan computed against data that has
changed since is refused (the door validates again)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from loaders import core
from loaders.apply import IMPORT_LOCK_KEY
from loaders.models import ImportRun
from resourcemap.directory.models import ServicePoint
from tests.loaders.files import site, write_csv
from tests.loaders.paused_import import PAUSE_ENV

History = ServicePoint.history.model
BASE_DIR = Path(settings.BASE_DIR)


def subprocess_database_url() -> str:
    """pytest-django's test database (test_<name>), for a command run in a subprocess."""
    db = connection.settings_dict
    return f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_import(path: Path, tmp_path: Path, *args: str, pause: float = 0) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": subprocess_database_url(), "MEDIA_ROOT": str(tmp_path / "media"),
           "GEOCODER": "", PAUSE_ENV: str(pause), "IMPORT_MASS_RETIRE_PERCENT": "100"}
    return subprocess.Popen(
        [sys.executable, "tests/loaders/paused_import.py", "import_sites", str(path), "--commit", *args],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_until_paused(process: subprocess.Popen) -> None:
    line = process.stderr.readline()  # the hook's line, written inside the transaction
    assert "paused inside the transaction" in line, line + process.stderr.read()


def database_state() -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT md5(coalesce(string_agg(sp::text, '' ORDER BY id), '')) FROM directory_servicepoint sp")
        sites = cursor.fetchone()[0]
    return sites, History.objects.count(), ImportRun.objects.count()


@pytest.mark.django_db(transaction=True)
def test_it_leaves_the_database_as_it_was_when_killed_mid_commit(boundaries, tmp_path: Path) -> None:
    first = start_import(write_csv(tmp_path / "v1.csv", [site("a-1", "甲"), site("a-2", "乙")]), tmp_path)
    assert first.wait(60) == 0, first.stderr.read()
    before = database_state()

    rows = [site("a-1", "甲改", phone="0755-83999999"), site("a-3", "丙")]
    killed = start_import(write_csv(tmp_path / "v2.csv", rows), tmp_path, "--full-list", pause=60)
    wait_until_paused(killed)
    assert database_state() == before  # uncommitted writes are invisible
    killed.send_signal(signal.SIGKILL)
    killed.wait(30)

    assert killed.returncode == -signal.SIGKILL
    assert database_state() == before
    # The lock died with the process: the next import runs.
    again = start_import(tmp_path / "v2.csv", tmp_path, "--full-list")
    assert again.wait(60) == 0, again.stderr.read()
    assert ServicePoint.objects.get(external_id="a-2").status == "closed"


@pytest.mark.django_db(transaction=True)
def test_it_never_interleaves_two_imports(boundaries, tmp_path: Path) -> None:
    pause = 6.0
    first = start_import(write_csv(tmp_path / "one.csv", [site("a-1", "甲"), site("a-2", "乙")]), tmp_path,
                         pause=pause)
    wait_until_paused(first)
    second = start_import(
        write_csv(tmp_path / "two.csv", [site("a-1", "甲"), site("a-2", "乙", phone="12345"), site("a-3", "丙")]),
        tmp_path,
    )
    time.sleep(2)
    assert second.poll() is None  # validated against the old state, now waiting for the lock
    assert first.wait(60) == 0 and second.wait(60) == 0, second.stderr.read()

    one, two = ImportRun.objects.order_by("pk")
    assert (two.created_at - one.created_at).total_seconds() >= pause - 1
    # The second import was validated again after the first committed: it adds one and changes one.
    assert (one.added, two.added, two.changed, two.unchanged) == (2, 1, 1, 1)
    assert list(History.objects.filter(external_id="a-2").order_by("history_id").values_list(
        "history_type", "history_change_reason")) == [("+", f"import {one.pk}: one.csv"),
                                                      ("~", f"import {two.pk}: two.csv")]


@pytest.mark.django_db
def test_it_refuses_when_another_import_holds_the_lock(boundaries, tmp_path: Path) -> None:
    plan = core.validate(write_csv(tmp_path / "a.csv", [site("a-1", "甲")]), core.ImportParams())
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                         dbname=db["NAME"], autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        with pytest.raises(core.ImportBusy):
            core.apply(plan, wait_seconds=0.5)
    assert not ServicePoint.objects.exists()
    assert core.apply(plan).added == 1  # lock released: it applies


@pytest.mark.django_db
def test_it_refuses_a_plan_when_the_data_changed_since_preview(boundaries, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [site("a-1", "甲"), site("a-2", "乙", phone="12345")])
    core.apply(core.validate(write_csv(tmp_path / "v1.csv", [site("a-1", "甲"), site("a-2", "乙")]),
                             core.ImportParams()))
    preview = core.Plan.from_json(core.validate(path, core.ImportParams()).to_json())  # kept by the admin
    ServicePoint.objects.filter(external_id="a-1").update(name="甲（管理员改过）")  # an edit in between

    with pytest.raises(core.StalePlan):
        core.apply(preview)
    assert ServicePoint.objects.get(external_id="a-1").name == "甲（管理员改过）"

    fresh = core.validate(path, core.ImportParams())
    assert [c.external_id for c in fresh.changed] == ["a-1", "a-2"]
    core.apply(fresh)
    assert ServicePoint.objects.get(external_id="a-1").name == "甲"


@pytest.mark.django_db
def test_it_refuses_invalid_plans_and_other_files(boundaries, tmp_path: Path) -> None:
    invalid = core.validate(write_csv(tmp_path / "bad.csv", [site("a-1", "")]), core.ImportParams())
    with pytest.raises(core.PlanNotApplicable):
        core.apply(invalid)
    plan = core.validate(write_csv(tmp_path / "ok.csv", [site("a-1", "甲")]), core.ImportParams())
    with pytest.raises(core.UnusableFile, match="not the one that was validated"):
        core.apply(plan, content=b"something else")
    assert not ServicePoint.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.django_db
def test_it_removes_the_saved_upload_when_the_transaction_rolls_back(
    boundaries, tmp_path: Path, settings, monkeypatch
) -> None:
    from loaders import apply as apply_module

    settings.MEDIA_ROOT = str(tmp_path / "media")
    plan = core.validate(write_csv(tmp_path / "a.csv", [site("a-1", "甲")]), core.ImportParams())

    def fail_while_writing(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(apply_module, "_write_sites", fail_while_writing)
    with pytest.raises(RuntimeError):
        core.apply(plan)
    assert not ImportRun.objects.exists() and not ServicePoint.objects.exists()
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []
