"""Import files as offices write them: GBK, Chinese headers, everyday department and category
names, and addresses without coordinates placed by the offline gazetteer (command and admin)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from loaders import core
from resourcemap.directory.models import ServicePoint
from tests.loaders.doors import command_door
from tests.loaders.files import write_csv

pytestmark = pytest.mark.django_db
CHINESE = {"name": "名称", "category": "类别", "organization": "主管部门", "address": "地址", "lon": "经度",
           "lat": "纬度", "external_id": "编号"}
# Real points inside their districts (the shipped boundaries are loaded below).
FUTIAN, LONGGANG = (114.0557, 22.5431), (114.2470, 22.7200)


@pytest.fixture
def shenzhen(db: Any) -> None:
    """The shipped districts and streets, so points from the gazetteer fall in real outlines."""
    call_command("load_boundaries", "--commit", verbosity=0)


def everyday_rows() -> list[dict[str, Any]]:
    return [
        {"external_id": "e-1", "name": "园岭社区党群服务中心", "category": "党群服务中心", "organization": "党群",
         "address": "深圳市福田区园岭街道", "lon": FUTIAN[0], "lat": FUTIAN[1]},
        {"external_id": "e-2", "name": "福田区未成年人保护中心", "category": "未成年人保护中心", "organization": "民政局",
         "address": "深圳市福田区", "lon": FUTIAN[0], "lat": FUTIAN[1]},
        {"external_id": "e-3", "name": "龙岗区残疾人职康中心", "category": "特殊教育学校", "organization": "残联",
         "address": "深圳市龙岗区", "lon": LONGGANG[0], "lat": LONGGANG[1]},
        {"external_id": "e-4", "name": "福田区某幼儿园", "category": "幼儿园", "organization": "福田区教育局",
         "address": "深圳市福田区", "lon": FUTIAN[0], "lat": FUTIAN[1]},
    ]


def gbk_file(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    return write_csv(tmp_path / "list.csv", rows, encoding="gbk", rename=CHINESE)


EXPECTED = {"e-1": ("party_mass", "party_mass_centre"), "e-2": ("civil_affairs", "minor_protection"),
            "e-3": ("disabled_federation", "special_school"), "e-4": ("education", "kindergarten")}


def imported() -> dict[str, tuple[str, str]]:
    return {s.external_id: (s.organization.code, s.category.code)
            for s in ServicePoint.objects.select_related("organization", "category")}


def test_the_command_accepts_everyday_department_and_category_names_in_a_gbk_file(shenzhen, tmp_path):
    outcome = command_door(gbk_file(tmp_path, everyday_rows()), commit=True)
    assert outcome.exit_code == 0, outcome.output
    assert imported() == EXPECTED


def test_the_admin_accepts_them_too(shenzhen, tmp_path, admin_client, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = gbk_file(tmp_path, everyday_rows()).read_bytes()
    response = admin_client.post("/admin/loaders/importrun/upload/", {
        "source": "district-office", "crs": "wgs84", "mode": "update", "sheet": "",
        "file": SimpleUploadedFile("list.csv", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = admin_client.get(response["Location"])
    assert page.context["counts"]["added"] == 4 and not page.context["plan"].errors
    token = re.search(r"/preview/([^/]+)/", response["Location"]).group(1)
    admin_client.post(f"/admin/loaders/importrun/preview/{token}/confirm/")
    assert imported() == EXPECTED


@pytest.mark.parametrize("language, expected", [
    ("zh-hans", ("主管部门", "未知主管部门", "民政部门（民政、民政局", "残疾人联合会（残联")),
    ("zh-hant", ("主管部门", "未知主管部門", "民政部門（民政、民政局")),
    ("en", ("column 主管部门", "unknown organization", "Civil Affairs (civil_affairs)",
            "Disabled Persons' Federation (disabled_federation)")),
])
def test_an_unknown_department_is_explained_in_the_users_language_with_the_column_as_written(
        shenzhen, tmp_path, language, expected):
    rows = everyday_rows()[:1]
    rows[0]["organization"] = "水务局"
    with translation.override(language):
        plan = core.validate(gbk_file(tmp_path, rows), core.ImportParams())
        message = str(plan.errors[0])
    assert plan.errors[0].column == "organization" and plan.errors[0].header == "主管部门"
    for fragment in expected:
        assert fragment in message, message
    assert not ServicePoint.objects.exists()


ADDRESS_ONLY = [
    {"external_id": "a-1", "name": "罗岗社区党群服务中心", "category": "党群服务中心", "organization": "党群",
     "address": "深圳市龙岗区布吉街道罗岗社区"},
    {"external_id": "a-2", "name": "某学校", "category": "小学", "organization": "教育局",
     "address": "深圳市南山区月亮湾大道"},
    {"external_id": "a-3", "name": "某幼儿园", "category": "幼儿园", "organization": "教育局",
     "address": "龙华新区观澜办事处"},
    {"external_id": "a-4", "name": "某社区", "category": "党群服务中心", "organization": "党群",
     "address": "深圳市福田区"},
]


def test_an_address_only_file_is_placed_by_the_gazetteer_with_each_rows_precision_in_the_plan(shenzhen, tmp_path):
    path = write_csv(tmp_path / "addresses.csv", ADDRESS_ONLY, encoding="gbk", rename=CHINESE)
    outcome = command_door(path)
    assert outcome.exit_code == 0, outcome.output
    added = {c["external_id"]: c for c in outcome.report["added"]}
    assert {k: c["precision"] for k, c in added.items()} == {
        "a-1": "community", "a-2": "road", "a-3": "old_street_area", "a-4": "district"}
    assert "罗岗社区" in added["a-1"]["placed_by"] and "月亮湾大道" in added["a-2"]["placed_by"]
    assert "观湖街道" in added["a-3"]["placed_by"]
    assert "[road 113." in outcome.output  # the printed plan shows precision and point per row

    command_door(path, commit=True)
    site = ServicePoint.objects.get(external_id="a-3")
    assert site.location_precision == "old_street_area" and site.street is None and site.is_approximate
    assert site.district.code == "440309"


def test_the_admin_preview_shows_precision_point_and_distance_moved(shenzhen, tmp_path, admin_client, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [dict(ADDRESS_ONLY[0], lon=114.122, lat=22.5947)]
    core.run(write_csv(tmp_path / "first.csv", rows), core.ImportParams(source="district-office"), commit=True)
    rows[0]["lon"] = 114.125  # ~300 m east
    content = write_csv(tmp_path / "second.csv", rows).read_bytes()
    response = admin_client.post("/admin/loaders/importrun/upload/", {
        "source": "district-office", "crs": "wgs84", "mode": "update", "sheet": "",
        "file": SimpleUploadedFile("second.csv", content)})
    page = admin_client.get(response["Location"]).content.decode()
    assert "114.125000, 22.594700" in page
    assert re.search(r"(moved|移动了) 3\d\d (m|米)", page), "distance moved"  # ~300 m
    assert "深圳市龙岗区布吉街道罗岗社区" in page and "party_mass_centre" in page


def test_coordinates_that_contradict_their_own_address_get_a_warning(shenzhen, tmp_path):
    rows = [dict(ADDRESS_ONLY[0], lon=FUTIAN[0], lat=FUTIAN[1])]  # a Futian point for a 布吉 address
    plan = core.validate(write_csv(tmp_path / "far.csv", rows), core.ImportParams())
    warnings = [w for w in plan.warnings if w.column == "address"]
    assert warnings and "from where the address points" in warnings[0].message
    assert "罗岗社区" in warnings[0].message
    rows = [dict(ADDRESS_ONLY[0], lon=114.122, lat=22.5947)]
    plan = core.validate(write_csv(tmp_path / "near.csv", rows), core.ImportParams())
    assert not [w for w in plan.warnings if "from where the address points" in w.message]
