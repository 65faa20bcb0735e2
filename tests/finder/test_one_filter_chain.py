"""One filter chain (resourcemap.finder.filters), two front doors: the map's results.json and
the API's /api/v1/sites/ find the same sites, in the same order when searching, for every filter
both offer; and a filter the chain changes changes both doors."""

from __future__ import annotations

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(make_site, boundaries):
    today = timezone.localtime().weekday()
    open_hours = [{"day": today, "opens": "00:00", "closes": "24:00"}]
    closed_hours = [{"day": (today + 1) % 7, "opens": "09:00", "closes": "10:00"}]
    return {
        "school": make_site(name="元平特殊教育学校", category="special_school", min_age=6, max_age=18,
                            opening_hours=open_hours, district=boundaries["futian"]),
        "kinder": make_site(name="葵涌幼儿园", category="kindergarten", min_age=3, max_age=6,
                            opening_hours=closed_hours, district=boundaries["longgang"]),
        "kinder2": make_site(name="福田区机关幼儿园", category="kindergarten", min_age=3, max_age=6,
                             opening_hours=open_hours, district=boundaries["futian"]),
        "hospital": make_site(name="深圳市儿童医院", category="childrens_hospital", district=boundaries["futian"]),
        "centre": make_site(name="园岭街道儿童之家", category="party_mass_centre", district=boundaries["longgang"]),
    }


# (map's results.json parameters, the API's parameters for the same question)
SAME_QUESTION = [
    ({"category": ["special_school", "kindergarten"]}, {"category": "special_school,kindergarten"}),
    ({"category": "hospital"}, {"category": "hospital"}),  # sub-categories included at both doors
    ({"district": "440304"}, {"district": "440304"}),
    ({"age": "4"}, {"age": "4"}),
    ({"open": "on"}, {"open_now": "true"}),
    ({"q": "幼儿园"}, {"q": "幼儿园"}),
    ({"q": "儿童"}, {"q": "兒童"}),
    ({"q": "幼儿园", "district": "440307"}, {"q": "幼儿园", "district": "440307"}),
    ({"category": "kindergarten", "open": "on", "age": "5"}, {"category": "kindergarten", "open_now": "true", "age": "5"}),
]


def map_ids(client, params: dict) -> list[int]:
    response = client.get("/map/results.json", params)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def api_ids(client, params: dict) -> list[int]:
    response = client.get("/api/v1/sites/", params)
    assert response.status_code == 200, response.content
    return [feature["id"] for feature in response.json()["features"]]


@pytest.mark.parametrize("map_params, api_params", SAME_QUESTION)
def test_both_doors_find_the_same_sites(client, sites, map_params, api_params):
    from_map, from_api = map_ids(client, map_params), api_ids(client, api_params)
    assert from_map, "a question that finds nothing proves nothing"
    assert len(from_map) < len(sites), "a question that finds everything proves nothing"
    if "q" in map_params:
        assert from_map == from_api  # the same ranking
    else:
        assert sorted(from_map) == sorted(from_api)


def test_a_need_word_searched_at_either_door_finds_the_categories_meeting_it(client, sites):
    """The needs vocabulary reaches the search below it (search/need_terms.py) at both doors."""
    from resourcemap.directory.models import Category
    from resourcemap.needs.models import Need

    need = Need.objects.create(code="hospital-care", group="health", name_zh_hans="看病", name_zh_hant="看病",
                               name_en="Medical care", synonyms="生病")
    need.categories.add(Category.objects.get(code="childrens_hospital"))
    assert map_ids(client, {"q": "生病"}) == api_ids(client, {"q": "生病"}) == [sites["hospital"].pk]
    assert api_ids(client, {"need": "hospital-care"}) == [sites["hospital"].pk]
