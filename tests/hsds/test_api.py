"""The HSDS 3.0 API answers validate against the bundled HSDS schemas."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(make_site, boundaries):
    from resourcemap.directory.models import Organization

    health = Organization.objects.get(code="health")
    return [
        make_site(name="福田区妇幼保健院", category="maternal_child_health", organization=health,
                  address="深圳市福田区某路1号", phones=["0755-1111", "0755-2222"], district=boundaries["futian"],
                  website="https://example.org/fy", min_age=0, max_age=18, eligibility="0-18岁儿童",
                  lon=114.05, lat=22.55, hours_note="节假日休息",
                  opening_hours=[{"day": d, "opens": "08:00", "closes": "12:00"} for d in range(6)]
                  + [{"day": 6, "opens": "00:00", "closes": "24:00"}]),
        make_site(name="龙岗党群服务中心", lon=114.25, lat=22.7, location_precision="community",
                  status="temporarily_closed"),
        make_site(name="已撤销站点", status="closed", lon=114.06, lat=22.56),
    ]


def assert_valid(validator, instance):
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_it_describes_itself(client, hsds_validator):
    body = client.get("/api/hsds/").json()
    assert_valid(hsds_validator("api_root.json"), body)
    assert body["version"] == "3.0"


def test_it_pages_services_valid_against_hsds(client, directory, hsds_validator):
    body = client.get("/api/hsds/services", {"per_page": 1}).json()
    assert_valid(hsds_validator("page.json"), body)
    assert body["total_items"] == 2 and body["total_pages"] == 2 and body["size"] == 1
    assert body["first_page"] is True and body["last_page"] is False
    service = hsds_validator("service.json")
    second = client.get("/api/hsds/services", {"per_page": 1, "page": 2}).json()
    for item in body["contents"] + second["contents"]:
        assert_valid(service, item)
    statuses = {item["name"]: item["status"] for item in body["contents"] + second["contents"]}
    assert statuses == {"福田区妇幼保健院": "active", "龙岗党群服务中心": "temporarily closed"}


def test_it_returns_a_fully_nested_service_valid_against_hsds(client, directory, hsds_validator):
    site = directory[0]
    body = client.get(f"/api/hsds/services/{site.pk}").json()
    assert_valid(hsds_validator("service.json"), body)
    assert body["organization"]["id"] == "health"
    assert [p["number"] for p in body["phones"]] == ["0755-1111", "0755-2222"]
    location = body["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (22.55, 114.05)
    assert location["addresss"][0]["address_1"] == "深圳市福田区某路1号"
    assert body["attributes"][0]["taxonomy_term"]["code"] == "maternal_child_health"
    assert body["minimum_age"] == 0 and body["maximum_age"] == 18
    schedules = body["service_at_locations"][0]["schedules"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in schedules] == [
        ("SU", "00:00+08:00", "23:59+08:00"), ("MO,TU,WE,TH,FR,SA", "08:00+08:00", "12:00+08:00")]
    assert schedules[0]["notes"] == "节假日休息"


def test_it_answers_404_for_unknown_or_closed_services(client, directory):
    assert client.get(f"/api/hsds/services/{directory[2].pk}").status_code == 404
    assert client.get("/api/hsds/services/not-a-number").status_code == 404


def test_it_filters_services(client, directory):
    by_term = client.get("/api/hsds/services", {"taxonomy_term_id": "hospital"}).json()
    assert [s["name"] for s in by_term["contents"]] == ["福田区妇幼保健院"]
    by_org = client.get("/api/hsds/services", {"organization_id": "health"}).json()
    assert by_org["total_items"] == 1
    searched = client.get("/api/hsds/services", {"search": "党群"}).json()
    assert [s["name"] for s in searched["contents"]] == ["龙岗党群服务中心"]
    assert client.get("/api/hsds/services", {"taxonomy_term_id": "nope"}).status_code == 400


def test_it_lists_service_at_locations_by_proximity(client, directory, hsds_validator):
    body = client.get(
        "/api/hsds/service_at_locations", {"lat": 22.551, "lon": 114.05, "proximity": 5000}
    ).json()
    assert_valid(hsds_validator("page.json"), body)
    assert [item["service_id"] for item in body["contents"]] == [str(directory[0].pk)]
    record = hsds_validator("service_at_location.json")
    everything = client.get("/api/hsds/service_at_locations", {"lat": 22.7, "lon": 114.25}).json()
    assert [item["service_id"] for item in everything["contents"]] == [str(directory[1].pk), str(directory[0].pk)]
    for item in everything["contents"]:
        assert_valid(record, item)


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"postcode": "518000"}, "postcode"),
        ({"proximity": "100"}, "proximity"),
        ({"lat": "22.5"}, "lon"),
        ({"lat": "22.5", "lon": "114", "proximity": "-3"}, "proximity"),
        ({"per_page": "0"}, "per_page"),
        ({"modified_after": "yesterday"}, "modified_after"),
    ],
)
def test_it_rejects_bad_service_at_location_parameters(client, params, bad):
    response = client.get("/api/hsds/service_at_locations", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [bad]
