"""Staff users in each role, logged in through Django's test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from resourcemap.staff.roles import DATA_ADMINISTRATORS, ORGANIZATION_EDITORS, READ_ONLY_STAFF

PASSWORD = "a-long-test-password-1234"


@pytest.fixture
def make_staff(db: Any):
    """make_staff(role, organizations=("education",)) -> a logged-in Client for a new staff user."""
    from django.contrib.auth.models import Group, User

    from resourcemap.directory.models import Organization
    from resourcemap.staff.models import OrganizationEditor

    counter = {"n": 0}

    def make(role: str, organizations: tuple[str, ...] = ()) -> Client:
        counter["n"] += 1
        user = User.objects.create_user(f"staff{counter['n']}", password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        for code in organizations:
            OrganizationEditor.objects.create(user=user, organization=Organization.objects.get(code=code))
        client = Client()
        client.force_login(user)
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def data_admin(make_staff: Any) -> Client:
    return make_staff(DATA_ADMINISTRATORS)


@pytest.fixture
def education_editor(make_staff: Any) -> Client:
    return make_staff(ORGANIZATION_EDITORS, ("education",))


@pytest.fixture
def read_only(make_staff: Any) -> Client:
    return make_staff(READ_ONLY_STAFF)


def change_form_data(site: Any, **overrides: Any) -> dict[str, Any]:
    """The POST a browser sends from the site's change form, with some fields changed."""
    data: dict[str, Any] = {
        "name": site.name, "alternate_name": site.alternate_name, "category": site.category_id,
        "organization": site.organization_id or "", "status": site.status,
        "assured_date": site.assured_date.isoformat() if site.assured_date else "",
        "location": site.location.geojson, "paste_coordinates": "", "paste_crs": "gcj02",
        "location_precision": site.location_precision, "address": site.address,
        "district": site.district_id or "", "street": site.street_id or "", "community": site.community_id or "",
        "phones": ",".join(site.phones), "website": site.website, "email": site.email,
        "opening_hours": "[]", "hours_note": site.hours_note, "description": site.description,
        "min_age": "", "max_age": "", "eligibility": "", "languages": "", "accessibility": "",
        "fee_free": "unknown", "fees": "", "source": site.source, "external_id": site.external_id,
        "provenance": site.provenance,
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _mass_retire_guard_off(settings: Any) -> None:
    """The import scenarios retire 2 of 3 sites; the guard has its own tests (tests/loaders/test_guards.py)."""
    settings.IMPORT_MASS_RETIRE_PERCENT = 100
