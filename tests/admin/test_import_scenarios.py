"""The loaders' scenario list (tests/loaders/scenarios.py) through the third door: the admin's
upload -> preview -> confirm, with a data administrator's browser session (Django's client)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.loaders.doors import Outcome
from tests.loaders.scenarios import SCENARIOS, Scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def admin_door(client: Client, path: Path, *, commit: bool = False, **options: Any) -> Outcome:
    """Upload the file with the scenario's options; confirm the preview when committing."""
    data = {
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
        "source": options.get("source", "manual"),
        "crs": options.get("crs", "wgs84"),
        "mode": "full_list" if options.get("full_list") else "update",
        "sheet": options.get("sheet") or "",
    }
    if options.get("skip_invalid"):
        data["skip_invalid"] = "on"
    response = client.post("/admin/loaders/importrun/upload/", data)
    if response.status_code == 200:  # the form came back: the file or the choices are unusable
        return Outcome(2, None, str(response.context["form"].errors))
    assert response.status_code == 302, response.content[:2000]
    preview = client.get(response["Location"])
    plan = preview.context["plan"]
    if commit and 'name="confirm"' in preview.text:
        token = re.search(r"/preview/([^/]+)/", response["Location"]).group(1)
        confirmed = client.post(f"/admin/loaders/importrun/preview/{token}/confirm/")
        assert "/result/" in confirmed["Location"], confirmed["Location"]
    return Outcome(1 if plan.errors else 0, plan.report())


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_it_imports_the_scenario_through_the_admin(scenario: Scenario, admin_client, boundaries, tmp_path) -> None:
    path = scenario.make(tmp_path)
    outcome = admin_door(admin_client, path, commit=scenario.commit, **scenario.options)
    scenario.assert_outcome(outcome)
