"""Shared fixtures: real PostGIS through pytest-django, real Chromium through Playwright."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The data migrations that seed reference rows (taxonomy, organizations, staff roles).
SEEDING_MIGRATIONS = [
    ("resourcemap.directory.migrations.0002_taxonomy_and_organizations", "forwards"),
    ("resourcemap.directory.migrations.0004_more_categories", "forwards"),
    ("resourcemap.staff.migrations.0002_role_groups", "create_role_groups"),
    ("resourcemap.staff.migrations.0003_policy_permissions", "grant_policy_permissions"),
    ("resourcemap.directory.migrations.0007_organization_aliases", "add_aliases"),
    ("resourcemap.search.migrations.0001_abbreviations_from_policies", "grant_abbreviation_permissions"),
    ("resourcemap.search.migrations.0002_seed_abbreviations", "seed_abbreviations"),
]


def _is_transactional(request: Any) -> bool:
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """LocaleMiddleware leaves the last request's language active in the thread; a test that
    renders without a request must not inherit the previous test's /en/ or /zh-hant/."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def reference_data(request: Any) -> None:
    """Transactional tests (live server, subprocesses) end with a flush that empties every
    table, including the rows the data migrations seeded; the next such test gets them back.
    The seeding functions are idempotent (update_or_create / get_or_create)."""
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    seed_reference_rows()


def seed_reference_rows() -> None:
    """The data migrations' rows, when a flush has emptied the tables (also used by module
    fixtures that commit rows for a server in another process)."""
    from django.apps import apps

    if apps.get_model("directory", "Category").objects.exists():
        return
    # create_role_groups toggles models_module on the app configs it is given; with the
    # live registry, put the real values back afterwards.
    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        for module, function in SEEDING_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)
    finally:
        for config in apps.get_app_configs():
            config.models_module = saved[config.label]


# A 1x1 transparent PNG.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c63600002"
    "00000500017a5eab3f0000000049454e44ae426082"
)


@pytest.fixture
def make_site(db: Any):
    """Creates a service point with sensible defaults; keyword arguments override them."""
    from resourcemap.directory.actions import save_site
    from resourcemap.directory.models import Category, ServicePoint

    counter = {"n": 0}

    def make(**fields: Any) -> ServicePoint:
        counter["n"] += 1
        lon = fields.pop("lon", 114.05)
        lat = fields.pop("lat", 22.55)
        category = fields.pop("category", "party_mass_centre")
        if isinstance(category, str):
            category = Category.objects.get(code=category)
        defaults: dict[str, Any] = {
            "source": "test",
            "external_id": f"t-{counter['n']}",
            "name": f"测试站点{counter['n']}",
            "category": category,
            "location": Point(lon, lat, srid=4326),
            "location_precision": "surveyed",
            "assured_date": date.today(),
        }
        defaults.update(fields)
        return save_site(ServicePoint(**defaults))

    return make


@pytest.fixture
def boundaries(db: Any):
    """Two small districts and streets (one street in a functional area)."""
    from resourcemap.directory.models import District, Street

    def square(minx: float, miny: float, size: float) -> MultiPolygon:
        return MultiPolygon(Polygon.from_bbox((minx, miny, minx + size, miny + size)), srid=4326)

    futian = District.objects.create(code="440304", name="福田区", name_en="Futian", boundary=square(114.0, 22.5, 0.1))
    longgang = District.objects.create(
        code="440307", name="龙岗区", name_en="Longgang", boundary=square(114.2, 22.6, 0.2)
    )
    dapeng = District.objects.create(
        code="dapeng", name="大鹏新区", kind="functional", parent=longgang, boundary=square(114.3, 22.6, 0.1)
    )
    Street.objects.create(code="440304001000", name="园岭街道", district=futian, boundary=square(114.0, 22.5, 0.05))
    Street.objects.create(
        code="440307102000", name="葵涌街道", district=longgang, functional_area=dapeng,
        boundary=square(114.3, 22.6, 0.1),
    )
    return {"futian": futian, "longgang": longgang, "dapeng": dapeng}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors and uncaught exceptions in `page.errors`.

    Tests never touch the internet: a request for anything but the live server is recorded
    in `page.external_requests` and answered with a blank tile image (map tiles are the only
    outside requests the pages may make). A test of the offline map routes tiles to abort.
    """
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.external_requests = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://localhost", "http://127.0.0.1", "data:")):
            route.continue_()
        else:
            page.external_requests.append(url)
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)

    page.route("**/*", route)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def fresh_public_cache() -> Iterator[None]:
    """Cached public answers (resourcemap/caching.py) live in each process's memory: a test
    starts with none, and a settings override mid-test drops them (a release changes pages)."""
    from django.core.cache import caches
    from django.test.signals import setting_changed

    from resourcemap.caching import PUBLIC_CACHE, release_digest

    def forget(**kwargs: Any) -> None:
        caches[PUBLIC_CACHE].clear()
        release_digest.cache_clear()

    caches[PUBLIC_CACHE].clear()
    setting_changed.connect(forget, dispatch_uid="fresh_public_cache")
    yield
    setting_changed.disconnect(dispatch_uid="fresh_public_cache")
