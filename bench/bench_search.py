"""Search benchmark: the map's search endpoint at the shipped size and at 100,000 sites.

    .venv/bin/python bench/bench_search.py [--sizes 1500,100000] [--runs 7] [--break-answer]

Runs against a scratch database `bench_search_<pid>` on DATABASE_URL's server (created, migrated,
filled, dropped at the end). Sites: the rows of data/sites.csv, then generated ones named like
real ones (community + service kind, e.g. 百花社区党群服务中心), each indexed through
resourcemap.search.index.search_columns_for, exactly as imports do.

For each size and query it times GET /map/results.json?q=... in-process through Django's test
client (form, search, ranking, all matching ids, the first 50 list items, JSON), DEBUG off,
and prints the median and the worst of `--runs` runs, with the number of matches. Queries
cover the issue's cases: simplified, traditional, one and two characters, abbreviation,
pinyin full and initials, two terms, and the commonest word (深圳, in most addresses).

Answer check (bench/harness.py): every query's matching ids equal a brute-force match over all
sites in Python, without the indexes: each term (or what it abbreviates) is a substring of a
normalised name, alternate name, description, address or category word, or, for a Latin term,
of the site's pinyin. `--break-answer` leaves abbreviations and pinyin out of the brute force:
etyy must then disagree and the run fail. No ratio target (the issue sets none for search); the
figures are printed with the machine's calibration.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg
from harness import Report, scratch_name
from scratch import admin_sql, scratch_urls

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
QUERIES = ["儿童医院", "兒童醫院", "儿", "幼儿", "特教", "etyy", "ertongyiyuan", "福田 幼儿园", "党群服务中心", "深圳"]
KINDS = [
    ("党群服务中心", "party_mass_centre"), ("儿童之家", "party_mass_centre"), ("幼儿园", "kindergarten"),
    ("小学", "primary_school"), ("中学", "secondary_school"), ("社康中心", "hospital"),
    ("妇幼保健所", "maternal_child_health"), ("未成年人保护工作站", "minor_protection"),
    ("特殊教育资源中心", "special_school"),
]


def shipped_rows() -> list[dict[str, str]]:
    with (BASE_DIR / "data" / "sites.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def communities() -> list[str]:
    with (BASE_DIR / "data" / "boundaries" / "communities.csv").open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def fill(size: int) -> None:
    """Grows directory_servicepoint to `size` rows (shipped rows first, then generated)."""
    from django.contrib.gis.geos import Point

    from resourcemap.directory.models import Category, ServicePoint
    from resourcemap.search.index import search_columns_for

    categories = {c.code: c for c in Category.objects.all()}
    words = {
        code: " ".join(filter(None, [c.name_zh_hans, c.name_zh_hant, c.name_en, c.aliases]))
        for code, c in categories.items()
    }
    rows = [r for r in shipped_rows() if r["category"] in categories]
    # A fixed shuffle, with the rare categories (special schools, welfare, relief...) moved to
    # the front, so that the smallest size is a fair sample that still has every kind of site.
    frequency = {code: sum(1 for r in rows if r["category"] == code) for code in categories}
    random.Random(1).shuffle(rows)
    rows.sort(key=lambda r: frequency[r["category"]] >= 20)
    names = communities()
    rng = random.Random(4)
    have = ServicePoint.objects.count()
    if have >= size:
        return
    batch: list[ServicePoint] = []
    for n in range(have, size):
        if n < len(rows):
            row = rows[n]
            name, code, address = row["name"], row["category"], row["address"]
            description, lon, lat = row["description"], float(row["lon"]), float(row["lat"])
        else:
            kind, code = KINDS[n % len(KINDS)]
            base = rows[n % len(rows)]
            name = f"{rng.choice(names)}{kind}" + (f"（{n // 1000}分部）" if n % 3 == 0 else "")
            address, description = base["address"], base["description"]
            lon, lat = 113.80 + rng.random() * 0.8, 22.45 + rng.random() * 0.4
        columns = search_columns_for(name, "", description, address, words[code])
        batch.append(
            ServicePoint(
                source="bench", external_id=f"b-{n}", name=name, category=categories[code], address=address,
                description=description, location=Point(lon, lat, srid=4326), location_precision="surveyed",
                **columns,
            )
        )
        if len(batch) == 5000:
            ServicePoint.objects.bulk_create(batch)
            batch = []
    ServicePoint.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_servicepoint")


class BruteForce:
    """Every site's normalised texts in memory; a query matched by scanning them all."""

    def __init__(self, break_answer: bool) -> None:
        from resourcemap.directory.models import Category, ServicePoint
        from resourcemap.search.normalize import normalize

        self.break_answer = break_answer
        words = {
            c.pk: [normalize(w) for w in " ".join(filter(None, [c.name_zh_hans, c.name_zh_hant, c.name_en,
                                                                 c.aliases])).replace(";", " ").split()]
            for c in Category.objects.all()
        }
        self.sites = []
        rows = ServicePoint.objects.public().values_list(
            "id", "name", "alternate_name", "description", "address", "category_id", "search_latin")
        for pk, name, alternate, description, address, category, latin in rows.iterator(chunk_size=5000):
            parts = [normalize(p) for p in [name, *alternate.split(";"), description, address] if p]
            self.sites.append((pk, [p for p in parts + words[category] if p], latin))

    def ids(self, query: str) -> set[int]:
        from resourcemap.search.aliases import expansions
        from resourcemap.search.normalize import has_han
        from resourcemap.search.query import query_terms

        # --break-answer: no abbreviations and no pinyin, so 特教 and etyy must disagree.
        terms = [((term,) if self.break_answer else expansions(term),
                  term.isascii() and not has_han(term) and not self.break_answer, term)
                 for term in query_terms(query)]
        return {
            pk for pk, parts, latin in self.sites
            if all(any(v in part for v in variants for part in parts) or (is_latin and term in latin)
                   for variants, is_latin, term in terms)
        }


def time_queries(report: Report, size: int, runs: int, brute: BruteForce) -> None:
    from django.test import Client

    client = Client()
    agree = 0
    for query in QUERIES:
        timings = []
        ids: set[int] = set()
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get("/map/results.json", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
            ids = set(response.json()["ids"])
        expected = brute.ids(query)
        agree += ids == expected
        print(f"  {query:<14} matches {len(ids):>6}   median {statistics.median(timings):7.1f} ms   "
              f"worst {max(timings):7.1f} ms" + ("" if ids == expected else f"   brute force: {len(expected)}"))
    report.answer(f"{size} sites: matching ids = a brute-force match", agree == len(QUERIES),
                  f"{agree}/{len(QUERIES)} queries agree")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1500,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the scratch database")
    parser.add_argument("--break-answer", action="store_true", help="a brute force without abbreviations")
    args = parser.parse_args()
    scratch_db = "bench_search_kept" if args.keep else scratch_name("bench_search")
    django_url, pg_url = scratch_urls(scratch_db)
    if not args.keep:
        admin_sql(pg_url, f"DROP DATABASE IF EXISTS {scratch_db}")
    try:
        admin_sql(pg_url, f"CREATE DATABASE {scratch_db}")
    except psycopg.errors.DuplicateDatabase:
        if not args.keep:
            raise
        print(f"(reusing the kept {scratch_db})")
    os.environ["DATABASE_URL"] = django_url
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resourcemap.settings")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        report = Report("bench_search")
        for size in (int(s) for s in args.sizes.split(",")):
            started = time.perf_counter()
            fill(size)
            print(f"{size} sites (filled and indexed in {time.perf_counter() - started:.0f} s); "
                  f"GET /map/results.json?q=..., {args.runs} runs each:", flush=True)
            time_queries(report, size, args.runs, BruteForce(args.break_answer))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_sql(pg_url, f"DROP DATABASE IF EXISTS {scratch_db} WITH (FORCE)")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
