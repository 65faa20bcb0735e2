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
