"""Where a request's time goes: cProfile of the hot paths (nearest, the results list, the site page).

    .venv/bin/python bench/bench_profile.py [--requests 300] [--top 14]

A scratch database `bench_profile_<pid>` (created, loaded with the shipped data, dropped at the
end); Django in this process, DEBUG off, every request through the whole middleware stack
(django.test.Client builds the same WSGI request gunicorn would). For each path: the time per
request, the share spent in the database (time in the psycopg cursor, from the profile) and
the functions with the most time of their own; then two floors measured the same way, in the
same run: a view that returns a constant through the whole stack (`floor`), and the same view
with no middleware at all (`bare`): what any Django request costs here before it does anything.

Answer check: each profiled path answers 200 with the content it should (features, items, the
site's name); `--break-answer` asks for a site that does not exist (404), and the run must fail.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from harness import Report
from scratch import django_on_scratch_database

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
CITY = (113.80, 22.45, 114.60, 22.85)


def profile(call: Callable[[], object], requests: int, top: int) -> tuple[float, float, str]:
    """(ms per request unprofiled, database share of the profiled time, the top functions)."""
    for _ in range(20):
        call()  # warm: imports, templates, GeoDjango's spatial_ref_sys, the connection
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    database = sum(
        row[3] for func, row in stats.stats.items()  # type: ignore[attr-defined]
        if func[2] in ("execute", "fetchall", "fetchone", "fetchmany") and "psycopg" in func[0]
    )
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
    lines = [line for line in text.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    table = "\n".join(line.replace(str(BASE_DIR) + "/", "").replace(sys.prefix + "/", "")
                      for line in lines[start:])
    return statistics.median(timings), (database / total if total else 0.0), table


def nearest_piece_by_piece(requests: int, rng: random.Random) -> None:
    """The nearest endpoint's steps timed alone, in this process (no HTTP): where its time goes."""
    from bench_nearest import CANDIDATES, KNN_SQL, LIMIT
    from django.contrib.gis.geos import Point
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from resourcemap.api.features import SITE_COLUMNS, feature_collection, site_feature
    from resourcemap.api.views.lookups import serving_sites
    from resourcemap.directory.kept_places import with_categories
    from resourcemap.directory.models import ServicePoint
    from resourcemap.directory.version import one_read_per_request
    from resourcemap.finder.filters import SiteFilters
    from resourcemap.responsible.area import OutsideCity, locate_point

    points = [Point(rng.uniform(CITY[0], CITY[2]), rng.uniform(CITY[1], CITY[3]), srid=4326)
              for _ in range(requests)]
    sites = ServicePoint.objects.public().only(*SITE_COLUMNS)  # as NearestView: categories are kept ones

    def raw_sql(point: Point) -> object:
        with connection.cursor() as cursor:
            cursor.execute(KNN_SQL, (point.x, point.y, CANDIDATES, LIMIT))
            return cursor.fetchall()

    def features(point: Point) -> object:
        now = timezone.localtime()
        return feature_collection([site_feature(site, "wgs84", now=now) for site in found[id(point)]], "wgs84")

    found: dict[int, list[ServicePoint]] = {}  # by id() of the point: points are not hashable

    def knn(point: Point) -> object:
        found[id(point)] = with_categories(sites.locatable().nearest(point, LIMIT))
        return found[id(point)]

    def locate(point: Point) -> object:
        try:
            return locate_point(point.x, point.y)
        except OutsideCity:  # a point in the sea: the endpoint serves no area there either
            return None

    steps = [
        ("the KNN query as raw SQL (Django's cursor)", raw_sql),
        ("QuerySet.nearest (same KNN via the ORM, instances, kept categories)", knn),
        ("locate_point: districts + streets (1 query), community (kept)", locate),
        ("serving_sites: area lookups + serving sites (kept per version, area)",
         lambda p: serving_sites(sites, p, SiteFilters())),
        ("GeoJSON features of the 5 nearest", features),
    ]
    print("\n--- nearest, piece by piece (in this process, no HTTP; median ms per call):", flush=True)
    with one_read_per_request():  # as in a request: the data version is read once, not per step
        time_steps(steps, points)
        with CaptureQueriesContext(connection) as captured:
            for point in points:
                knn(point)
    print(f"  QuerySet.nearest ran {len(captured.captured_queries) / len(points):.2f} queries per call (a second, "
          "widening query when near-ties could hide a nearer site)", flush=True)


def time_steps(steps: list[tuple[str, Callable[[Any], object]]], points: list[Any]) -> None:
    for label, step in steps:
        for point in points[:20]:
            step(point)  # warm
        timings = []
        for point in points:
            started = time.perf_counter()
            step(point)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"  {label:<68} {statistics.median(timings):7.3f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=14)
    parser.add_argument("--break-answer", action="store_true", help="profile a missing site: the run must fail")
    args = parser.parse_args()
    with django_on_scratch_database("bench_profile", DEBUG="false", GEOCODER="", ALLOWED_HOSTS="testserver",
                                    STATIC_MANIFEST="false"):
        from django.core.management import call_command

        loading = io.StringIO()  # the import's own report is not this benchmark's output
        call_command("prepare_database", "--load", verbosity=0, stdout=loading, stderr=loading)
        from django.core.cache import caches
        from django.test import Client, override_settings
        from floor_views import install_floor_urls

        from resourcemap.caching import PUBLIC_CACHE
        from resourcemap.directory.models import ServicePoint

        install_floor_urls()
        report = Report("bench_profile")
        client = Client()
        bare_client = Client()
        with override_settings(MIDDLEWARE=[]):
            bare_client.handler.load_middleware()  # no middleware at all
        rng = random.Random(3)
        site = ServicePoint.objects.public().order_by("pk")[100]
        site_id = 10**9 if args.break_answer else site.pk

        def nearest() -> object:
            lon, lat = rng.uniform(CITY[0], CITY[2]), rng.uniform(CITY[1], CITY[3])
            return client.get(f"/api/v1/nearest/?lat={lat:.5f}&lon={lon:.5f}")

        def rendered_site_page() -> object:
            # A load's site pages are mostly misses (random sites, keyed by the minute): profile the render.
            caches[PUBLIC_CACHE].clear()
            return client.get(f"/sites/{site_id}/")

        paths: list[tuple[str, Callable[[], object], Callable[[object], bool]]] = [
            ("nearest /api/v1/nearest/", nearest,
             lambda r: r.status_code == 200 and len(r.json()["features"]) == 5),  # type: ignore[attr-defined]
            ("results /map/results.json?q=幼儿园", lambda: client.get("/map/results.json?q=" + quote("幼儿园")),
             lambda r: r.status_code == 200 and len(r.json()["items"]) == 20),  # type: ignore[attr-defined]
            ("site page /sites/<id>/, rendered (public cache emptied first)", rendered_site_page,
             lambda r: r.status_code == 200 and site.name in r.content.decode()),  # type: ignore[attr-defined]
            ("site page /sites/<id>/, cached", lambda: client.get(f"/sites/{site_id}/"),
             lambda r: r.status_code == 200 and site.name in r.content.decode()),  # type: ignore[attr-defined]
            ("floor: constant view, every middleware", lambda: client.get("/bench-floor/"),
             lambda r: r.status_code == 200),  # type: ignore[attr-defined]
            ("bare: constant view, no middleware", lambda: bare_client.get("/bench-floor/bare/"),
             lambda r: r.status_code == 200),  # type: ignore[attr-defined]
        ]
        figures = {}
        for label, call, correct in paths:
            report.answer(f"{label} answers", correct(call()), "status and content")
            per_request, database, table = profile(call, args.requests, args.top)
            figures[label] = per_request
            print(f"\n--- {label}: {per_request:.2f} ms per request (median of {args.requests}, unprofiled); "
                  f"{database:.0%} of the profiled time in the database driver", flush=True)
            print(table, flush=True)
        nearest_piece_by_piece(args.requests, rng)
        print()
        floor = figures["floor: constant view, every middleware"]
        for label in [p[0] for p in paths[:4]]:
            print(f"{label}: {figures[label]:.2f} ms = floor {floor:.2f} ms + {figures[label] - floor:.2f} ms of its own")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
