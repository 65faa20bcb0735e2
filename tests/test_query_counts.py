"""Query counts of the busiest reads, pinned: a count that grows with the number of sites is an
N+1 (a related object or a per-site query inside a loop); a new fixed query should be a
decision, so a change here says why in the commit. The counts were re-measured after #12 (needs,
service areas) merged: still the same with few and many sites.

Each page is requested with few and with many sites: the count must be the same, and equal
to the pinned number."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resourcemap.caching import PUBLIC_CACHE

pytestmark = pytest.mark.django_db
SHENZHEN = {"lat": "22.55", "lon": "114.05"}


def add_sites(make_site: Any, count: int, seed: int) -> list[Any]:
    rng = random.Random(seed)
    categories = ["party_mass_centre", "hospital", "special_school"]
    return [
        make_site(lon=rng.uniform(113.95, 114.15), lat=rng.uniform(22.5, 22.6), category=categories[i % 3],
                  phones=["0755-1234567"], opening_hours=[{"day": 0, "opens": "09:00", "closes": "18:00"}])
        for i in range(count)
    ]


def queries_of(client: Any, url: str, params: dict[str, Any] | None = None) -> list[str]:
    """The queries of rendering the answer: cached public answers (resourcemap/caching.py) are
    dropped first, or a repeated request would measure a cache hit (one query, pinned below)."""
    caches[PUBLIC_CACHE].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


# (url, parameters, pinned count, why that many)
READS = [
    ("/map/results.json", {}, 7, "the data version (the filters' categories and districts and broad answers are "
     "kept per version), the capped count as a bounded walk (the window's id bound, bitmap scans off, the walk, "
     "back on: resourcemap/search/broad.py), the page's ids, their list items"),
    ("/api/v1/sites/", {}, 4, "the data version (cache key, ETag), the count, categories, one page"),
    ("/api/v1/sites/", {"all": "true"}, 3, "the data version, categories, every site in one query"),
    ("/api/v1/nearest/", {**SHENZHEN, "limit": "10"}, 4, "the data version (categories and the sites serving an "
     "area are kept per version), the KNN candidates (the second, widening query is pinned in "
     "tests/directory/test_queryset.py) and the area lookups #12 added"),
    ("/referral/", {**SHENZHEN, "needs": ["hospital", "party_mass_centre"], "per_need": "3"}, 9,
     "the form's categories and needs, the needs' categories, one nearest query per need, service areas"),
    ("/api/v1/referral-plan/", {**SHENZHEN, "needs": "hospital,party_mass_centre", "per_need": "3"}, 6,
     "the needs' codes (validation), the needs' categories, one nearest query per need, service areas"),
]


@pytest.mark.parametrize(("url", "params", "pinned", "why"), READS,
                         ids=[f"{url}{'?' + next(iter(params)) if params else ''}" for url, params, *_ in READS])
def test_it_reads_in_a_fixed_number_of_queries(client, make_site, url, params, pinned, why):
    add_sites(make_site, 4, seed=1)
    queries_of(client, url, params)  # once first: GeoDjango caches spatial_ref_sys per process
    few = queries_of(client, url, params)
    add_sites(make_site, 20, seed=2)
    queries_of(client, url, params)  # the first answer of a data version reads what is kept per version
    many = queries_of(client, url, params)
    assert len(few) == len(many) == pinned, (len(few), len(many), why, many)


def test_it_renders_a_site_page_in_three_queries(client, make_site):
    """The data version (the cache key), the site with its category, and its further
    categories; its places, organization and legal basis are kept per data version
    (directory/kept_places.py, policies/mapping.py), read by the first page of a version."""
    site = add_sites(make_site, 4, seed=1)[0]
    client.get(f"/sites/{site.pk}/")
    assert len(queries_of(client, f"/sites/{site.pk}/")) == 3


@pytest.mark.parametrize("url", ["/", "/map/sites.geojson", "/api/v1/sites/", "/policies/"])
def test_a_cached_answer_costs_one_query(client, make_site, url):
    """Only the data version is read when the answer for it is cached (resourcemap/caching.py)."""
    add_sites(make_site, 4, seed=1)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200 and response["X-Public-Cache"] == "hit"
    assert [q["sql"] for q in captured.captured_queries] == [
        "SELECT number, (extract(epoch FROM changed_at) * 1000000)::bigint FROM directory_dataversion WHERE id = 1"
    ]
