"""data/places.csv and the metro stations from the POIs: every place lies in the city, and the
radius it claims covers the points it was placed by."""

from __future__ import annotations

import csv

import pytest

from resourcemap.geo.gazetteer import gazetteer, metres
from resourcemap.geo.known_places import KINDS, PLACES_CSV, POIS_CSV, known_places
from resourcemap.geo.transform import to_wgs84


def rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_place_is_inside_a_district_of_the_city():
    places = set(known_places().values())
    assert {p.kind for p in places} == set(KINDS)
    assert len([p for p in places if p.kind == "station"]) >= 80
    assert [p.name for p in places if not gazetteer().data.district_at(p.lon, p.lat)] == []


@pytest.mark.parametrize("row", rows(PLACES_CSV), ids=lambda row: row["name"])
def test_a_place_reaches_every_point_it_was_placed_by(row):
    pois = {r["tencent_id"]: r for r in rows(POIS_CSV)}
    place = known_places()[row["name"]]
    ids = [i for i in row["tencent_ids"].split(";") if i]
    if not ids:
        assert "by hand" in row["how"] and "approximate" in row["how"]  # says so where people read it
        return
    for poi_id in ids:
        lon, lat = to_wgs84(float(pois[poi_id]["lng_gcj02"]), float(pois[poi_id]["lat_gcj02"]), "gcj02")
        assert metres(lon, lat, place.lon, place.lat) <= place.radius_m
