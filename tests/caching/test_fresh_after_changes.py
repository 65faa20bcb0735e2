"""No stale cache: after an admin edit, an import and a category change, the next public
answer (map page, site page, the map's data, the API) shows the change, although the answer
before it came from the cache of public answers (resourcemap/caching.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resourcemap.directory.models import Category
from tests.admin.conftest import change_form_data
from tests.directory.test_actions import CATEGORY_URL, category_form
from tests.loaders.doors import command_door
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db


def cached(client, url: str, **params: str) -> str:
    """The answer, fetched twice: the second must be the cache's (proving a stored entry exists)."""
    first = client.get(url, params)
    assert first.status_code == 200, url
    again = client.get(url, params)
    assert again["X-Public-Cache"] == "hit", url
    assert again.content == first.content
    return again.content.decode()


def public_answers(client, site_id: int) -> dict[str, str]:
    return {
        "map page": cached(client, "/"),
        "site page": cached(client, f"/sites/{site_id}/"),
        "map data": cached(client, "/map/sites.geojson"),
        "API list": cached(client, "/api/v1/sites/", category="party_mass_centre"),
        "API site": cached(client, f"/api/v1/sites/{site_id}/"),
    }


def test_an_admin_edit_shows_in_the_next_public_answers(client, admin_client, make_site):
    edited = make_site(name="园岭社区党群服务中心")
    before = public_answers(client, edited.pk)
    for name, body in before.items():
        assert "园岭社区党群服务中心" in body, name
    response = admin_client.post(
        f"/admin/directory/servicepoint/{edited.pk}/change/", change_form_data(edited, name="园岭社区党群服务站")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after = public_answers(client, edited.pk)
    for name, body in after.items():
        assert "园岭社区党群服务站" in body and "园岭社区党群服务中心" not in body, name


def test_an_import_shows_in_the_next_public_answers(client, make_site, boundaries, tmp_path: Path):
    existing = make_site(name="百花社区党群服务中心")
    before = public_answers(client, existing.pk)
    assert all("新洲社区党群服务中心" not in body for body in before.values())
    imported = write_csv(tmp_path / "list.csv", [site("N1", "新洲社区党群服务中心")])
    assert command_door(imported, commit=True).exit_code == 0
    after = public_answers(client, existing.pk)
    for name in ("map page", "map data", "API list"):
        assert "新洲社区党群服务中心" in after[name], name


def test_a_category_change_shows_in_the_next_public_answers(client, admin_client, make_site):
    shown = make_site(name="园岭社区党群服务中心")
    category = Category.objects.get(code="party_mass_centre")
    colours = cached(client, "/map/categories.css")
    assert f".cat-party_mass_centre{{--cat-color:{category.color}}}" in colours
    before = {**public_answers(client, shown.pk), "API categories": cached(client, "/api/v1/categories/", lang="en")}
    english = cached(client, "/en/")
    assert "Party-mass renamed" not in english + before["API categories"]
    response = admin_client.post(
        CATEGORY_URL.format(category.pk), category_form(category, color="#123abc", name_en="Party-mass renamed")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ".cat-party_mass_centre{--cat-color:#123abc}" in cached(client, "/map/categories.css")
    assert "Party-mass renamed" in cached(client, "/api/v1/categories/", lang="en")
    assert "Party-mass renamed" in cached(client, "/en/")
    assert "Party-mass renamed" in cached(client, f"/en/sites/{shown.pk}/")
