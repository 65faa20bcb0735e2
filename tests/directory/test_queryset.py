"""ServicePoint QuerySet methods on real PostGIS."""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from geopy.distance import geodesic

from resourcemap.directory.models import ServicePoint

pytestmark = pytest.mark.django_db


def test_it_hides_closed_sites_from_the_public(make_site):
    open_site = make_site(status="active")
    paused = make_site(status="temporarily_closed")
    make_site(status="closed")
    assert set(ServicePoint.objects.public()) == {open_site, paused}


def test_it_filters_by_category_and_parent_category(make_site):
    hospital = make_site(category="hospital")
    childrens = make_site(category="childrens_hospital")
    make_site(category="kindergarten")
    assert set(ServicePoint.objects.of_category("childrens_hospital")) == {childrens}
    assert set(ServicePoint.objects.of_category("hospital")) == {hospital, childrens}
    assert set(ServicePoint.objects.of_category("hospital,kindergarten")).issuperset({hospital, childrens})


def test_it_filters_by_bbox(make_site):
    inside = make_site(lon=114.05, lat=22.55)
    make_site(lon=113.90, lat=22.55)
    assert list(ServicePoint.objects.in_bbox(114.0, 22.5, 114.1, 22.6)) == [inside]


def test_it_filters_by_district_including_functional_areas(make_site, boundaries):
    from resourcemap.directory.models import Street

    futian = make_site(district_id="440304", street_id="440304001000")
    kuichong = make_site(district_id="440307", street=Street.objects.get(code="440307102000"))
    assert list(ServicePoint.objects.in_district("440304")) == [futian]
    assert list(ServicePoint.objects.in_district("440307")) == [kuichong]
    assert list(ServicePoint.objects.in_district("dapeng")) == [kuichong]


def test_it_filters_by_age_and_fee(make_site):
    kindergarten = make_site(min_age=3, max_age=6, fee_free=False)
    anyone = make_site(fee_free=True)
    teens = make_site(min_age=12, max_age=18)
    assert set(ServicePoint.objects.for_age(4)) == {kindergarten, anyone}
    assert set(ServicePoint.objects.for_age(15)) == {anyone, teens}
    assert list(ServicePoint.objects.free_of_charge()) == [anyone]


def test_it_filters_by_opening_hours(make_site):
    from resourcemap.directory.hours import parse_hours

    office = make_site(opening_hours=parse_hours("Mo-Fr 09:00-12:00,14:00-18:00"))
    always = make_site(opening_hours=parse_hours("24/7"))
    make_site(opening_hours=[])  # unknown hours: never counted as open
    monday_10 = datetime(2026, 11, 30, 10, 0)
    monday_13 = datetime(2026, 11, 30, 13, 0)
    sunday_10 = datetime(2026, 11, 29, 10, 0)
    assert set(ServicePoint.objects.open_at(monday_10)) == {office, always}
    assert set(ServicePoint.objects.open_at(monday_13)) == {always}
    assert set(ServicePoint.objects.open_at(sunday_10)) == {always}


def test_it_searches_names_in_simplified_and_traditional(make_site):
    hospital = make_site(name="深圳市儿童医院", category="childrens_hospital")
    make_site(name="福田区实验小学", category="primary_school")
    assert list(ServicePoint.objects.search("儿童医院")) == [hospital]
    assert list(ServicePoint.objects.search("兒童醫院")) == [hospital]
    assert list(ServicePoint.objects.search("儿童")) == [hospital]


def test_it_stores_html_in_names_verbatim_and_pages_escape_it(make_site, client):
    site = make_site(name="<script>alert(1)</script>")
    site.refresh_from_db()
    assert site.name == "<script>alert(1)</script>"
    html = client.get(f"/sites/{site.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def _random_sites(make_site, count: int, rng: random.Random) -> None:
    for _ in range(count):
        make_site(lon=rng.uniform(113.75, 114.6), lat=rng.uniform(22.45, 22.85))


def test_it_orders_nearest_like_brute_force_geodesic(make_site):
    """nearest() against geopy's geodesic for 200 random points over random sites."""
    rng = random.Random(20261129)
    _random_sites(make_site, 300, rng)
    sites = [(s.pk, s.location.y, s.location.x) for s in ServicePoint.objects.all()]
    for _ in range(200):
        lon, lat = rng.uniform(113.7, 114.65), rng.uniform(22.4, 22.9)
        got = ServicePoint.objects.nearest(Point(lon, lat, srid=4326), 10)
        expected = sorted(((geodesic((lat, lon), (slat, slon)).m, pk) for pk, slat, slon in sites))[:10]
        for site, (distance, pk) in zip(got, expected, strict=True):
            assert abs(site.distance_m.m - distance) < 1.0
            if site.pk != pk:  # only an exact tie may swap places
                assert abs(site.distance_m.m - distance) < 0.01
        assert len(got) == 10


def test_it_ranks_near_ties_by_exact_distance(make_site):
    """Two sites whose order differs on the sphere and on the ellipsoid."""
    origin = (114.0, 22.5)
    # ~1 km north vs ~1 km east: on the sphere they compare differently than on WGS-84.
    north = make_site(lon=origin[0], lat=origin[1] + 0.00904)
    east = make_site(lon=origin[0] + 0.00971, lat=origin[1])
    got = ServicePoint.objects.nearest(Point(*origin, srid=4326), 2)
    exact = sorted([north, east], key=lambda s: geodesic((origin[1], origin[0]), (s.lat, s.lon)).m)
    assert got == exact


def test_its_nearest_pages_are_windows_of_one_ranking(make_site):
    """offset/limit (the HSDS pages) cut the same exact ranking a single call returns."""
    _random_sites(make_site, 40, random.Random(11))
    point = Point(114.05, 22.6, srid=4326)
    ranking = ServicePoint.objects.nearest(point, 30)
    pages = [ServicePoint.objects.nearest(point, 7, offset=start) for start in range(0, 30, 7)]
    assert [site.pk for page in pages for site in page][:30] == [site.pk for site in ranking]
    assert [s.distance_m.m for s in ranking] == sorted(s.distance_m.m for s in ranking)


def test_the_queryset_stays_plain_django_after_a_distance_annotation(make_site):
    """knn_ordered() is an ordinary QuerySet: slicing gives a QuerySet, an ordering replaces
    the index order, .values() and .first() agree with iteration."""
    far, near = make_site(name="b far", lon=114.2, lat=22.6), make_site(name="a near", lon=114.0, lat=22.6)
    qs = ServicePoint.objects.knn_ordered(Point(114.0, 22.6, srid=4326))
    assert isinstance(qs[:1], type(qs))
    assert [s.pk for s in qs] == [near.pk, far.pk] == list(qs.values_list("pk", flat=True))
    assert qs.first() == near
    assert [s.pk for s in qs.order_by("-name")] == [far.pk, near.pk]


def test_it_limits_nearest_by_radius(make_site):
    close = make_site(lon=114.0, lat=22.5)
    make_site(lon=114.1, lat=22.5)  # ~10 km away
    got = ServicePoint.objects.nearest(Point(114.0, 22.501, srid=4326), 5, radius_m=1000)
    assert got == [close]


def test_it_uses_the_gist_index_for_nearest(make_site):
    rng = random.Random(7)
    ServicePoint.objects.bulk_create(
        [
            ServicePoint(
                source="bulk", external_id=str(i), name=f"s{i}", category_id=1,
                location=Point(rng.uniform(113.8, 114.5), rng.uniform(22.45, 22.8), srid=4326),
                location_precision="surveyed",
            )
            for i in range(3000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_servicepoint")
    qs = ServicePoint.objects.public().knn_ordered(Point(114.05, 22.55, srid=4326))
    plan = qs[:20].explain()
    assert "Index Scan using" in plan and "location" in plan, plan


def test_it_answers_nearest_in_two_queries_beside_hundreds_of_sites_at_one_point(
    make_site, django_assert_max_num_queries
):
    """Shipped data puts hundreds of district-precision sites at one point: the lookup must
    neither widen its candidate set without bound nor get the order wrong."""
    ServicePoint.objects.bulk_create(
        [
            ServicePoint(source="bulk", external_id=str(i), name=f"d{i}", category_id=1,
                         location=Point(114.1, 22.6, srid=4326), location_precision="district")
            for i in range(300)
        ]
    )
    rng = random.Random(3)
    _random_sites(make_site, 60, rng)
    sites = [(s.pk, s.location.y, s.location.x) for s in ServicePoint.objects.all()]
    for lon, lat in [(114.1005, 22.6004), (114.13, 22.61), (114.0, 22.55)]:
        with django_assert_max_num_queries(2):
            got = ServicePoint.objects.nearest(Point(lon, lat, srid=4326), 5)
        expected = sorted((geodesic((lat, lon), (slat, slon)).m, pk) for pk, slat, slon in sites)[:5]
        assert [round(s.distance_m.m, 2) for s in got] == [round(d, 2) for d, _ in expected]


def test_it_filters_by_a_lon_lat_rectangle_not_great_circles(make_site):
    inside = make_site(lon=114.049, lat=22.549)
    make_site(lon=114.053216, lat=22.54)  # just east of the box
    assert list(ServicePoint.objects.in_bbox(114.0, 22.5, 114.05, 22.55)) == [inside]
    # A band along 22-25°N that contains Shenzhen; as great circles it would miss it.
    assert inside in ServicePoint.objects.in_bbox(-170, 20, 170, 25)
    # The equator band does not contain Shenzhen.
    assert not ServicePoint.objects.in_bbox(-1, -1, 179.99, 1).exists()
    # The whole world (180° wide edges would be antipodal on geography).
    assert ServicePoint.objects.in_bbox(-180, -90, 180, 90).count() == 2


def test_it_uses_the_geometry_index_for_bboxes(make_site):
    rng = random.Random(5)
    ServicePoint.objects.bulk_create(
        [
            ServicePoint(source="bulk", external_id=str(i), name=f"b{i}", category_id=1,
                         location=Point(rng.uniform(113.8, 114.5), rng.uniform(22.45, 22.8), srid=4326),
                         location_precision="surveyed")
            for i in range(3000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_servicepoint")
    plan = ServicePoint.objects.in_bbox(114.0, 22.5, 114.01, 22.51).explain()
    assert "servicepoint_location_geom_gist" in plan, plan
