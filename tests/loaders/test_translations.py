"""Import messages reach administrators in their language (zh-hans by default, zh-hant, en)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from loaders import core
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "expected"), [
    ("zh-hans", "经度和纬度似乎填反了"),
    ("zh-hant", "經度和緯度似乎填反了"),
    ("en", "latitude and longitude look swapped"),
])
def test_it_explains_errors_in_the_active_language(boundaries, tmp_path: Path, language: str, expected: str) -> None:
    path = write_csv(tmp_path / "s.csv", [site("s-1", "甲", 22.52, 114.02)])

    with translation.override(language):
        plan = core.validate(path, core.ImportParams())

    assert expected in plan.errors[0].message


@pytest.mark.parametrize(("language", "expected"), [
    ("zh-hans", "文件超过 2 行（IMPORT_MAX_ROWS）：请拆分为较小的文件"),
    ("zh-hant", "檔案超過 2 行（IMPORT_MAX_ROWS）：請拆分為較小的檔案"),
    ("en", "the file has more than 2 rows (IMPORT_MAX_ROWS): split it into smaller files"),
])
def test_a_file_past_a_parse_limit_is_refused_in_the_active_language(
    settings, tmp_path: Path, language: str, expected: str
) -> None:
    settings.IMPORT_MAX_ROWS = 2
    path = write_csv(tmp_path / "s.csv", [site(f"s-{n}", "甲") for n in range(3)])

    with translation.override(language), pytest.raises(core.UnusableFile) as refused:
        core.validate(path, core.ImportParams())

    assert str(refused.value) == expected


@pytest.mark.parametrize(("prefix", "expected"), [
    ("", "正在写入站点"), ("/zh-hant", "正在寫入站點"), ("/en", "writing sites"),
])
def test_the_progress_page_names_the_step_in_the_admins_language(admin_client, prefix: str, expected: str) -> None:
    from loaders.models import ImportJob

    job = ImportJob.objects.create(kind="apply", token="t", status="running", phase="writing sites",
                                   rows_done=500, rows_total=1000)
    progress = admin_client.get(f"{prefix}/admin/loaders/importrun/job/{job.pk}/progress/").json()
    assert (progress["phase"], progress["percent"]) == (expected, 50)
