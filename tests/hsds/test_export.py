"""manage.py export_hsds writes every table of the HSDS 3.0 data package, valid with frictionless
(types, required fields, primary and foreign keys), for a site with every optional field filled
and for the shipped data; against the official datapackage.json when HSDS_SPEC_DIR gives it."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from frictionless import Package

from resourcemap.hsds.tables import PROFILE_OPTIONAL, TABLES, column_names
from tests.hsds.helpers import official_file

pytestmark = pytest.mark.django_db

# data/sites.csv rows and the UUIDs they had after `make run` on a fresh clone: pinned, since an
# aggregator keeps these across our re-imports and rebuilds.
SHIPPED_SERVICE_IDS = {
    "hospital-2018-1": "1076d43f-61f1-5d14-a34e-aad7db91f2dd",
}


def export(outdir: Path) -> str:
    out = io.StringIO()
    call_command("export_hsds", str(outdir), stdout=out)
    return out.getvalue()


def errors_of(descriptor: dict, outdir: Path) -> Counter:
    """(resource, error type, field) -> count, for `descriptor` over the CSV files in outdir."""
    (outdir / "checked.json").write_text(json.dumps(descriptor))
    report = Package(str(outdir / "checked.json")).validate(limit_errors=100_000)
    return Counter(
        (task.name, error.type, getattr(error, "field_name", None)) for task in report.tasks for error in task.errors
    )


def profiled(official: dict) -> dict:
    """The official descriptor with the profile's relaxations (HSDS conformance is to a profile)."""
    patched = copy.deepcopy(official)
    for resource in patched["resources"]:
        for field in resource["schema"]["fields"]:
            if (resource["name"], field["name"]) in PROFILE_OPTIONAL:
                field.setdefault("constraints", {})["required"] = False
    return patched


def rows(outdir: Path, name: str) -> list[dict[str, str]]:
    with open(outdir / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_valid_package(outdir: Path) -> None:
    package = json.loads((outdir / "datapackage.json").read_text())
    assert errors_of(package, outdir) == Counter()
    for name, path, spec, _ in TABLES:
        with open(outdir / path, encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == column_names(spec), name


def test_it_writes_every_table_valid_for_a_site_with_every_optional_field(tmp_path, directory):
    outdir = tmp_path / "hsds"
    printed = export(outdir)
    assert "service: 2 rows" in printed and "taxonomy: 2 rows" in printed
    assert_valid_package(outdir)
    services = {row["name"]: row for row in rows(outdir, "services.csv")}
    assert set(services) == {"福田区妇幼保健院（新址）", "龙岗党群服务中心"}
    full = services["福田区妇幼保健院（新址）"]
    assert (full["minimum_age"], full["email"], full["status"]) == ("0.0", "info@example.org", "active")
    schedules = rows(outdir, "schedules.csv")
    assert sorted((s["byday"], s["opens_at"], s["closes_at"], s["timezone"]) for s in schedules) == [
        ("MO,TU,WE,TH,FR,SA", "08:00:00", "12:00:00", "8.0"), ("SU", "00:00:00", "23:59:00", "8.0")]
    assert [row["code"] for row in rows(outdir, "languages.csv")] == ["zh", "yue", "en"]
    assert [row["description"] for row in rows(outdir, "accessibility.csv")] == ["无障碍通道与电梯"]
    assert sorted(row["option"] for row in rows(outdir, "cost_options.csv")) == ["免费 Free of charge", "收费 Fee"]
    assert {row["last_action_type"] for row in rows(outdir, "metadata.csv")} == {"create", "update"}
    organizations = {row["id"] for row in rows(outdir, "organizations.csv")}
    assert {row["organization_id"] for row in services.values()} <= organizations
    assert rows(outdir, "programs.csv") == [] and rows(outdir, "service_areas.csv") == []


def test_it_validates_against_the_official_datapackage_but_for_the_profile(tmp_path, directory, official_dir):
    outdir = tmp_path / "hsds"
    export(outdir)
    official = json.loads(official_file("datapackage.json").read_text())
    assert errors_of(profiled(official), outdir) == Counter()
    # Unpatched, the profile's relaxation is the only difference: one blank postcode per address.
    addresses = len(rows(outdir, "addresses.csv"))
    assert errors_of(official, outdir) == Counter({("address", "constraint-error", "postal_code"): addresses})


def test_its_descriptor_is_the_official_one_but_for_the_profile(tmp_path, official_dir):
    outdir = tmp_path / "hsds"
    export(outdir)
    ours = json.loads((outdir / "datapackage.json").read_text())
    official = profiled(json.loads(official_file("datapackage.json").read_text()))

    def shape(package: dict) -> list:
        return [
            (r["name"], r["path"],
             [(f["name"], f["type"], f.get("format"), bool(f.get("constraints", {}).get("required")))
              for f in r["schema"]["fields"]],
             sorted((k["fields"], k["reference"]["resource"]) for k in r["schema"].get("foreignKeys", [])))
            for r in sorted(package["resources"], key=lambda r: r["name"])
        ]

    assert shape(ours) == shape(official)


def test_it_exports_the_shipped_data_with_ids_that_survive_reimports_and_rebuilds(tmp_path):
    from loaders.management.commands.load_initial_data import SHIPPED_SOURCE
    from resourcemap.directory.models import ServicePoint

    sites_csv = str(Path(settings.BASE_DIR) / "data" / "sites.csv")
    call_command("load_boundaries", "--commit", stdout=io.StringIO())
    call_command("import_sites", sites_csv, "--commit", "--source", SHIPPED_SOURCE, stdout=io.StringIO())
    first = tmp_path / "first"
    export(first)
    assert_valid_package(first)
    from tests.hsds.conftest import OFFICIAL_DIR

    if OFFICIAL_DIR is not None:
        official = json.loads(official_file("datapackage.json").read_text())
        assert errors_of(profiled(official), first) == Counter()
    services = {row["id"] for row in rows(first, "services.csv")}
    assert len(services) == ServicePoint.objects.public().count() > 2900
    assert set(SHIPPED_SERVICE_IDS.values()) <= services

    # Deleting every site and importing the file again (new database ids, as on a fresh
    # clone) gives the same HSDS ids.
    ServicePoint.objects.all().delete()
    call_command("import_sites", sites_csv, "--commit", "--source", SHIPPED_SOURCE, stdout=io.StringIO())
    second = tmp_path / "second"
    export(second)
    for name in ("services.csv", "locations.csv", "service_at_location.csv", "addresses.csv", "phones.csv",
                 "attributes.csv", "taxonomy_terms.csv", "organizations.csv", "cost_options.csv"):
        assert {r["id"] for r in rows(first, name)} == {r["id"] for r in rows(second, name)}, name
    shutil.rmtree(first)
