"""/coverage/ for staff on the shipped data: districts and streets against the mandate, the
choropleth's data and the CSV."""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped")]


def test_it_is_for_staff_only(client):
    for url in ("/coverage/", "/coverage/coverage.csv", "/coverage/streets.geojson"):
        assert client.get(url).status_code == 302  # to the admin login


def test_it_shows_every_district_with_its_centre_and_census_children(admin_client):
    page = admin_client.get("/en/coverage/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<tr><td>") == 9 and html.count("<tr data-street=") == 78
    assert "by district only" in html and 'id="coverage-map"' in html


def test_the_csv_counts_units_and_children_per_site_from_the_census(admin_client):
    response = admin_client.get("/coverage/coverage.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    districts = {r["code"]: r for r in rows if r["level"] == "district"}
    assert len(districts) == 9 and all(r["district_centre_recorded"] == "1" for r in districts.values())
    futian = districts["440304"]
    children = 14195 + 71485 + 90597 + 71267  # census2020_districts.csv, 福田区, ages 0-14
    assert futian["children_0_14_census2020"] == str(children)
    assert float(futian["children_per_site"]) == round(children / int(futian["sites"]), 1)
    streets = [r for r in rows if r["level"] == "street"]
    assert len(streets) == 78
    assert all(r["street_workstations_recorded"] == "0" for r in streets)  # none in the shipped data
    assert sum(int(r["street_centres_recorded"]) for r in streets) == 74
    assert sum(int(r["community_centres_recorded"]) for r in streets) > 700


def test_the_choropleth_gets_every_traced_street_with_its_share(admin_client):
    collection = admin_client.get("/coverage/streets.geojson").json()
    assert len(collection["features"]) == 78
    assert all(0 <= f["properties"]["share"] <= 1 for f in collection["features"])
