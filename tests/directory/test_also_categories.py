"""A site may belong to further categories (a 九年一贯制 school is also a primary school):
filters, the nearest lookup, the API and the HSDS filter find it under each."""

from __future__ import annotations

from pathlib import Path

import pytest

from resourcemap.directory.also_categories import AlsoCategoriesError, load_also_categories
from resourcemap.directory.models import Category, ServicePoint
from resourcemap.hsds.taxonomy import CATEGORIES, term_id

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def nine_year_school(make_site):
    site = make_site(name="某某九年一贯制学校", category="secondary_school", lon=114.05, lat=22.55)
    site.also_categories.add(Category.objects.get(code="primary_school"))
    make_site(name="某某初级中学", category="secondary_school", lon=114.06, lat=22.55)
    return site


def test_the_queryset_finds_it_under_each_category_once(nine_year_school):
    primary = list(ServicePoint.objects.of_category("primary_school"))
    assert primary == [nine_year_school]
    assert ServicePoint.objects.of_category("primary_school", "secondary_school").count() == 2


def test_the_api_filter_and_the_nearest_lookup_find_it(client, nine_year_school):
    listed = client.get("/api/v1/sites/", {"category": "primary_school"}).json()
    assert [f["properties"]["name"] for f in listed["features"]] == ["某某九年一贯制学校"]
    nearest = client.get("/api/v1/nearest/", {"lat": 22.55, "lon": 114.05, "category": "primary_school"}).json()
    assert [f["properties"]["name"] for f in nearest["features"]] == ["某某九年一贯制学校"]


def test_the_site_page_names_the_further_category(client, nine_year_school):
    page = client.get(f"/en/sites/{nine_year_school.pk}/").content.decode()
    assert "Primary school" in page and "Secondary school" in page


def test_the_shipped_list_loads_and_refuses_unknown_sites(make_site, tmp_path):
    make_site(source="shenzhen-public-data", external_id="school-2018-1777", category="secondary_school")
    path = tmp_path / "also.csv"
    path.write_text("external_id,category,reason\nschool-2018-1777,primary_school,十二年一贯制学校\n", "utf-8")
    assert load_also_categories(path, "shenzhen-public-data") == 1
    assert load_also_categories(path, "shenzhen-public-data") == 0  # idempotent
    path.write_text("external_id,category,reason\nschool-2018-1777,kindergarten,x\nnope,primary_school,x\n", "utf-8")
    with pytest.raises(AlsoCategoriesError, match="line 3: no site 'nope'"):
        load_also_categories(path, "shenzhen-public-data")
    assert ServicePoint.objects.get(external_id="school-2018-1777").also_categories.count() == 1


def test_the_shipped_file_lists_the_230_nine_and_twelve_year_schools():
    lines = (DATA / "site_categories.csv").read_text("utf-8").splitlines()[1:]
    assert len(lines) == 230
    assert all(",primary_school," in line and "一贯制学校" in line for line in lines)


def test_the_api_detail_and_hsds_name_the_further_category(client, nine_year_school):
    detail = client.get(f"/api/v1/sites/{nine_year_school.pk}/").json()
    assert detail["properties"]["also_categories"] == ["primary_school"]
    primary = term_id(CATEGORIES, "primary_school")
    services = client.get("/api/hsds/services", {"taxonomy_term_id": primary}).json()
    assert [s["name"] for s in services["contents"]] == ["某某九年一贯制学校"]
    service = client.get(f"/api/hsds/services/{services['contents'][0]['id']}").json()
    codes = {a["taxonomy_term"]["code"] for a in service["attributes"] if a["taxonomy_term"]["taxonomy"] == CATEGORIES}
    assert codes == {"secondary_school", "primary_school"}
