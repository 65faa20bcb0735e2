"""A CSV with a NUL character is refused with its line, not silently cut at the NUL."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import core
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db


def test_it_refuses_a_csv_with_a_nul_character(boundaries, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "sites.csv", [site("a-1", "甲"), site("a-2", "F\x00G")])
    with pytest.raises(core.UnusableFile, match="line 3 contains a NUL"):
        core.validate(path, core.ImportParams())
