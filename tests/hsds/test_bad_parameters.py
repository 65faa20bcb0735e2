"""Bad HSDS query parameters are a 400 naming the parameter, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/hsds/services", "/api/hsds/service_at_locations"]

OUT_OF_RANGE_DATES = [
    "0001-01-01",
    "0001-01-01T00:00:00",
    "0001-01-01T08:00:00",
    "0001-01-01T07:59:59",
    "9999-12-31T23:00:00-05:00",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("value", OUT_OF_RANGE_DATES)
def test_it_rejects_a_modified_after_beyond_the_calendar(client, endpoint, value):
    response = client.get(endpoint, {"modified_after": value})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["modified_after"]
    assert errors["modified_after"] and all(isinstance(m, str) and m for m in errors["modified_after"])


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_rejects_a_modified_after_that_is_not_a_date(client, endpoint):
    response = client.get(endpoint, {"modified_after": "yesterday"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["modified_after"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_filters_by_a_modified_after_near_the_ends_of_the_calendar(client, make_site, endpoint):
    make_site(name="福田区妇幼保健院")
    early = client.get(endpoint, {"modified_after": "0001-01-01T00:00:00+00:00"})
    assert early.status_code == 200 and early.json()["total_items"] == 1
    late = client.get(endpoint, {"modified_after": "9999-12-31T23:59:59"})
    assert late.status_code == 200 and late.json()["total_items"] == 0


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_rejects_modified_after_given_twice(client, endpoint):
    response = client.get(f"{endpoint}?modified_after=2024-01-01&modified_after=2025-01-01")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["modified_after"]
