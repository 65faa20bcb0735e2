"""One import convention for every list the project loads (sites, boundaries, laws): a dry run
that prints the plan unless --commit, and exit status 0 (valid), 1 (invalid content, nothing
written) or 2 (unusable arguments, e.g. a file that does not exist)."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from resourcemap.directory.models import District, ServicePoint
from resourcemap.policies.models import Law
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db
DATA = Path(settings.BASE_DIR) / "data"
DRY_RUN = "Dry run: nothing written. Add --commit to apply."


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def exit_status(*args: str) -> int:
    try:
        run(*args)
    except CommandError as exc:
        return exc.returncode
    return 0


def test_every_loader_is_a_dry_run_without_commit(boundaries, tmp_path: Path) -> None:
    districts = District.objects.count()
    sites_file = write_csv(tmp_path / "sites.csv", [site("a-1", "甲")])

    outputs = [run("load_boundaries"), run("load_policies"), run("import_sites", str(sites_file))]

    assert all(DRY_RUN in output for output in outputs), outputs
    assert re.search(r"^\[dry run\] \d+ districts, \d+ streets", outputs[0], re.M), outputs[0]
    assert re.search(r"^\[dry run\] .*articles added: [1-9]", outputs[1], re.M), outputs[1]
    assert "1 added" in outputs[2]
    assert District.objects.count() == districts and not Law.objects.exists() and not ServicePoint.objects.exists()


def test_every_loader_applies_with_commit(boundaries, tmp_path: Path) -> None:
    sites_file = write_csv(tmp_path / "sites.csv", [site("a-1", "甲")])
    districts = District.objects.count()
    assert exit_status("load_boundaries", "--commit") == 0
    assert exit_status("load_policies", "--commit") == 0
    assert exit_status("import_sites", str(sites_file), "--commit") == 0
    assert District.objects.count() > districts and Law.objects.exists() and ServicePoint.objects.count() == 1


def test_a_missing_file_is_exit_status_2(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    assert exit_status("load_boundaries", "--folder", missing, "--commit") == 2
    assert exit_status("load_policies", missing + ".json", "--commit") == 2
    assert exit_status("import_sites", missing + ".csv", "--commit") == 2


def test_invalid_content_is_exit_status_1_and_writes_nothing(boundaries, tmp_path: Path) -> None:
    folder = tmp_path / "boundaries"
    shutil.copytree(DATA / "boundaries", folder)
    districts = json.loads((folder / "districts.geojson").read_text(encoding="utf-8"))
    del districts["features"][3]["properties"]["name"]
    (folder / "districts.geojson").write_text(json.dumps(districts, ensure_ascii=False), encoding="utf-8")
    laws = json.loads((DATA / "policy" / "child_related_laws_articles.json").read_text(encoding="utf-8"))[:3]
    laws[1]["article_no"] = "two"
    (tmp_path / "laws.json").write_text(json.dumps(laws, ensure_ascii=False), encoding="utf-8")
    sites_file = write_csv(tmp_path / "sites.csv", [site("a-1", "甲"), site("a-2", "", lon="east")])
    before = District.objects.count()

    assert exit_status("load_boundaries", "--folder", str(folder), "--commit") == 1
    assert exit_status("load_policies", str(tmp_path / "laws.json"), "--commit") == 1
    assert exit_status("import_sites", str(sites_file), "--commit") == 1
    assert District.objects.count() == before and not Law.objects.exists() and not ServicePoint.objects.exists()
