"""GET /api/v1/geocode/: typed addresses to a point (no geocoder configured: area names)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_locates_an_address_by_the_areas_it_names(client, boundaries, settings):
    settings.GEOCODER = ""
    response = client.get("/api/v1/geocode/", {"q": "深圳市福田区园岭街道某某路1号"})
    assert response.status_code == 200
    body = response.json()
    assert body["precision"] == "street" and body["label"] == "园岭街道"
    assert body["approximate"] is True
    assert 114.0 <= body["lon"] <= 114.15 and 22.5 <= body["lat"] <= 22.6


def test_it_locates_a_known_road_offline_at_road_level(client, boundaries, settings):
    settings.GEOCODER = ""
    body = client.get("/api/v1/geocode/", {"q": "深圳市福田区园岭街道红荔路"}).json()
    assert (body["precision"], body["label"], body["approximate"]) == ("road", "红荔路", True)


def test_it_answers_404_naming_q_when_nothing_matches(client, boundaries, settings):
    settings.GEOCODER = ""
    response = client.get("/api/v1/geocode/", {"q": "火星某路"})
    assert response.status_code == 404
    assert list(response.json()["errors"]) == ["q"]
