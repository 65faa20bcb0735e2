"""Guards against a careless full list: a cut file is refused, and a full list that would close
more than IMPORT_MASS_RETIRE_PERCENT of its source's open sites needs an explicit second yes,
through the command (--allow-mass-retire) and the admin (typing the number)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loaders.models import ImportRun
from resourcemap.directory.models import ServicePoint
from tests.loaders.doors import command_door
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def guard_at_ten_percent(settings: Any) -> None:
    settings.IMPORT_MASS_RETIRE_PERCENT = 10  # the default (the other loader tests switch it off)


@pytest.fixture
def twenty_sites(boundaries: Any, tmp_path: Path) -> list[dict[str, Any]]:
    rows = [site(f"s-{n}", f"服务站{n}") for n in range(20)]
    assert command_door(write_csv(tmp_path / "all.csv", rows), commit=True).exit_code == 0
    return rows


def closed() -> int:
    return ServicePoint.objects.filter(status="closed").count()


def test_it_refuses_a_csv_whose_last_row_is_cut_short(twenty_sites, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cut.csv", twenty_sites)
    text = path.read_text("utf-8").rstrip("\n")
    path.write_text(text[: text.rindex(",", 0, text.rindex(",") - 1)] + "\n", "utf-8")  # two fields lost
    outcome = command_door(path, commit=True, full_list=True)
    assert outcome.exit_code == 2
    assert "looks cut: its last row (line 21) has 7 of the header’s 9 columns" in outcome.output
    assert closed() == 0 and ServicePoint.objects.get(external_id="s-19").assured_date is not None


def test_it_refuses_a_csv_that_ends_inside_a_quoted_field(twenty_sites, tmp_path: Path) -> None:
    rows = [*twenty_sites[:5], {**twenty_sites[5], "address": "深圳市福田区, 园岭街道 7 号"}]
    path = write_csv(tmp_path / "cut.csv", rows)
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("园岭街道 7")], "utf-8")  # stops inside the quoted address
    outcome = command_door(path, commit=True)
    assert outcome.exit_code == 2
    assert "looks cut" in outcome.output
    assert ImportRun.objects.count() == 1  # the first import only


def test_the_command_needs_allow_mass_retire_to_close_more_than_the_share(twenty_sites, tmp_path: Path) -> None:
    half = write_csv(tmp_path / "half.csv", twenty_sites[:10])
    dry = command_door(half, full_list=True)
    assert dry.exit_code == 0 and "closes 10 of the 20 open sites" in dry.output

    refused = command_door(half, commit=True, full_list=True)
    assert refused.exit_code == 2
    assert "would close 10 of the 20 open sites of source manual, more than 10 %" in refused.output
    assert "--allow-mass-retire" in refused.output
    assert closed() == 0 and ImportRun.objects.count() == 1

    assert command_door(half, commit=True, full_list=True, allow_mass_retire=True).exit_code == 0
    assert closed() == 10


def test_it_closes_up_to_the_share_without_asking(twenty_sites, tmp_path: Path) -> None:
    assert command_door(write_csv(tmp_path / "most.csv", twenty_sites[:18]), commit=True, full_list=True).exit_code == 0
    assert closed() == 2  # 10 % of 20


def admin_preview(client: Any, path: Path) -> tuple[str, Any]:
    response = client.post("/admin/loaders/importrun/upload/", {
        "file": SimpleUploadedFile(path.name, path.read_bytes()), "source": "manual", "crs": "wgs84",
        "mode": "full_list", "sheet": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    token = re.search(r"/preview/([^/]+)/", response["Location"]).group(1)
    return token, client.get(response["Location"])


def test_the_admin_needs_the_number_typed_to_close_more_than_the_share(
    twenty_sites, admin_client, tmp_path: Path
) -> None:
    token, page = admin_preview(admin_client, write_csv(tmp_path / "half.csv", twenty_sites[:5]))
    assert "此完整名单将关闭此来源 20 个开放站点中的 15 个" in page.text  # the admin is in zh-Hans by default
    confirm = f"/admin/loaders/importrun/preview/{token}/confirm/"

    for typed in ("", "yes", "14"):
        response = admin_client.post(confirm, {"retire_count": typed}, follow=True)
        assert "请输入它将关闭的站点数量以确认" in response.text
        assert closed() == 0

    response = admin_client.post(confirm, {"retire_count": "15"})
    assert "/result/" in response["Location"]
    assert closed() == 15


def test_the_admin_refuses_a_cut_file_on_the_upload_form(twenty_sites, admin_client, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cut.csv", twenty_sites)
    path.write_text(path.read_text("utf-8").rstrip("\n").rsplit(",", 3)[0] + "\n", "utf-8")
    response = admin_client.post("/admin/loaders/importrun/upload/", {
        "file": SimpleUploadedFile(path.name, path.read_bytes()), "source": "manual", "crs": "wgs84",
        "mode": "full_list", "sheet": "",
    })
    assert response.status_code == 200
    assert "文件似乎不完整" in str(response.context["form"].errors)  # "the file looks cut", in zh-Hans
    assert closed() == 0
