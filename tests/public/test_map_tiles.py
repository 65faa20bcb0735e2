"""The map's data tiles: clustered counts that add up to SQL's, filters, validation, caching."""

from __future__ import annotations

import math

import pytest
from django.db import connection

from resourcemap.directory.version import current_version

pytestmark = pytest.mark.django_db


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def tile_url(z: int, x: int, y: int, version: int | None = None) -> str:
    return f"/map/tiles/v{current_version() if version is None else version}/{z}/{x}/{y}.json"


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / 2**z))))

    return x / 2**z * 360 - 180, lat(y + 1), (x + 1) / 2**z * 360 - 180, lat(y)


def sql_count(z: int, x: int, y: int, where: str = "TRUE") -> int:
    """The independent reference: public sites inside the tile's edges, counted by SQL."""
    west, south, east, north = tile_bounds(z, x, y)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM directory_servicepoint s JOIN directory_category c ON c.id = s.category_id "
            "WHERE s.status <> 'closed' AND ST_X(s.location::geometry) >= %s AND ST_X(s.location::geometry) < %s "
            f"AND ST_Y(s.location::geometry) > %s AND ST_Y(s.location::geometry) <= %s AND {where}",
            [west, east, south, north],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def city(make_site):
    sites = [make_site(name=f"福田区第{n}儿童之家", category="party_mass_centre", lon=114.05 + n / 10000, lat=22.54)
             for n in range(5)]
    sites.append(make_site(name="大鹏幼儿园", category="kindergarten", lon=114.50, lat=22.60,
                           location_precision="community"))
    sites.append(make_site(name="坪山特殊教育学校", category="special_school", lon=114.35, lat=22.53))
    sites.append(make_site(name="已关闭的站点", category="kindergarten", lon=114.051, lat=22.541, status="closed"))
    return sites


def body_total(body: dict) -> int:
    return sum(c[2] for c in body["clusters"]) + len(body["sites"])


def test_it_clusters_sites_sharing_a_cell_and_lists_lone_ones(client, city):
    x, y = tile_of(114.2, 22.55, 8)
    response = client.get(tile_url(8, x, y))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7 == body_total(body) == sql_count(8, x, y)  # the closed one is left out
    assert [c[2] for c in body["clusters"]] == [5]  # five sites 40 m apart: one cluster
    west, south, east, north = body["clusters"][0][3:]
    # Its sites' box (stored cells of ~2 m): a click zooms there.
    assert west == pytest.approx(114.05, abs=3e-5) and east == pytest.approx(114.0504, abs=3e-5)
    assert south == pytest.approx(22.54, abs=3e-5) and north == pytest.approx(22.54, abs=3e-5)
    assert west < 114.05 < 114.0504 < east and south < 22.54 < north
    lone = {row[3]: row for row in body["sites"]}
    assert lone["大鹏幼儿园"][1:] == [114.5, 22.6, "大鹏幼儿园", "kindergarten", 1]  # approximate: labelled
    assert lone["坪山特殊教育学校"][5] == 0


def test_it_lists_every_site_from_the_sites_zoom(client, city, settings):
    z = settings.MAP_TILE_SITES_ZOOM
    x, y = tile_of(114.0502, 22.54, z)
    body = client.get(tile_url(z, x, y)).json()
    assert body["clusters"] == []
    assert sorted(row[3] for row in body["sites"]) == [f"福田区第{n}儿童之家" for n in range(5)]
    assert body["count"] == sql_count(z, x, y) == 5


def test_its_tiles_add_up_to_the_sql_count_over_a_view(client, make_site):
    # A deterministic spread over 3 x 3 tiles at zoom 11, edges included.
    for n in range(60):
        make_site(name=f"站点{n}", lon=113.90 + (n * 37 % 60) / 200, lat=22.45 + (n * 11 % 60) / 200)
    (x0, y0), (x1, y1) = tile_of(113.90, 22.75, 11), tile_of(114.20, 22.45, 11)
    total = 0
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            body = client.get(tile_url(11, x, y)).json()
            assert body["count"] == body_total(body) == sql_count(11, x, y), (x, y)
            total += body["count"]
    assert total == 60


def test_filters_reduce_the_counts_as_sql_does(client, city):
    x, y = tile_of(114.2, 22.55, 8)

    def count(**params: object) -> int:
        response = client.get(tile_url(8, x, y), params)
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert count(category="kindergarten") == 1 == sql_count(8, x, y, "c.code = 'kindergarten'")
    assert count(category=["kindergarten", "special_school"]) == 2
    assert count(q="儿童之家") == 5
    assert count(q="儿童之家", category="kindergarten") == 0


def test_it_names_a_bad_parameter_in_a_400(client, city):
    x, y = tile_of(114.2, 22.55, 8)
    for params, field in (({"category": "no-such"}, "category"), ({"age": "old"}, "age"),
                          ({"district": "999999"}, "district"), ({"q": "长" * 500}, "q")):
        response = client.get(tile_url(8, x, y), params)
        assert response.status_code == 400, params
        assert field in response.json()["errors"]
    assert "z" in client.get(tile_url(30, 0, 0)).json()["errors"]
    response = client.get(tile_url(3, 8, 0))
    assert response.status_code == 400 and "x" in response.json()["errors"]


def test_it_is_immutable_at_its_version_and_moves_with_the_data(client, city):
    x, y = tile_of(114.2, 22.55, 8)
    old = current_version()
    response = client.get(tile_url(8, x, y))
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    city[0].name = "福田区儿童之家（新址）"
    city[0].save()
    new = current_version()
    assert new != old
    # A page opened before the edit asks for the old version: sent to the current one.
    stale = client.get(tile_url(8, x, y, version=old), {"category": "party_mass_centre"})
    assert stale.status_code == 302
    assert stale["Location"] == tile_url(8, x, y, version=new) + "?category=party_mass_centre"
    assert stale["Cache-Control"] == "no-cache"
    # The map page names the new version's tiles.
    page = client.get("/")
    assert f"/map/tiles/v{new}/0/0/0.json".encode() in page.content


def test_a_searched_tile_is_never_stored(client, city):
    x, y = tile_of(114.2, 22.55, 8)
    assert client.get(tile_url(8, x, y), {"q": "福田区"})["Cache-Control"] == "no-store"
    assert client.get(tile_url(8, x, y), {"open": "on"})["Cache-Control"] == "public, max-age=60"


def test_names_follow_the_page_script(client, make_site):
    make_site(name="儿童医院", lon=114.05, lat=22.54)
    x, y = tile_of(114.05, 22.54, 8)
    assert client.get(tile_url(8, x, y)).json()["sites"][0][3] == "儿童医院"
    assert client.get("/zh-hant" + tile_url(8, x, y)).json()["sites"][0][3] == "兒童醫院"


def test_a_moved_site_moves_to_its_new_tile(client, make_site):
    from django.contrib.gis.geos import Point

    site = make_site(name="搬家的幼儿园", category="kindergarten", lon=114.05, lat=22.54)
    before, after = tile_of(114.05, 22.54, 12), tile_of(114.40, 22.70, 12)
    assert client.get(tile_url(12, *before)).json()["count"] == 1
    site.location = Point(114.40, 22.70, srid=4326)
    site.save()  # the stored cells are generated by PostgreSQL: every write path keeps them
    assert client.get(tile_url(12, *before)).json()["count"] == 0
    assert client.get(tile_url(12, *after)).json()["sites"][0][:3] == [site.pk, 114.4, 22.7]


def test_a_computed_tile_is_kept_for_its_version(client, city, django_assert_max_num_queries):
    url = tile_url(8, *tile_of(114.2, 22.55, 8))
    first = client.get(url, {"category": ["special_school", "kindergarten"]})
    # The same filters in another order: the same kept tile; only the version and the cache are read.
    with django_assert_max_num_queries(2):
        again = client.get(url, {"category": ["kindergarten", "special_school"]})
    assert again.content == first.content
