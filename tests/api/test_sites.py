"""GET /api/v1/sites/ and /api/v1/sites/{id}/, categories and districts."""

from __future__ import annotations

import pytest

from resourcemap.directory.actions import save_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(make_site, boundaries):
    return {
        "futian_centre": make_site(name="园岭党群服务中心", lon=114.02, lat=22.52, district=boundaries["futian"],
                                   opening_hours=[{"day": d, "opens": "00:00", "closes": "24:00"} for d in range(7)]),
        "futian_hospital": make_site(name="福田儿童医院", category="childrens_hospital", lon=114.05, lat=22.55,
                                     district=boundaries["futian"], min_age=0, max_age=14),
        "longgang_school": make_site(name="龙岗特殊教育学校", category="special_school", lon=114.25, lat=22.7,
                                     district=boundaries["longgang"], min_age=6, max_age=18,
                                     status="temporarily_closed"),
        "kuiyong_centre": make_site(name="葵涌党群服务中心", lon=114.35, lat=22.65,
                                    district=boundaries["longgang"],
                                    street_id="440307102000"),
        "closed": make_site(name="已关闭站点", lon=114.03, lat=22.53, status="closed"),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {feature["id"] for feature in response.json()["features"]}


def test_it_lists_public_sites_only(client, sites):
    body = client.get("/api/v1/sites/").json()
    assert body["type"] == "FeatureCollection"
    assert body["count"] == 4
    assert sites["closed"].pk not in {f["id"] for f in body["features"]}


def test_it_filters(client, sites):
    get = client.get
    assert ids(get("/api/v1/sites/", {"category": "hospital"})) == {sites["futian_hospital"].pk}
    assert ids(get("/api/v1/sites/", {"category": "special_school,childrens_hospital"})) == {
        sites["futian_hospital"].pk, sites["longgang_school"].pk}
    assert ids(get("/api/v1/sites/", {"district": "440304"})) == {
        sites["futian_centre"].pk, sites["futian_hospital"].pk}
    assert ids(get("/api/v1/sites/", {"district": "dapeng"})) == {sites["kuiyong_centre"].pk}
    assert ids(get("/api/v1/sites/", {"bbox": "114.0,22.5,114.1,22.6"})) == {
        sites["futian_centre"].pk, sites["futian_hospital"].pk}
    assert ids(get("/api/v1/sites/", {"age": "16"})) == {
        sites["futian_centre"].pk, sites["longgang_school"].pk, sites["kuiyong_centre"].pk}
    assert ids(get("/api/v1/sites/", {"status": "temporarily_closed"})) == {sites["longgang_school"].pk}
    assert ids(get("/api/v1/sites/", {"open_now": "true"})) == {sites["futian_centre"].pk}
    assert ids(get("/api/v1/sites/", {"q": "儿童医院"})) == {sites["futian_hospital"].pk}


def test_it_paginates_and_returns_everything_with_all(client, make_site):
    for n in range(7):
        make_site(name=f"站点{n}")
    first = client.get("/api/v1/sites/", {"page_size": 3}).json()
    assert first["count"] == 7 and len(first["features"]) == 3 and first["previous"] is None
    assert "page=2" in first["next"]
    last = client.get("/api/v1/sites/", {"page_size": 3, "page": 3}).json()
    assert len(last["features"]) == 1 and last["next"] is None
    pages = [client.get("/api/v1/sites/", {"page_size": 3, "page": p}).json()["features"] for p in (1, 2, 3)]
    assert len({f["id"] for page in pages for f in page}) == 7
    everything = client.get("/api/v1/sites/", {"all": "true", "page_size": 3}).json()
    assert len(everything["features"]) == 7 and everything["next"] is None


@pytest.fixture
def frozen_minute(monkeypatch):
    from django.utils import timezone

    from resourcemap import caching

    minute = {"now": timezone.localtime().replace(second=0, microsecond=0)}
    monkeypatch.setattr(caching, "clock_now", lambda: minute["now"])
    return minute


def test_it_answers_304_to_a_matching_etag_and_changes_it_after_an_edit(client, sites, frozen_minute):
    first = client.get("/api/v1/sites/", {"category": "hospital"})
    assert first.status_code == 200 and first["ETag"].startswith('"')
    again = client.get("/api/v1/sites/", {"category": "hospital"}, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    other_query = client.get("/api/v1/sites/", {"category": "kindergarten"},
                             headers={"if-none-match": first["ETag"]})
    assert other_query.status_code == 200
    zipped = client.get("/api/v1/sites/", {"category": "hospital"}, headers={"accept-encoding": "gzip"})
    zipped_again = client.get("/api/v1/sites/", {"category": "hospital"},
                              headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]})
    assert zipped_again.status_code == 304
    hospital = sites["futian_hospital"]
    hospital.name = "福田儿童医院（新址）"
    save_site(hospital)
    changed = client.get("/api/v1/sites/", {"category": "hospital"}, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert changed.json()["features"][0]["properties"]["name"] == "福田儿童医院（新址）"


def test_it_shows_one_site_with_every_public_field(client, sites):
    site = sites["futian_hospital"]
    response = client.get(f"/api/v1/sites/{site.pk}/")
    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature" and feature["id"] == site.pk
    properties = feature["properties"]
    for field in ("name", "description", "address", "phones", "eligibility", "opening_hours", "min_age",
                  "max_age", "assured_date", "provenance", "organization", "district_name", "fee_free"):
        assert field in properties
    assert properties["district_name"] == "福田区"
    assert properties["min_age"] == 0 and properties["max_age"] == 14


def test_it_answers_404_for_missing_or_closed_sites(client, sites):
    assert client.get(f"/api/v1/sites/{sites['closed'].pk}/").status_code == 404
    response = client.get("/api/v1/sites/99999999/")
    assert response.status_code == 404 and "id" in response.json()["errors"]


def test_it_lists_categories_with_counts(client, sites):
    categories = {c["code"]: c for c in client.get("/api/v1/categories/").json()}
    assert categories["childrens_hospital"]["parent"] == "hospital"
    assert categories["party_mass_centre"]["site_count"] == 2  # the closed one is not counted
    assert categories["hospital"]["color"].startswith("#")


def test_it_lists_districts_with_geometry_on_request(client, boundaries):
    plain = client.get("/api/v1/districts/").json()
    assert {d["code"] for d in plain} == {"440304", "440307", "dapeng"}
    assert "geometry" not in plain[0]
    shaped = {f["id"]: f for f in client.get("/api/v1/districts/", {"geometry": "true"}).json()["features"]}
    assert shaped["440304"]["geometry"]["type"] == "MultiPolygon"
    assert shaped["dapeng"]["properties"]["parent"] == "440307"


def test_it_moves_its_validators_with_the_clock_as_open_now_does(client, sites, frozen_minute):
    from datetime import timedelta

    first = client.get("/api/v1/sites/")
    frozen_minute["now"] += timedelta(minutes=1)
    later = client.get("/api/v1/sites/", headers={"if-none-match": first["ETag"]})
    assert later.status_code == 200 and later["ETag"] != first["ETag"]
