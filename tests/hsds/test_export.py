"""manage.py export_hsds writes the HSDS 3.0 tabular data package."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SCHEMA_FOR_TABLE = {
    "organization": "organization.json", "service": "service.json", "location": "location.json",
    "service_at_location": "service_at_location.json", "address": "address.json", "phone": "phone.json",
    "taxonomy_term": "taxonomy_term.json", "attribute": "attribute.json", "schedule": "schedule.json",
}


def typed(row: dict[str, str], fields: dict[str, str]) -> dict[str, object]:
    """A CSV row as JSON values (blank cells are absent), by the datapackage's field types."""
    out: dict[str, object] = {}
    for key, value in row.items():
        if value == "":
            continue
        out[key] = float(value) if fields[key] == "number" else value
    return out


def test_it_writes_csv_files_and_a_datapackage_valid_against_hsds(tmp_path, make_site, hsds_validator,
                                                                   hsds_schema):
    make_site(name="站点甲", phones=["0755-1"], address="深圳市南山区某路", min_age=3, max_age=12,
              opening_hours=[{"day": d, "opens": "09:00", "closes": "18:00"} for d in range(5)])
    make_site(name="站点乙", status="closed")
    out = io.StringIO()
    call_command("export_hsds", str(tmp_path / "hsds"), stdout=out)
    assert "service: 1 rows" in out.getvalue()
    package = json.loads((tmp_path / "hsds" / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    for resource in package["resources"]:
        schema = hsds_schema(SCHEMA_FOR_TABLE[resource["name"]])
        assert resource["path"] == schema["path"]
        fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        columns = [name for name, prop in schema["properties"].items() if prop.get("type") != "array"]
        assert set(fields) <= set(columns), resource["name"]
        assert set(schema.get("tabular_required", [])) <= set(fields), resource["name"]
        with open(tmp_path / "hsds" / resource["path"], encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == resource["rows"]
        validator = hsds_validator(SCHEMA_FOR_TABLE[resource["name"]])
        for row in rows:
            blank_required = [c for c in schema.get("tabular_required", []) if row.get(c, "") == ""]
            assert not blank_required, (resource["name"], row, blank_required)
            instance = typed(row, fields)
            for required in schema.get("required", []):
                # Nested/array members of the JSON schema have no CSV column; the tabular
                # required ones are checked present and non-blank above.
                instance.setdefault(required, "")
            errors = [e.message for e in validator.iter_errors(instance)]
            assert not errors, (resource["name"], row, errors)
    services = list(csv.DictReader(open(tmp_path / "hsds" / "services.csv", encoding="utf-8")))
    assert [s["name"] for s in services] == ["站点甲"]
    assert services[0]["minimum_age"] == "3.0"
    schedules = list(csv.DictReader(open(tmp_path / "hsds" / "schedules.csv", encoding="utf-8")))
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in schedules] == [
        ("MO,TU,WE,TH,FR", "09:00+08:00", "18:00+08:00")]
