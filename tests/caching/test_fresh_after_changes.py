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


def test_a_renamed_organization_shows_on_the_next_site_page(client, admin_client, make_site):
    """Site pages take the organization and areas from objects kept per data version
    (resourcemap/directory/kept_places.py): an admin rename must reach the next page."""
    from resourcemap.directory.models import Organization

    organization = Organization.objects.create(code="futian-cac", name_zh_hans="福田区民政局")
    shown = make_site(name="园岭社区党群服务中心", organization=organization)
    assert "福田区民政局" in cached(client, f"/sites/{shown.pk}/")
    response = admin_client.post(f"/admin/directory/organization/{organization.pk}/change/", {
        "code": organization.code, "name_zh_hans": "福田区民政事务局", "name_zh_hant": "", "name_en": "",
        "description": "", "website": "", "aliases": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    page = cached(client, f"/sites/{shown.pk}/")
    assert "福田区民政事务局" in page and "福田区民政局" not in page


def test_a_new_service_area_shows_in_the_next_nearest_answer(client, admin_client, make_site, boundaries):
    """`serves_your_area` of /api/v1/nearest/ is kept per data version and area
    (resourcemap/api/views/lookups.py): a site given the street's service area must appear."""
    served = make_site(name="园岭街道未成年人保护工作站", category="minor_protection", district_id="440304",
                       street_id="440304001000", lon=114.02, lat=22.52)

    def serving_names() -> list[str]:
        answer = client.get("/api/v1/nearest/", {"lat": 22.51, "lon": 114.01})
        assert answer.status_code == 200
        return [f["properties"]["name"] for f in answer.json()["serves_your_area"]]

    assert serving_names() == [] and serving_names() == []  # the second answer is the kept one
    response = admin_client.post(
        f"/admin/directory/servicepoint/{served.pk}/change/", change_form_data(served, service_area_kind="street")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert serving_names() == ["园岭街道未成年人保护工作站"]
