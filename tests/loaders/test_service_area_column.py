"""The `service_area` import column (服务范围), and the rules' defaults when a new site has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from resourcemap.directory.models import ServicePoint
from tests.loaders.doors import command_door
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db


def kinds() -> dict[str, str]:
    return dict(ServicePoint.objects.values_list("external_id", "service_area_kind"))


def test_new_sites_without_the_column_get_the_rules_defaults(tmp_path: Path, boundaries):
    path = write_csv(tmp_path / "list.csv", [
        site("a", "园岭社区党群服务中心"),
        site("b", "园岭街道党群服务中心"),
        site("c", "福田区未成年人保护中心", category="minor_protection"),
        site("d", "园岭幼儿园", category="kindergarten"),
    ])
    assert command_door(path, commit=True).exit_code == 0
    assert kinds() == {"a": "community", "b": "street", "c": "district", "d": ""}


def test_the_column_overrides_the_rules_and_a_blank_cell_keeps_an_existing_sites_own(tmp_path: Path, boundaries):
    first = write_csv(tmp_path / "one.csv", [
        site("a", "园岭社区党群服务中心", service_area="街道"),
        site("b", "园岭幼儿园", category="kindergarten", service_area="none"),
    ], rename={"service_area": "服务范围"})
    assert command_door(first, commit=True).exit_code == 0
    assert kinds() == {"a": "street", "b": ""}
    ServicePoint.objects.filter(external_id="b").update(service_area_kind="district")  # set by hand
    again = write_csv(tmp_path / "two.csv", [
        site("a", "园岭社区党群服务中心", service_area="community"),
        site("b", "园岭幼儿园", category="kindergarten", service_area=""),
    ])
    assert command_door(again, commit=True).exit_code == 0
    assert kinds() == {"a": "community", "b": "district"}


def test_an_unknown_service_area_names_the_row_and_column_and_applies_nothing(tmp_path: Path, boundaries):
    path = write_csv(tmp_path / "bad.csv", [site("a", "园岭社区党群服务中心", service_area="everywhere")])
    outcome = command_door(path, commit=True)
    assert outcome.exit_code != 0
    assert outcome.has("errors", 2, "service_area", "unknown service area")
    assert not ServicePoint.objects.exists()
