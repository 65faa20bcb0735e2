"""Every CSV/XLSX export keeps formula-like text as text (one guard: resourcemap.spreadsheet),
and the importer reads an edited export back unchanged."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil.example/","Click")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "＝1+1"]
EXPORT_URL = "/admin/directory/servicepoint/export/"


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.fixture
def hostile_sites(make_site):
    return [make_site(name=payload, description=payload, phones=["+86 755 8300 0000"]) for payload in PAYLOADS]


def test_the_staff_csv_export_writes_formulas_as_text(admin_client, hostile_sites):
    exported = cells(admin_client.get(EXPORT_URL + "csv/").content.decode("utf-8-sig"))
    for payload in PAYLOADS:
        assert "'" + payload in exported
        assert payload not in exported
    assert "'+86 755 8300 0000" in exported


def test_the_staff_xlsx_export_stores_formulas_as_string_cells(admin_client, hostile_sites):
    sheet = load_workbook(io.BytesIO(admin_client.get(EXPORT_URL + "xlsx/").content)).active
    names = {sheet.cell(row=r, column=3).value: sheet.cell(row=r, column=3).data_type for r in range(2, 6)}
    assert names == {payload: "s" for payload in PAYLOADS}


def test_the_hsds_csv_export_writes_formulas_as_text(hostile_sites, tmp_path: Path):
    call_command("export_hsds", str(tmp_path / "hsds"), stdout=io.StringIO())
    written = [cell for path in (tmp_path / "hsds").glob("*.csv") for cell in cells(path.read_text("utf-8"))]
    assert not [cell for cell in written if cell.startswith(("=", "+", "-", "@", "＝"))]
    assert "'" + PAYLOADS[0] in written and "'=cmd|' /C calc'!A0" in written


def test_an_exported_list_imports_again_unchanged(admin_client, boundaries, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = "/admin/loaders/importrun/upload/"
    header = "external_id,name,category,organization,address,lon,lat,phone\n"
    rows = "".join(f'h-{n},"{p.replace(chr(34), chr(34) * 2)}",party_mass_centre,civil_affairs,深圳市,114.02,22.52,'
                   f"+86 755 8300 000{n}\n" for n, p in enumerate(PAYLOADS))
    for content in ((header + rows).encode(), None):
        if content is None:  # the second round: the staff export of what the first one imported
            content = admin_client.get(EXPORT_URL + "csv/").content
        response = admin_client.post(upload, {"file": SimpleUploadedFile("list.csv", content), "source": "manual",
                                              "crs": "wgs84", "mode": "update", "sheet": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
        page = admin_client.get(response["Location"])
        token = re.search(r"/preview/([^/]+)/", response["Location"]).group(1)
        counts = page.context["counts"]
        if counts["added"]:
            admin_client.post(f"/admin/loaders/importrun/preview/{token}/confirm/")
    assert (counts["added"], counts["changed"], counts["unchanged"], counts["invalid"]) == (0, 0, 4, 0)
    from resourcemap.directory.models import ServicePoint

    assert sorted(ServicePoint.objects.values_list("name", flat=True)) == sorted(PAYLOADS)
