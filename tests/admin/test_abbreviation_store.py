"""One abbreviation store (resourcemap.search.models.SearchAbbreviation): a data administrator's
edit in the admin changes the map's search, the API's and the law library's at once; the
abbreviations the search once held in code are rows of it; read-only staff may only look."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/search/searchabbreviation/add/"


def map_names(client, q: str) -> list[str]:
    response = client.get("/map/results.json", {"q": q})
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def api_ids(client, q: str) -> list[int]:
    return [feature["id"] for feature in client.get("/api/v1/sites/", {"q": q}).json()["features"]]


def test_an_abbreviation_added_changed_and_removed_in_the_admin_changes_search_at_once(client, data_admin,
                                                                                        make_site):
    from resourcemap.search.models import SearchAbbreviation

    palace = make_site(name="深圳市少年宫", category="party_mass_centre")
    make_site(name="福田区机关幼儿园", category="kindergarten")
    assert map_names(client, "少宫") == [] and api_ids(client, "少宫") == []

    response = data_admin.post(ADD_URL, {"short_form": "少宫", "full_form": "少年宫"})
    assert response.status_code == 302, response.content.decode()
    assert map_names(client, "少宫") == ["深圳市少年宫"]
    assert api_ids(client, "少宫") == [palace.pk]

    row = SearchAbbreviation.objects.get(short_form="少宫")
    change = f"/admin/search/searchabbreviation/{row.pk}/change/"
    assert data_admin.post(change, {"short_form": "少宫", "full_form": "托育;幼儿园"}).status_code == 302
    assert map_names(client, "少宫") == ["福田区机关幼儿园"]  # several full forms, separated by ;

    delete = f"/admin/search/searchabbreviation/{row.pk}/delete/"
    assert data_admin.post(delete, {"post": "yes"}).status_code == 302
    assert map_names(client, "少宫") == []


def test_the_abbreviations_once_in_code_are_editable_rows(data_admin, make_site):
    from resourcemap.search.models import SearchAbbreviation

    assert SearchAbbreviation.objects.get(short_form="特校").full_forms() == ["特殊教育学校", "特殊学校"]
    listed = data_admin.get("/admin/search/searchabbreviation/", {"q": "特教"}).content.decode()
    assert "特殊教育" in listed


def test_the_law_library_reads_the_same_store(client, data_admin):
    from resourcemap.policies.models import Article, Law

    law = Law.objects.create(slug="test-law", short_name="测试法", title="测试法", version_date="2024-01-01",
                             is_current=True)
    article = Article(law=law, number=1, slug="1", label="第一条", text="少年宫应当向未成年人免费开放。")
    article.refresh_search_columns()
    article.save()

    def found(q: str) -> list[int]:
        return [a.number for _law, articles in client.get("/policies/search/", {"q": q}).context["results"]
                for a, *_ in articles]

    assert found("少宫") == []
    data_admin.post(ADD_URL, {"short_form": "少宫", "full_form": "少年宫"})
    assert found("少宫") == [1]


def test_read_only_staff_see_the_abbreviations_but_cannot_edit_them(read_only):
    assert read_only.get("/admin/search/searchabbreviation/").status_code == 200
    assert read_only.post(ADD_URL, {"short_form": "少宫", "full_form": "少年宫"}).status_code == 403


def test_an_abbreviation_edit_moves_the_data_version_that_cached_answers_are_keyed_by(data_admin):
    from resourcemap.directory.version import current_version

    before = current_version()
    assert data_admin.post(ADD_URL, {"short_form": "少宫", "full_form": "少年宫"}).status_code == 302
    assert current_version() > before
