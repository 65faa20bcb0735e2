"""HSDS carries issue #12's data: a site's service area as `service_areas`, and the needs
vocabulary as a taxonomy whose terms tag the services of the categories meeting each need."""

from __future__ import annotations

import pytest

from resourcemap.hsds import mapping
from resourcemap.hsds.taxonomy import NEEDS, taxonomy_id
from tests.hsds.helpers import assert_valid
from tests.responsible.conftest import shipped  # noqa: F401 - the shipped data, once per module

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped")]


def test_a_district_centre_serves_its_district_in_hsds(client, hsds_validator):
    from resourcemap.directory.models import ServicePoint

    centre = ServicePoint.objects.get(name="福田区未成年人保护中心")
    body = client.get(f"/api/hsds/services/{mapping.service_id(centre)}").json()
    assert_valid(hsds_validator("service"), body)
    (area,) = body["service_areas"]
    assert area["name"] == "福田区" and "440304" in area["description"]
    kindergarten = ServicePoint.objects.filter(category__code="kindergarten").first()
    assert client.get(f"/api/hsds/services/{mapping.service_id(kindergarten)}").json()["service_areas"] == []


def test_the_needs_are_a_taxonomy_whose_terms_tag_services(client, hsds_validator):
    from resourcemap.directory.models import ServicePoint

    taxonomies = client.get("/api/hsds/taxonomies").json()["contents"]
    assert taxonomy_id(NEEDS) in [t["id"] for t in taxonomies]
    terms = []
    page = 1
    while True:
        body = client.get("/api/hsds/taxonomy_terms", {"per_page": 100, "page": page}).json()
        terms += body["contents"]
        if body["last_page"] or not body["contents"]:
            break
        page += 1
    needs = {t["code"]: t for t in terms if t["taxonomy_id"] == taxonomy_id(NEEDS)}
    assert len(needs) == 33 and "孤獨症" in needs["autism"]["description"]
    school = ServicePoint.objects.filter(category__code="special_school").first()
    service = client.get(f"/api/hsds/services/{mapping.service_id(school)}").json()
    assert_valid(hsds_validator("service"), service)
    tagged = {a["taxonomy_term"]["code"] for a in service["attributes"] if a.get("taxonomy_term")}
    assert {"autism", "special_education"} <= tagged
