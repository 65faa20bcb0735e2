from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Imported files are stored under MEDIA_ROOT/imports/: keep them in the test's tmp dir."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GEOCODER = ""
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages are asserted in English here; test_translations.py checks the Chinese ones."""
    from django.utils import translation

    with translation.override("en"):
        yield
