"""Every operation of the official HSDS 3.0 openapi.json answers documents valid against the
official schemas (strict with HSDS_SPEC_DIR; see conftest.py), for a site with every
optional field filled and for plain ones."""

from __future__ import annotations

import json

import pytest

from tests.hsds.helpers import assert_page_of, assert_valid

pytestmark = pytest.mark.django_db

# A site's HSDS ids are UUID v5 of its source and external id: these literals pin them, so a
# change of namespace or key (which would orphan every id an aggregator stored) fails here.
FULL_SERVICE_ID = "63ad5474-32cd-51bf-841b-8cb0fa6a2cba"
FULL_SERVICE_AT_LOCATION_ID = "51b0c7cd-4400-558c-981d-b4db707cbf27"
HEALTH_ORGANIZATION_ID = "311c4283-d794-528c-890f-884d6daceff9"


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.content[:500])
    return response.json()


def test_it_describes_itself_and_publishes_its_profile_and_openapi(client):
    body = get(client, "/api/hsds/")
    assert body["version"] == "3.0"
    assert body["profile"].endswith("/api/hsds/profile/")
    assert body["openapi_url"].endswith("/api/hsds/openapi.json")
    profile = get(client, "/api/hsds/profile/")
    assert set(profile["profile"]) == {"address.json", "location.json", "metadata.json", "openapi.json"}
    address = get(client, "/api/hsds/profile/address.json")
    assert "postal_code" not in address["required"]
    openapi = client.get("/api/hsds/openapi.json")
    assert openapi["Content-Type"] in ("application/json", "application/vnd.oai.openapi+json")
    paths = json.loads(openapi.content)["paths"]
    assert {"/api/hsds/services/{id}", "/api/hsds/taxonomy_terms/{id}", "/api/hsds/organizations"} <= set(paths)
    assert not any(path.startswith("/api/v1/") for path in paths)


def test_its_ids_are_uuid_v5_of_the_site_key(client, directory):
    body = get(client, "/api/hsds/services", search="福田区妇幼")
    assert [s["id"] for s in body["contents"]] == [FULL_SERVICE_ID]
    assert body["contents"][0]["organization_id"] == HEALTH_ORGANIZATION_ID
    service = get(client, f"/api/hsds/services/{FULL_SERVICE_ID}")
    assert service["service_at_locations"][0]["id"] == FULL_SERVICE_AT_LOCATION_ID
    assert get(client, f"/api/hsds/services/{FULL_SERVICE_ID.upper()}")["id"] == FULL_SERVICE_ID


def test_it_answers_every_official_operation_with_valid_documents(client, directory, hsds_validator):
    service = hsds_validator("service")
    assert_page_of(get(client, "/api/hsds/services"), hsds_validator("service_list"))
    assert_page_of(get(client, "/api/hsds/services", full="true"), service)
    assert_page_of(get(client, "/api/hsds/services", minimal="true"), hsds_validator("service_list"))
    assert_valid(service, get(client, f"/api/hsds/services/{FULL_SERVICE_ID}"))
    assert_valid(service, get(client, f"/api/hsds/service_at_locations/{FULL_SERVICE_AT_LOCATION_ID}"))
    assert_page_of(get(client, "/api/hsds/service_at_locations"), hsds_validator("service_at_location_list"))
    assert_page_of(get(client, "/api/hsds/service_at_locations", full="true"),
                   hsds_validator("service_at_location"))
    organizations = get(client, "/api/hsds/organizations")
    assert_page_of(organizations, hsds_validator("organization_list"))
    assert_page_of(get(client, "/api/hsds/organizations", full="true", full_service="true"),
                   hsds_validator("organization"))
    assert_valid(hsds_validator("organization"), get(client, f"/api/hsds/organizations/{HEALTH_ORGANIZATION_ID}"))
    terms = get(client, "/api/hsds/taxonomy_terms", per_page=100)
    assert_page_of(terms, hsds_validator("taxonomy_term"))
    assert_valid(hsds_validator("taxonomy_term"), get(client, f"/api/hsds/taxonomy_terms/{terms['contents'][0]['id']}"))
    taxonomies = get(client, "/api/hsds/taxonomies")
    assert_page_of(taxonomies, hsds_validator("taxonomy"))
    assert_valid(hsds_validator("taxonomy"), get(client, f"/api/hsds/taxonomies/{taxonomies['contents'][0]['id']}"))


def test_it_fills_every_object_the_directory_holds(client, directory):
    service = get(client, f"/api/hsds/services/{FULL_SERVICE_ID}")
    assert service["name"] == "福田区妇幼保健院（新址）" and service["status"] == "active"
    assert (service["minimum_age"], service["maximum_age"]) == (0, 18)
    assert service["url"] == "https://example.org/fy" and service["email"] == "info@example.org"
    assert service["last_modified"].endswith("Z")
    assert service["organization"]["id"] == HEALTH_ORGANIZATION_ID
    assert [p["number"] for p in service["phones"]] == ["0755-1111", "0755-2222"]
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("zh", "中文 Chinese"), ("yue", "粤语 Cantonese"), ("en", "English")]
    assert [(c["option"], c["amount"], c["currency"]) for c in service["cost_options"]] == [
        ("免费 Free of charge", 0, "CNY")]
    terms = [(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in service["attributes"]]
    assert terms == [("resourcemap-categories", "maternal_child_health"), ("open-eligibility", "Health")]
    assert "parent_id" in service["attributes"][0]["taxonomy_term"]  # maternal_child_health is under hospital
    link = service["service_at_locations"][0]
    location = link["location"]
    assert (location["latitude"], location["longitude"]) == (22.55, 114.05)
    assert location["external_identifier"] == "test:full-1"
    assert [(a["address_1"], a["region"], a["postal_code"]) for a in location["addresses"]] == [
        ("深圳市福田区某路1号", "福田区", "")]
    assert location["accessibility"][0]["description"] == "无障碍通道与电梯"
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in link["schedules"]] == [
        ("SU", "00:00+08:00", "23:59+08:00"), ("MO,TU,WE,TH,FR,SA", "08:00+08:00", "12:00+08:00")]
    assert link["schedules"][0]["notes"] == "节假日休息"
    actions = [(m["last_action_type"], m["field_name"], m["previous_value"], m["replacement_value"])
               for m in service["metadata"]]
    assert actions == [("create", "*", "-", "health_2024.xlsx#row=7"),
                       ("update", "name", "福田区妇幼保健院", "福田区妇幼保健院（新址）")]
    assert {m["updated_by"] for m in service["metadata"]} == {"system"}


def test_it_labels_approximate_locations_and_fee_text(client, directory):
    body = get(client, "/api/hsds/service_at_locations", search="龙岗党群", full="true")
    location = body["contents"][0]["location"]
    assert location["description"].startswith("位置为近似值") and "Approximate location" in location["description"]
    service = get(client, f"/api/hsds/services/{body['contents'][0]['service_id']}")
    assert service["status"] == "temporarily closed"
    assert [(c["option"], c["amount_description"]) for c in service["cost_options"]] == [("收费 Fee", "部分项目收费")]
    assert "amount" not in service["cost_options"][0]


def test_it_answers_json_404s(client, directory):
    closed = directory[2]
    from resourcemap.hsds.mapping import service_id

    for url in [f"/api/hsds/services/{service_id(closed)}", "/api/hsds/services/not-a-uuid",
                "/api/hsds/services/00000000-0000-0000-0000-000000000000", "/api/hsds/organizations/nope",
                "/api/hsds/service_at_locations/12", "/api/hsds/taxonomies/x", "/api/hsds/taxonomy_terms/x",
                "/api/hsds/no_such_table", "/api/hsds/services/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json", url
        assert response.json()["errors"], url


def test_its_filters_are_cumulative(client, directory):
    from resourcemap.hsds import taxonomy

    hospital = taxonomy.term_id(taxonomy.CATEGORIES, "maternal_child_health")
    health = taxonomy.term_id(taxonomy.OPEN_ELIGIBILITY, "Health")
    party = taxonomy.term_id(taxonomy.CATEGORIES, "party_mass_centre")
    oe = taxonomy.taxonomy_id(taxonomy.OPEN_ELIGIBILITY)

    def names(**params):
        return sorted(s["name"] for s in get(client, "/api/hsds/services", **params)["contents"])

    assert names() == ["福田区妇幼保健院（新址）", "龙岗党群服务中心"]
    assert names(taxonomy_term_id=hospital) == ["福田区妇幼保健院（新址）"]
    assert names(taxonomy_term_id=health) == ["福田区妇幼保健院（新址）"]
    assert names(taxonomy_term_id=party) == ["龙岗党群服务中心"]
    assert names(taxonomy_id=oe) == ["福田区妇幼保健院（新址）"]
    assert names(taxonomy_id=oe, taxonomy_term_id=party) == []
    assert names(organization_id=HEALTH_ORGANIZATION_ID, search="党群") == []
    assert names(organization_id=HEALTH_ORGANIZATION_ID, search="妇幼") == ["福田区妇幼保健院（新址）"]
    unrecorded = get(client, "/api/hsds/services", search="党群")["contents"][0]["organization_id"]
    assert names(organization_id=unrecorded) == ["龙岗党群服务中心"]
    assert names(modified_after="2999-01-01T00:00:00Z") == []
    assert names(modified_after="2000-01-01T00:00:00Z", taxonomy_term_id=party) == ["龙岗党群服务中心"]


@pytest.mark.parametrize(
    ("url", "params", "bad"),
    [
        ("/api/hsds/services", {"taxonomy_id": "bogus"}, "taxonomy_id"),
        ("/api/hsds/services", {"taxonomy_id": "00000000-0000-0000-0000-000000000000"}, "taxonomy_id"),
        ("/api/hsds/services", {"taxonomy_term_id": "nope"}, "taxonomy_term_id"),
        ("/api/hsds/services", {"organization_id": "health"}, "organization_id"),
        ("/api/hsds/services", {"format": "xml"}, "format"),
        ("/api/hsds/services", {"full": "maybe"}, "full"),
        ("/api/hsds/services", {"minimal": "true", "full": "true"}, "minimal"),
        ("/api/hsds/services", {"postcode": "518000"}, "postcode"),
        ("/api/hsds/services", {"page_size": "5"}, "page_size"),
        ("/api/hsds/services/00000000-0000-0000-0000-000000000000", {"full": "true"}, "full"),
        ("/api/hsds/", {"x": "1"}, "x"),
        ("/api/hsds/organizations", {"organization_id": "x"}, "organization_id"),
        ("/api/hsds/taxonomies", {"taxonomy_id": "x"}, "taxonomy_id"),
        ("/api/hsds/taxonomy_terms", {"top_only": "perhaps"}, "top_only"),
        ("/api/hsds/taxonomy_terms", {"parent_id": "x"}, "parent_id"),
        ("/api/hsds/service_at_locations", {"postcode": "518000"}, "postcode"),
        ("/api/hsds/service_at_locations", {"proximity": "100"}, "proximity"),
        ("/api/hsds/service_at_locations", {"lat": "22.5"}, "lon"),
        ("/api/hsds/service_at_locations", {"lat": "22.5", "lon": "114", "proximity": "-3"}, "proximity"),
        ("/api/hsds/service_at_locations", {"minimal": "true"}, "minimal"),
        ("/api/hsds/service_at_locations", {"per_page": "0"}, "per_page"),
    ],
)
def test_it_answers_a_bad_or_unknown_parameter_with_a_400_naming_it(client, url, params, bad):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == [bad]


def test_it_returns_minimal_services_on_one_page_and_streams_ndjson(client, directory):
    minimal = get(client, "/api/hsds/services", minimal="true")
    assert minimal["total_pages"] == 1 and minimal["size"] == 2
    assert all(set(item) == {"id", "name", "status", "last_modified"} for item in minimal["contents"])
    response = client.get("/api/hsds/services", {"format": "ndjson", "per_page": 1})
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert sorted(json.loads(line)["name"] for line in lines) == ["福田区妇幼保健院（新址）", "龙岗党群服务中心"]


def test_it_lists_service_at_locations_by_proximity(client, directory):
    near = get(client, "/api/hsds/service_at_locations", lat=22.551, lon=114.05, proximity=5000)
    assert [item["id"] for item in near["contents"]] == [FULL_SERVICE_AT_LOCATION_ID]
    assert near["contents"][0]["service"]["id"] == FULL_SERVICE_ID
    everything = get(client, "/api/hsds/service_at_locations", lat=22.7, lon=114.25)
    assert [item["location"]["name"] for item in everything["contents"]] == [
        "龙岗党群服务中心", "福田区妇幼保健院（新址）"]


def test_it_lists_organizations_and_taxonomy_terms_with_their_filters(client, directory):
    from resourcemap.hsds import taxonomy

    health = get(client, f"/api/hsds/organizations/{HEALTH_ORGANIZATION_ID}")
    assert [s["id"] for s in health["services"]] == [FULL_SERVICE_ID]
    nested = get(client, f"/api/hsds/organizations/{HEALTH_ORGANIZATION_ID}", full_service="true")
    assert nested["services"][0]["service_at_locations"][0]["id"] == FULL_SERVICE_AT_LOCATION_ID
    assert [o["name"] for o in get(client, "/api/hsds/organizations", search="Health")["contents"]] == ["卫生健康部门"]
    hospital = taxonomy.term_id(taxonomy.CATEGORIES, "hospital")
    children = get(client, "/api/hsds/taxonomy_terms", parent_id=hospital)["contents"]
    assert sorted(t["code"] for t in children) == ["childrens_hospital", "maternal_child_health"]
    top = get(client, "/api/hsds/taxonomy_terms", top_only="true", per_page=100)["contents"]
    assert "childrens_hospital" not in {t["code"] for t in top} and "hospital" in {t["code"] for t in top}
    oe = get(client, "/api/hsds/taxonomy_terms", taxonomy_id=taxonomy.taxonomy_id(taxonomy.OPEN_ELIGIBILITY))
    assert sorted(t["name"] for t in oe["contents"]) == ["Care", "Education", "Health", "Housing"]


def test_its_validators_would_catch_what_the_old_export_got_wrong(client, directory, hsds_validator):
    service = get(client, f"/api/hsds/services/{FULL_SERVICE_ID}")
    location = service["service_at_locations"][0]["location"]
    location["addresss"] = location.pop("addresses")
    service["id"] = "1"
    errors = {e.message for e in hsds_validator("service").iter_errors(service)}
    assert any("'1' is not a 'uuid'" in message for message in errors), errors
    from tests.hsds.conftest import OFFICIAL_DIR

    if OFFICIAL_DIR is not None:  # strict: an unknown key is an error
        assert any("addresss" in message for message in errors), errors
