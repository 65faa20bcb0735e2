"""The directory's data version (directory/version.py) moves with every change to public data,
whichever door the change came through, and only when a change commits."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction

from resourcemap.directory.models import Category, ServicePoint
from resourcemap.directory.version import current_version, versioned_tables
from tests.directory.test_actions import CATEGORY_URL, category_form
from tests.loaders.doors import command_door
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db


def test_every_public_data_table_carries_the_bump_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers"
            " WHERE trigger_name = 'directory_version_bump'"
        )
        triggered = {row[0] for row in cursor.fetchall()}
    expected = set(versioned_tables())
    assert {"directory_servicepoint", "directory_category", "needs_need"} <= expected
    assert expected <= triggered


def test_an_admin_edit_moves_it(admin_client, make_site):
    make_site(name="园岭社区党群服务中心")
    category = Category.objects.get(code="party_mass_centre")
    before = current_version()
    response = admin_client.get(CATEGORY_URL.format(category.pk))
    assert response.status_code == 200
    assert current_version() == before  # reading moves nothing
    response = admin_client.post(CATEGORY_URL.format(category.pk), category_form(category, name_en="Renamed"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert current_version() > before


def test_a_raw_sql_write_moves_it_and_a_statement_that_changes_no_table_does_not(make_site):
    make_site(name="甲")
    before = current_version()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM directory_servicepoint")
        assert current_version() == before
        cursor.execute("UPDATE directory_servicepoint SET name = name || '站'")
    assert current_version() > before


def test_a_rolled_back_write_leaves_it(make_site):
    point = make_site(name="甲")
    before = current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        ServicePoint.objects.filter(pk=point.pk).update(name="乙")
        raise RuntimeError("rolled back")
    assert current_version() == before


def test_an_import_moves_it_and_a_failed_one_does_not(tmp_path: Path, boundaries):
    before = current_version()
    good = write_csv(tmp_path / "good.csv", [site("A1", "园岭社区党群服务中心")])
    assert command_door(good, commit=True).exit_code == 0
    after_import = current_version()
    assert after_import > before
    bad = write_csv(tmp_path / "bad.csv", [site("A2", "新站点", lon="not a number")])
    assert command_door(bad, commit=True).exit_code != 0
    assert current_version() == after_import
