"""One presenter of a site (resourcemap.directory.presenter): the map's results list, the API's
list and nearest, and the referral plan's page and CSV all show a site as it decides, so they
agree on what they show in common: name, category, address, phones, hours, open now,
approximate. A door that picked its own fields would drift from the others."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
POINT = {"lat": "22.55", "lon": "114.05"}


@pytest.fixture
def site(make_site):
    today = timezone.localtime().weekday()
    return make_site(
        name="园岭街道儿童之家", category="party_mass_centre", address="福田区园岭街道百花二路", lon=114.051, lat=22.551,
        phones=["0755-83000001", "0755-83000002"], location_precision="street", eligibility="辖区儿童",
        opening_hours=[{"day": today, "opens": "00:00", "closes": "24:00"}], min_age=3, max_age=14,
    )


def test_every_door_shows_a_site_as_the_presenter_does(client, site):
    api = client.get("/api/v1/sites/", {"q": site.name}).json()["features"][0]["properties"]
    nearest = client.get("/api/v1/nearest/", {**POINT, "category": "party_mass_centre"}).json()
    near = {key: value for key, value in nearest["features"][0]["properties"].items() if not key.startswith("distance")}
    assert near == api
    assert api["approximate"] is True and api["open_now"] is True  # the case the doors once decided apart

    item = client.get("/map/results.json", {"q": site.name}).json()["items"][0]
    for key in ("id", "name", "category", "category_name", "address", "approximate", "open_now"):
        assert item[key] == api[key], key

    response = client.get("/en/referral/plan.csv", {**POINT, "needs": "party_mass_centre", "per_need": "1"})
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[:2]
    line = dict(zip(header, row, strict=True))
    assert line["Service"] == api["name"] and line["Address"] == api["address"]
    assert line["Phone"] == " / ".join(api["phones"]) and line["Hours"] == api["hours"]
    assert line["Open now"] == "yes" and line["Location"] == "approximate" and line["Ages"] == "3–14"
    assert line["Distance (m)"].startswith("about ")  # an approximate point's distance is never exact

    page = client.get("/en/referral/", {**POINT, "needs": "party_mass_centre", "per_need": "1"}).content.decode()
    assert api["name"] in page and "approximate location" in page and api["hours"] in page
