"""Importing again: the same file changes nothing; a changed file changes only what changed, with
history rows naming the import; a full list retires the missing sites (closed, never deleted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.models import ImportRun
from resourcemap.directory.actions import fill_search_columns
from resourcemap.directory.models import ServicePoint
from tests.loaders.doors import DOORS
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db
History = ServicePoint.history.model


def snapshot() -> list[tuple]:
    return list(ServicePoint.objects.order_by("pk").values_list("pk", "name", "phones", "status", "updated_at"))


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
def test_it_changes_nothing_when_the_same_file_is_imported_again(door, boundaries, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [site("a-1", "甲"), site("a-2", "乙", hours="Mo-Fr 09:00-18:00")])
    assert door(path, commit=True).exit_code == 0
    before, history_before = snapshot(), History.objects.count()

    outcome = door(path, commit=True)

    assert outcome.exit_code == 0
    assert outcome.report["counts"] == {"added": 0, "changed": 0, "unchanged": 2, "retired": 0, "invalid": 0,
                                        "skipped": 0}
    assert snapshot() == before
    assert History.objects.count() == history_before == 2


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
def test_it_updates_changed_fields_only_and_records_history(door, boundaries, tmp_path: Path,
                                                           django_user_model) -> None:
    door(write_csv(tmp_path / "v1.csv", [site("a-1", "甲"), site("a-2", "乙")]), commit=True)
    unchanged_before = ServicePoint.objects.get(external_id="a-2").updated_at

    outcome = door(write_csv(tmp_path / "v2.csv", [site("a-1", "甲", phone="0755-83999999"), site("a-2", "乙")]),
                   commit=True)

    assert outcome.report["changed"][0]["fields"] == {"phones": [["0755-83000000"], ["0755-83999999"]]}
    changed = ServicePoint.objects.get(external_id="a-1")
    assert changed.phones == ["0755-83999999"] and changed.updated_at > changed.created_at
    assert ServicePoint.objects.get(external_id="a-2").updated_at == unchanged_before
    run = ImportRun.objects.latest("pk")
    assert (run.added, run.changed, run.unchanged, run.file_name) == (0, 1, 1, "v2.csv")
    latest = History.objects.filter(id=changed.pk).order_by("-history_id").first()
    assert (latest.history_type, latest.history_change_reason) == ("~", f"import {run.pk}: v2.csv")
    assert latest.phones == ["0755-83999999"]
    assert run.file.read() == (tmp_path / "v2.csv").read_bytes()


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
def test_it_retires_sites_missing_from_a_full_list(door, boundaries, tmp_path: Path) -> None:
    door(write_csv(tmp_path / "v1.csv", [site("a-1", "甲"), site("a-2", "乙"), site("a-3", "丙")]), commit=True)
    door(write_csv(tmp_path / "other.csv", [site("o-1", "别的来源")]), commit=True, source="other")

    dry = door(write_csv(tmp_path / "v2.csv", [site("a-1", "甲")]), full_list=True)
    assert [r["external_id"] for r in dry.report["retired"]] == ["a-2", "a-3"]
    assert ServicePoint.objects.filter(status="closed").count() == 0
    outcome = door(tmp_path / "v2.csv", commit=True, full_list=True)

    assert outcome.exit_code == 0
    statuses = dict(ServicePoint.objects.values_list("external_id", "status"))
    assert statuses == {"a-1": "active", "a-2": "closed", "a-3": "closed", "o-1": "active"}
    retired = History.objects.filter(external_id="a-2").order_by("history_id").last()
    assert (retired.history_type, retired.status) == ("~", "closed")
    assert ImportRun.objects.latest("pk").mode == "full_list"
    # Without --full-list a shorter file retires nothing.
    door(write_csv(tmp_path / "v3.csv", [site("o-1", "别的来源")]), commit=True, source="other")
    assert ServicePoint.objects.get(external_id="o-1").status == "active"


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
def test_it_warns_of_a_probable_duplicate_within_100_m(door, boundaries, tmp_path: Path, make_site) -> None:
    make_site(name="园岭社区 党群服务中心", lon=114.0200, lat=22.5200, source="other", external_id="x")
    rows = [site("a-1", "园岭社区党群服务中心", 114.0205, 22.5203),  # ~60 m away, same normalised name
            site("a-2", "福田站", 114.03, 22.51), site("a-3", "福田站", 114.0301, 22.5101),
            site("a-4", "园岭社区党群服务中心", 114.04, 22.52)]  # same name, 2 km away: no warning
    outcome = door(write_csv(tmp_path / "dup.csv", rows))

    assert outcome.exit_code == 0
    assert outcome.has("warnings", 2, "name", "other/x")
    assert outcome.has("warnings", 4, "name", "row 3")
    assert not [w for w in outcome.issues("warnings") if w[0] == 5]


def test_it_records_the_importing_user_in_history(boundaries, tmp_path: Path, django_user_model) -> None:
    from loaders import core

    admin = django_user_model.objects.create_user("officer", password="x-9f8e7d6c5b")
    plan = core.validate(write_csv(tmp_path / "u.csv", [site("a-1", "甲")]), core.ImportParams())
    run = core.apply(plan, admin)

    assert run.user == admin
    assert History.objects.get(external_id="a-1").history_user == admin


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
def test_it_places_a_moved_site_in_its_new_district(door, boundaries, tmp_path: Path) -> None:
    door(write_csv(tmp_path / "v1.csv", [site("a-1", "甲", 114.02, 22.52)]), commit=True)
    assert ServicePoint.objects.get(external_id="a-1").district_id == "440304"

    outcome = door(write_csv(tmp_path / "v2.csv", [site("a-1", "甲", 114.35, 22.65)]), commit=True)

    moved = ServicePoint.objects.get(external_id="a-1")
    assert (moved.district_id, moved.street_id) == ("440307", "440307102000")
    assert set(outcome.report["changed"][0]["fields"]) == {"lon", "lat", "district_id", "street_id"}


@pytest.mark.parametrize("parallel_from", [10_000, 2], ids=["one process", "forked workers"])
def test_it_stores_the_search_columns_the_model_computes(boundaries, tmp_path: Path, monkeypatch,
                                                         parallel_from: int) -> None:
    from loaders import apply, core

    monkeypatch.setattr(apply, "PARALLEL_FROM_ROWS", parallel_from)
    rows = [site(f"s-{i}", f"福田区第{i}儿童之家", alternate_name="园岭党群;YL Centre", description="四点半课堂")
            for i in range(6)]
    core.apply(core.validate(write_csv(tmp_path / "s.csv", rows), core.ImportParams()))

    for stored in ServicePoint.objects.all():
        columns = (stored.search_text, stored.search_grams, stored.search_latin)
        fill_search_columns(stored)
        assert columns == (stored.search_text, stored.search_grams, stored.search_latin)
    assert ServicePoint.objects.search("儿童之家").count() == 6
