"""directory/actions.py through its doors: the category admin, the site admin and the
reindex_search command keep the search columns right."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from resourcemap.directory.models import Category, ServicePoint

pytestmark = pytest.mark.django_db
CATEGORY_URL = "/admin/directory/category/{}/change/"


def category_form(category: Category, **overrides: str) -> dict[str, str]:
    data = {
        "code": category.code, "parent": str(category.parent_id or ""), "name_zh_hans": category.name_zh_hans,
        "name_zh_hant": category.name_zh_hant, "name_en": category.name_en, "description": category.description,
        "color": category.color, "icon": category.icon, "aliases": category.aliases,
        "sort_order": str(category.sort_order),
    }
    data.update(overrides)
    return data


def found(client, query: str) -> list[str]:
    response = client.get("/api/v1/sites/", {"q": query})
    assert response.status_code == 200
    return [feature["properties"]["name"] for feature in response.json()["features"]]


def test_it_finds_the_sites_of_a_category_by_a_new_alias_at_once(admin_client, client, make_site):
    make_site(name="园岭社区党群服务中心", category="party_mass_centre")
    make_site(name="深圳市儿童医院", category="hospital")
    category = Category.objects.get(code="party_mass_centre")
    assert found(client, "邻里驿站") == []

    response = admin_client.post(
        CATEGORY_URL.format(category.pk), category_form(category, aliases=f"{category.aliases};邻里驿站")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert found(client, "邻里驿站") == ["园岭社区党群服务中心"]


def test_it_stops_finding_the_sites_by_a_removed_alias(admin_client, client, make_site):
    category = Category.objects.get(code="party_mass_centre")
    category.aliases = "邻里驿站"
    category.save()
    make_site(name="园岭社区党群服务中心", category=category)
    assert found(client, "邻里驿站") == ["园岭社区党群服务中心"]

    admin_client.post(CATEGORY_URL.format(category.pk), category_form(category, aliases=""))

    assert found(client, "邻里驿站") == []


def test_the_reindex_command_repairs_columns_written_around_the_actions(client, make_site):
    site = make_site(name="园岭社区党群服务中心")
    indexed = ServicePoint.objects.values_list("search_text", "search_grams", "search_latin").get(pk=site.pk)
    # A write that bypassed the actions (raw SQL, a shell): the columns no longer match.
    ServicePoint.objects.filter(pk=site.pk).update(search_text="", search_grams=[], search_latin="")
    assert found(client, "园岭") == []

    out = io.StringIO()
    call_command("reindex_search", stdout=out)

    assert "Reindexed 1 service points." in out.getvalue()
    assert ServicePoint.objects.values_list("search_text", "search_grams", "search_latin").get(pk=site.pk) == indexed
    assert found(client, "园岭") == ["园岭社区党群服务中心"]


def test_a_category_code_cannot_be_renamed_and_its_links_follow_the_category(admin_client):
    from resourcemap.directory.actions import CategoryCodeChanged, update_category
    from resourcemap.policies.models import CategoryArticleLink

    category = Category.objects.get(code="party_mass_centre")
    CategoryArticleLink.objects.create(category=category, law_slug="minor-protection-law", article_number=1)
    links = CategoryArticleLink.objects.filter(category=category).count()

    admin_client.post(CATEGORY_URL.format(category.pk), category_form(category, code="renamed"))
    category.refresh_from_db()
    assert category.code == "party_mass_centre"  # the admin shows the code read-only

    category.code = "renamed"
    with pytest.raises(CategoryCodeChanged):
        update_category(category)
    assert Category.objects.filter(code="party_mass_centre").exists()
    assert CategoryArticleLink.objects.filter(category__code="party_mass_centre").count() == links

    # Shared links and API clients still need the guard; the legal-basis links no longer do:
    # they hold the category itself (a foreign key), so even a code changed in the database
    # keeps them.
    Category.objects.filter(pk=category.pk).update(code="renamed")
    assert CategoryArticleLink.objects.filter(category__code="renamed").count() == links
