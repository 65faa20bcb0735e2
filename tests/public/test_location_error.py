"""An approximate site says how far off such points are, from the gazetteer's measured errors."""

from __future__ import annotations

from resourcemap.geo.gazetteer import rounded_distance, typical_error


def test_an_approximate_site_states_the_measured_error_of_its_precision(client, make_site):
    site = make_site(name="某幼儿园", location_precision="road")
    page = client.get(f"/en/sites/{site.pk}/").content.decode()
    _median, p90 = typical_error("road")
    assert f"9 in 10 such points are within about {rounded_distance(p90)} of the place" in page
    chinese = client.get(f"/sites/{site.pk}/").content.decode()
    assert "实测：此类位置有九成误差约在" in chinese


def test_a_surveyed_site_states_none(client, make_site):
    site = make_site(name="某小学", location_precision="surveyed")
    assert "such points are" not in client.get(f"/en/sites/{site.pk}/").content.decode()
