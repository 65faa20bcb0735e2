"""Search + near me: every matching site ranked by distance on the server, paged to the end.

The reference is brute force: the ids the search matches (results.json without a point),
each one's exact distance computed on its own, sorted in Python. The server's answer, read
page by page through results.json with the point, must be exactly that order.
"""

from __future__ import annotations

import random

import pytest
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point

from resourcemap.directory.models import ServicePoint
from resourcemap.public.listing import PAGE_SIZE
from tests.public.sample_data import load_sample_sites

pytestmark = pytest.mark.django_db

QUERIES = [{"q": "儿童医院"}, {"q": "幼儿园"}, {"q": "党群"}, {"q": "学校", "age": "8"},
           {"category": ["special_school", "kindergarten"]}]


@pytest.fixture
def city_sites(make_site):
    sites = load_sample_sites(make_site, per_category=25)
    if len(sites) < 100:  # no data/sites.csv: a made-up city of the same shape
        rng = random.Random(7)
        kinds = [("儿童医院", "childrens_hospital"), ("幼儿园", "kindergarten"), ("党群服务中心", "party_mass_centre"),
                 ("特殊教育学校", "special_school")]
        for n in range(200):
            label, category = kinds[n % len(kinds)]
            sites.append(make_site(name=f"第{n}{label}", category=category, lon=rng.uniform(113.8, 114.5),
                                   lat=rng.uniform(22.45, 22.8), min_age=0, max_age=18))
    # A few placed only at a district centre: they match, but have no distance to rank.
    for n in range(3):
        make_site(name=f"区中心幼儿园{n}", category="kindergarten", location_precision="district", lon=114.1, lat=22.6)
    return sites


def brute_force(matching_ids: list[int], lon: float, lat: float) -> list[int]:
    point = Point(lon, lat, srid=4326)
    rows = (ServicePoint.objects.filter(pk__in=matching_ids).exclude(location_precision="district")
            .annotate(exact=Distance("location", point)).values_list("pk", "exact"))
    return [pk for pk, exact in sorted(rows, key=lambda row: (row[1].m, row[0]))]


def every_page(client, params: dict[str, object]) -> tuple[list[int], dict[str, object]]:
    ids: list[int] = []
    page = 1
    while True:
        response = client.get("/map/results.json", {**params, "page": page})
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [item["id"] for item in body["items"]]
        distances = [item["distance_m"] for item in body["items"]]
        assert distances == sorted(distances)
        if not body["has_more"]:
            return ids, body
        page += 1


def test_search_near_me_matches_a_brute_force_ranking(client, city_sites):
    rng = random.Random(13)
    points = [(rng.uniform(113.85, 114.45), rng.uniform(22.48, 22.75)) for _ in range(20)]
    checked_pages = 0
    for query in QUERIES:
        matching, _last = every_page_unranked(client, query)
        assert matching, query
        for lon, lat in points:
            ranked, last = every_page(client, {**query, "near_lon": lon, "near_lat": lat})
            assert ranked == brute_force(matching, lon, lat), (query, lon, lat)
            assert last["count"] == len(ranked)
            checked_pages += last["page"]
    assert checked_pages > len(QUERIES) * len(points)  # some answers really ran over several pages
    matching, _last = every_page_unranked(client, {"q": "幼儿园"})
    body = client.get("/map/results.json", {"q": "幼儿园", "near_lon": 114.1, "near_lat": 22.6}).json()
    assert body["not_ranked"] >= 3  # said, not silently dropped
    assert body["count"] + body["not_ranked"] == len(matching)


def test_a_gcj02_point_is_converted_before_ranking(client, make_site):
    near = make_site(name="近的幼儿园", category="kindergarten", lon=114.0500, lat=22.5400)
    make_site(name="远的幼儿园", category="kindergarten", lon=114.0560, lat=22.5400)
    # 114.0560,22.5400 is roughly where the near one is drawn on GCJ-02 tiles (shifted ~500 m east).
    gcj = client.get("/map/results.json", {"q": "幼儿园", "near_lon": 114.0549, "near_lat": 22.5373,
                                           "near_crs": "gcj02"}).json()
    assert gcj["items"][0]["id"] == near.pk


def test_the_list_pages_through_every_result_without_a_point(client, make_site):
    for n in range(PAGE_SIZE * 2 + 3):
        make_site(name=f"园岭社区党群服务中心{n:02d}")
    ids, last = every_page_unranked(client)
    assert len(ids) == len(set(ids)) == PAGE_SIZE * 2 + 3
    assert last["page"] == 3 and last["count"] == PAGE_SIZE * 2 + 3
    html = client.get("/", {"page": 3}).content.decode()
    assert html.count('class="result"') == 3
    assert "（显示第 41–43 个）" in html
    assert 'id="more-results"' in html and "hidden>" in html.split('id="more-results"')[1][:200]


def every_page_unranked(client, params: dict[str, object] | None = None) -> tuple[list[int], dict[str, object]]:
    """Every site the search matches (results.json without a point), page by page."""
    ids: list[int] = []
    page = 1
    while True:
        body = client.get("/map/results.json", {**(params or {}), "page": page}).json()
        ids += [item["id"] for item in body["items"]]
        if not body["has_more"]:
            return ids, body
        page += 1


@pytest.mark.parametrize(
    ("params", "field"),
    [({"near_lat": "22.5"}, "__all__"), ({"near_lat": "abc", "near_lon": "114"}, "near_lat"),
     ({"near_lat": "22.5", "near_lon": "114", "near_crs": "bd09x"}, "near_crs"), ({"page": "0"}, "page"),
     ({"page": "x"}, "page")],
)
def test_it_names_a_bad_point_or_page(client, params, field):
    response = client.get("/map/results.json", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_near_me_counts_up_to_the_cap_and_ranks_a_page_at_a_time(client, make_site, monkeypatch):
    """With a point the count stops at COUNT_CAP as without one, and each page is the exact
    nearest-first slice (no sort of every match: a broad search at a million sites)."""
    from resourcemap.public import search_answers
    from resourcemap.search import broad

    monkeypatch.setattr(search_answers, "COUNT_CAP", 3)
    monkeypatch.setattr(broad, "WINDOW_ROWS", 10_000)
    made = [make_site(name=f"星光第{n}站", category="kindergarten", lon=114.0 + n / 100, lat=22.55) for n in range(6)]
    body = client.get("/map/results.json", {"q": "星光", "near_lat": 22.55, "near_lon": 114.0}).json()
    assert body["count"] == 3 and body["count_capped"] is True and body["has_more"] is False
    assert [item["id"] for item in body["items"]] == [site.pk for site in made]
    assert body["not_ranked"] is None  # past the cap the district-centre sites are not counted
    distances = [item["distance_m"] for item in body["items"]]
    assert distances == sorted(distances) and distances[0] == 0
