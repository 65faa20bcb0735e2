"""Browser tests run with transaction=True (the live server needs committed data). Each
transactional test ends with a flush that also empties the taxonomy the migrations seeded, so
every browser test puts the seeded categories and organizations back first (idempotent)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

SEEDING_MIGRATIONS = ("0002_taxonomy_and_organizations", "0004_more_categories")


@pytest.fixture(autouse=True)
def seeded_taxonomy(request: Any) -> None:
    if "transactional_db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for migration in SEEDING_MIGRATIONS:
        importlib.import_module(f"resourcemap.directory.migrations.{migration}").forwards(apps, None)
