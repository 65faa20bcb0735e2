"""Need words find the categories that meet the need, in simplified, traditional and pinyin,
through the map's search API; the API filters by need; unknown needs are a 400."""

from __future__ import annotations

import pytest

from resourcemap.needs.models import Need

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped")]


def categories_found(client, **params) -> set[str]:
    response = client.get("/api/v1/sites/", {"all": "true", **params})
    assert response.status_code == 200, response.content
    return {f["properties"]["category"] for f in response.json()["features"]}


@pytest.mark.parametrize(
    "query, need",
    [("心理", "mental_health"), ("自闭症", "autism"), ("孤獨症", "autism"), ("欺凌", "bullying"),
     ("家暴", "domestic_violence"), ("xinli", "mental_health"), ("附近的幼儿园", "kindergarten"),
     ("不想上学", "not_going_to_school")],
)
def test_a_need_word_finds_the_sites_of_the_categories_meeting_the_need(client, query, need):
    mapped = set(Need.objects.get(code=need).category_codes())
    found = categories_found(client, q=query)
    # Every mapped category that has sites is found (and the text matches may add more).
    with_sites = {c for c in mapped if categories_found(client, category=c)}
    assert with_sites and with_sites <= found


def test_the_api_filters_by_need_and_lists_the_vocabulary(client):
    assert categories_found(client, need="autism") == {"special_school", "childrens_hospital"}
    vocabulary = client.get("/api/v1/needs/").json()
    assert 30 <= len(vocabulary) <= 60
    bullying = next(n for n in vocabulary if n["code"] == "bullying")
    assert bullying["name_zh_hant"] == "欺凌" and bullying["name_en"] == "Bullying"
    assert {"law": "未成年人保护法", "article": 39} in bullying["legal_basis"]
    nearest = client.get("/api/v1/nearest/", {"lat": 22.55, "lon": 114.05, "need": "kindergarten"}).json()
    assert {f["properties"]["category"] for f in nearest["features"]} == {"kindergarten"}


def test_an_unknown_need_is_a_400_naming_it(client):
    for url in ("/api/v1/sites/", "/api/v1/nearest/?lat=22.55&lon=114.05"):
        response = client.get(url, {"need": "mental_health,astrology"})
        assert response.status_code == 400
        assert "astrology" in response.json()["errors"]["need"][0]


def test_an_edit_in_the_admin_changes_what_a_word_finds(client):
    need = Need.objects.get(code="autism")
    need.synonyms += "; 星星孩子之家"
    need.save()
    assert "special_school" in categories_found(client, q="星星孩子之家")
