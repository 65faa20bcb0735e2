from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Imported files are stored under MEDIA_ROOT/imports/: keep them in the test's tmp dir."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GEOCODER = ""
    # The scenarios retire 2 of 3 sites; the mass-retire guard has its own tests (test_guards.py).
    settings.IMPORT_MASS_RETIRE_PERCENT = 100
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages are asserted in English here; test_translations.py checks the Chinese ones."""
    from django.utils import translation

    with translation.override("en"):
        yield
