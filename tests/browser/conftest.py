"""Browser tests run on a live server, so their tables are flushed after each test: the data
version row goes with them and version numbers repeat from one test to the next. Tiles kept
under a number by an earlier test's data must not be served to the next test."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def fresh_map_tiles(request: Any) -> None:
    from django.core.cache import caches

    if {"live_server", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        caches["map_tiles"].clear()
