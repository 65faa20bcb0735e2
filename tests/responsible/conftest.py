"""The shipped data (real outlines, the 2,995 sites with their rule-given service areas, the
laws), loaded once per module through the same commands as `make setup`, removed afterwards.
Each test still runs in its own transaction on top of it."""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command


@pytest.fixture(scope="module")
def shipped(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    from django.test import override_settings

    from loaders.models import ImportRun
    from resourcemap.directory.models import Community, District, ServicePoint, Street
    from resourcemap.needs.models import Need
    from resourcemap.policies.models import CategoryArticleLink, Law
    from resourcemap.search.models import SearchAbbreviation

    # The import keeps a copy of the file under MEDIA_ROOT: in a tmp dir, not the checkout's var/.
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), GEOCODER="")
    with django_db_blocker.unblock(), media:
        call_command("load_initial_data", stdout=io.StringIO())
        yield
        # Everything the load wrote goes, so that later modules see the empty database they expect
        # (the sites' deletion writes history rows: the history goes after them).
        ServicePoint.objects.all().delete()
        ServicePoint.history.all().delete()
        ImportRun.objects.all().delete()
        Need.objects.all().delete()
        Community.objects.all().delete()
        Street.objects.all().delete()
        District.objects.filter(kind="functional").delete()
        District.objects.all().delete()
        Law.objects.all().delete()
        CategoryArticleLink.objects.all().delete()
        SearchAbbreviation.objects.all().delete()
        # The abbreviations the migration seeded (the map's search uses them) come back.
        importlib.import_module("resourcemap.search.migrations.0002_seed_abbreviations").seed_abbreviations(apps, None)


def points_in(where_sql: str, count: int, seed: int) -> list[tuple[float, float]]:
    """`count` reproducible random points inside the geometry the SQL expression gives."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_X(g), ST_Y(g) FROM ST_Dump(ST_GeneratePoints(({where_sql}), %s, %s)) AS d(path, g)",  # noqa: S608
            [count, seed],
        )
        return [(round(x, 6), round(y, 6)) for x, y in cursor.fetchall()]
