"""Broad searches: answers kept per data version are the answers the database gives, until the
data changes; past a cap the count says "more than" and the list's order stays bounded (the
candidates ranked, then shorter names first); typed addresses and points are never kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resourcemap.directory.actions import save_site
from resourcemap.public import search_answers
from resourcemap.search import broad as broad_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def broad(monkeypatch):
    """Answers matching 3 or more sites count as broad (a test cannot make 1,000 sites cheaply);
    nothing kept from another test."""
    monkeypatch.setattr(search_answers, "BROAD_MATCHES", 3)
    search_answers.kept_answers.clear()
    yield
    search_answers.kept_answers.clear()


def results(client: Any, **params: Any) -> tuple[dict[str, Any], int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/map/results.json", params)
    assert response.status_code == 200, response.content
    return response.json(), len(captured.captured_queries)


def test_it_answers_a_kept_broad_query_as_the_database_does(client, make_site, broad):
    for n in range(25):
        make_site(name=f"园岭第{n}儿童之家", category="party_mass_centre", lon=114.0 + n / 1000)
    make_site(name="儿", category="party_mass_centre")  # exact name: ranked first
    make_site(name="深圳市妇幼保健院", category="maternal_child_health")
    first, first_queries = results(client, q="儿")
    again, again_queries = results(client, q="儿")
    assert again == first
    assert first["count"] == 26 and first["count_capped"] is False
    assert first["items"][0]["name"] == "儿"
    assert [i["name"] for i in first["items"][1:4]] == ["园岭第0儿童之家", "园岭第1儿童之家", "园岭第2儿童之家"]
    # Kept: the second answer reads only the version and its 20 list items.
    assert again_queries < first_queries
    second_page, _ = results(client, q="儿", page=2)
    assert [i["name"] for i in second_page["items"]] == [f"园岭第{n}儿童之家" for n in range(19, 25)]


def test_it_never_answers_from_before_an_edit(client, make_site, broad):
    sites = [make_site(name=f"福田星光第{n}站", category="party_mass_centre") for n in range(4)]
    assert results(client, q="星光")[0]["count"] == 4
    sites[0].name = "福田月亮第0站"
    save_site(sites[0])  # the one write path (search columns too); any write bumps the data version
    after, _ = results(client, q="星光")
    assert after["count"] == 3
    assert sites[0].pk not in [item["id"] for item in after["items"]]


def test_it_builds_the_kept_items_in_the_page_language(client, make_site, broad):
    for n in range(4):
        make_site(name=f"深圳市第{n}儿童医院", category="childrens_hospital")
    simplified = client.get("/map/results.json", {"q": "医院"}).json()
    traditional = client.get("/zh-hant/map/results.json", {"q": "医院"}).json()
    assert simplified["items"][0]["name"] == "深圳市第0儿童医院"
    assert traditional["items"][0]["name"] == "深圳市第0兒童醫院"


def test_it_keeps_neither_long_queries_nor_points(client, make_site, broad):
    for n in range(4):
        make_site(name=f"福田区莲花路{n}号党群服务中心", lon=114.05 + n / 1000)
    results(client, q="福田区莲花路党群服务中心")  # longer than a word: could be a typed address
    results(client, q="党群", near_lat="22.55", near_lon="114.05")  # a point: someone's whereabouts
    results(client, q="党群", open="on")  # open now: the clock decides, not the data
    assert len(search_answers.kept_answers) == 0
    results(client, q="党群")
    assert len(search_answers.kept_answers) == 1


@pytest.fixture(params=[10_000, 2], ids=["window-holds-all", "window-of-2"])
def small_caps(monkeypatch, request):
    """A count cap of 3 and 3 ranked candidates: the broad path without 1,000 sites; the
    oldest-sites window either holds every site or only 2 (the planner's fallback)."""
    monkeypatch.setattr(search_answers, "COUNT_CAP", 3)
    monkeypatch.setattr(broad_order, "RANKED_CANDIDATES", 3)
    monkeypatch.setattr(broad_order, "WINDOW_ROWS", request.param)
    search_answers.kept_answers.clear()
    yield
    search_answers.kept_answers.clear()


def test_past_the_cap_it_says_more_than_and_ranks_the_candidates(client, make_site, small_caps):
    def site(name: str, **fields: Any) -> int:
        return make_site(name=name, category="kindergarten", **fields).pk

    long_contains = site("罗湖区某某某星光中心")
    short_other = site("莲花站", description="星光服务")  # matches by its description only
    exact = site("星光")
    middle_contains = site("南山区星光")
    long_prefix = site("星光儿童服务总站很长的名字")  # not among the 3 oldest: found by its prefix
    short_contains = site("福田星光")
    body, _ = results(client, q="星光")
    assert body["count"] == 3 and body["count_capped"] is True and body["has_more"] is False
    # The candidates (the 3 oldest + the prefixed) in the full ranking's order, then the rest,
    # oldest first: two short name matches come after the candidates' description-only match.
    assert [item["id"] for item in body["items"]] == [
        exact, long_prefix, long_contains, short_other, middle_contains, short_contains]
    page = client.get("/", {"q": "星光"}).content.decode()
    assert "超过 3 个地点" in page and "（显示第 1–6 个）" in page
    english = client.get("/en/", {"q": "星光"}).content.decode()
    assert "More than 3 places found" in english


def test_past_the_cap_every_match_is_reachable_page_by_page(client, make_site, small_caps):
    made = {make_site(name=f"星光第{n}号站", category="kindergarten").pk for n in range(45)}
    seen: list[int] = []
    for page in (1, 2, 3):
        body, _ = results(client, q="星光", page=page)
        assert body["count_capped"] is True and body["has_more"] is (page < 3)
        seen += [item["id"] for item in body["items"]]
    assert len(seen) == len(set(seen)) == 45 and set(seen) == made
    unfiltered, _ = results(client, page=3)
    assert unfiltered["count_capped"] is True and len(unfiltered["items"]) == 5 and not unfiltered["has_more"]


def test_up_to_the_cap_the_count_is_exact(client, make_site, small_caps):
    for n in range(3):
        make_site(name=f"星光第{n}号站", category="kindergarten")
    body, _ = results(client, q="星光")
    assert body["count"] == 3 and body["count_capped"] is False
    assert "找到 3 个地点" in client.get("/", {"q": "星光"}).content.decode()


def test_the_map_page_lists_a_kept_answer(client, make_site, broad):
    for n in range(4):
        make_site(name=f"南山第{n}小学", category="primary_school")
    for _ in range(2):
        page = client.get("/", {"q": "小学"}).content.decode()
        assert "南山第0小学" in page and "南山第3小学" in page


@pytest.fixture
def nothing_kept():
    search_answers.kept_answers.clear()
    yield
    search_answers.kept_answers.clear()


def test_it_keeps_an_answer_to_a_word_of_the_directorys_own_vocabulary(client, make_site, nothing_kept):
    """Few matches (far below BROAD_MATCHES), yet 幼儿园 is a category's name: our data, not
    something a person reveals by typing it. A short place name with as few matches is not kept."""
    make_site(name="园岭幼儿园", category="kindergarten")
    make_site(name="莲花路幼儿园", category="kindergarten")
    first, first_queries = results(client, q="幼儿园")
    again, again_queries = results(client, q="幼儿园")
    assert again == first and first["count"] == 2
    assert again_queries < first_queries
    assert len(search_answers.kept_answers) == 1
    results(client, q="莲花路")
    assert len(search_answers.kept_answers) == 1


def test_an_alias_added_in_the_admin_joins_the_vocabulary(admin_client, client, make_site, nothing_kept):
    from resourcemap.directory.models import Category
    from tests.directory.test_actions import CATEGORY_URL, category_form

    make_site(name="园岭社区党群服务中心", category="party_mass_centre")
    results(client, q="邻里驿站")
    assert len(search_answers.kept_answers) == 0
    category = Category.objects.get(code="party_mass_centre")
    response = admin_client.post(
        CATEGORY_URL.format(category.pk), category_form(category, aliases=f"{category.aliases};邻里驿站")
    )
    assert response.status_code == 302
    body, _ = results(client, q="邻里驿站")
    assert body["count"] == 1
    assert len(search_answers.kept_answers) == 1


def test_a_kept_answers_items_follow_the_clock_and_read_no_rows(client, make_site, broad, monkeypatch):
    """A kept answer's list items are kept per language and minute (search_answers.answer_items):
    the repeat reads only the data version, and the next minute's open-now flags are new."""
    from django.utils import timezone

    hours = [{"day": d, "opens": "09:00", "closes": "17:00"} for d in range(7)]
    for n in range(4):
        make_site(name=f"福田第{n}儿童之家", category="party_mass_centre", opening_hours=hours)
    original = timezone.localtime
    clock = {"now": original().replace(hour=16, minute=59, second=30, microsecond=0)}
    monkeypatch.setattr(timezone, "localtime", lambda *args, **kwargs: original(*args, **kwargs) if args or kwargs
                        else clock["now"])
    first, _ = results(client, q="儿童之家")
    again, again_queries = results(client, q="儿童之家")
    assert again == first and [item["open_now"] for item in first["items"]] == [True] * 4
    assert again_queries == 1  # the data version: the answer and its items are kept
    clock["now"] = clock["now"].replace(hour=17, minute=0)
    closed, _ = results(client, q="儿童之家")
    assert [item["open_now"] for item in closed["items"]] == [False] * 4
