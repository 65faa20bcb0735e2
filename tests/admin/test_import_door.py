"""The admin import door: upload -> preview -> confirm -> result, on the same core as
import_sites, with the history list and the stored file."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from loaders.models import ImportRun
from resourcemap.directory.models import ServicePoint
from tests.admin.conftest import change_form_data

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/admin/loaders/importrun/upload/"
HISTORY_URL = "/admin/loaders/importrun/"

HEADER = "external_id,name,category,organization,address,lon,lat,phone,assured_date\n"
TWO_SITES = HEADER + (
    "d-1,福田儿童之家,party_mass_centre,party_mass,福田路1号,114.05,22.54,0755-11111111,2026-10-01\n"
    "d-2,南园儿童之家,party_mass_centre,party_mass,南园路2号,114.06,22.55,0755-22222222,2026-10-01\n"
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client: Client, content: bytes, name: str = "sites.csv", **fields: Any) -> Any:
    data = {"source": "district-office", "crs": "wgs84", "mode": "update", "sheet": ""}
    data.update(fields)
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(UPLOAD_URL, data)


def preview(client: Client, content: bytes, name: str = "sites.csv", **fields: Any) -> tuple[str, Any]:
    response = upload(client, content, name, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    token = re.search(r"/preview/([^/]+)/", response["Location"]).group(1)
    return token, page


def confirm(client: Client, token: str) -> Any:
    return client.post(f"/admin/loaders/importrun/preview/{token}/confirm/")


def imported(client: Client, content: bytes, **fields: Any) -> ImportRun:
    token, _ = preview(client, content, **fields)
    response = confirm(client, token)
    assert "/result/" in response["Location"]
    return ImportRun.objects.latest("pk")


def test_it_previews_without_writing_then_applies_on_confirm(admin_client, admin_user):
    token, page = preview(admin_client, TWO_SITES.encode())
    assert page.context["counts"]["added"] == 2
    assert "福田儿童之家" in page.text and "南园儿童之家" in page.text
    assert 'name="confirm"' in page.text
    assert not ServicePoint.objects.exists()

    response = confirm(admin_client, token)
    assert response.status_code == 302
    result = admin_client.get(response["Location"])
    assert result.status_code == 200
    sites = ServicePoint.objects.filter(source="district-office").order_by("external_id")
    assert [s.name for s in sites] == ["福田儿童之家", "南园儿童之家"]
    run = ImportRun.objects.get()
    assert (run.user, run.file_name, run.mode, run.added) == (admin_user, "sites.csv", "update", 2)
    assert run.sha256 == hashlib.sha256(TWO_SITES.encode()).hexdigest()
    # The same token cannot be applied twice.
    assert confirm(admin_client, token).status_code == 404


def test_it_records_the_import_in_each_sites_history(admin_client, admin_user):
    run = imported(admin_client, TWO_SITES.encode())
    site = ServicePoint.objects.get(external_id="d-1")
    entry = site.history.get()
    assert entry.history_user_id == admin_user.pk
    assert entry.history_type == "+"
    assert entry.history_change_reason == run.change_reason
    history_page = admin_client.get(f"/admin/directory/servicepoint/{site.pk}/history/")
    assert run.change_reason in history_page.text


def test_it_shows_changed_fields_old_to_new_and_the_unchanged_count(admin_client):
    imported(admin_client, TWO_SITES.encode())
    changed = TWO_SITES.replace("0755-11111111", "0755-33333333")
    _, page = preview(admin_client, changed.encode())
    assert page.context["counts"] == {**page.context["counts"], "added": 0, "changed": 1, "unchanged": 1}
    table = page.text.split('id="import-changed"', 1)[1].split("</table>", 1)[0]
    assert "phone" in table and "0755-11111111" in table and "0755-33333333" in table


def test_it_retires_sites_missing_from_a_full_list(admin_client):
    imported(admin_client, TWO_SITES.encode())
    only_first = HEADER + TWO_SITES.splitlines()[1] + "\n"
    token, page = preview(admin_client, only_first.encode(), mode="full_list")
    assert page.context["counts"]["retired"] == 1
    assert "南园儿童之家" in page.text.split('id="import-retired"', 1)[1]
    confirm(admin_client, token)
    assert ServicePoint.objects.get(external_id="d-2").status == "closed"
    assert ServicePoint.objects.get(external_id="d-1").status == "active"


def test_it_imports_a_gbk_file_with_chinese_headers(admin_client):
    content = (
        "编号,机构名称,服务类型,主管部门,详细地址,经度,纬度,联系电话\n"
        "g-1,莲花儿童服务站,party_mass_centre,party_mass,莲花路3号,114.055,22.56,0755-44444444\n"
    ).encode("gbk")
    run = imported(admin_client, content)
    site = ServicePoint.objects.get(external_id="g-1")
    assert (site.name, site.address, site.phones) == ("莲花儿童服务站", "莲花路3号", ["0755-44444444"])
    assert run.sha256 == hashlib.sha256(content).hexdigest()


def test_it_imports_an_xlsx_file_with_gcj02_coordinates(admin_client):
    from resourcemap.geo.transform import wgs84_to_gcj02

    lon, lat = wgs84_to_gcj02(114.05, 22.54)
    workbook = Workbook()
    workbook.active.append(["external_id", "name", "category", "lon", "lat"])
    workbook.active.append(["x-1", "表格儿童之家", "party_mass_centre", lon, lat])
    out = io.BytesIO()
    workbook.save(out)
    imported(admin_client, out.getvalue(), crs="gcj02", name="sites.xlsx")
    site = ServicePoint.objects.get(external_id="x-1")
    assert (site.location.x, site.location.y) == (pytest.approx(114.05, abs=1e-6), pytest.approx(22.54, abs=1e-6))


def test_it_lists_every_invalid_row_and_changes_nothing(admin_client):
    imported(admin_client, TWO_SITES.encode())
    before = list(ServicePoint.objects.order_by("pk").values())
    bad = HEADER + (
        "d-1,福田儿童之家,party_mass_centre,party_mass,福田路1号,114.05,22.54,0755-99999999,2026-10-01\n"
        "d-3,,party_mass_centre,party_mass,,114.05,22.54,,2026-10-01\n"
        "d-4,坏日期站,party_mass_centre,party_mass,,114.05,22.54,,2026-13-45\n"
    )
    token, page = preview(admin_client, bad.encode())
    errors = page.text.split('id="import-errors"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<td>3</td><td>name</td>", errors)
    assert re.search(r"<td>4</td><td>assured_date</td><td>2026-13-45</td>", errors)
    assert 'name="confirm"' not in page.text

    forced = confirm(admin_client, token)  # a crafted POST is refused by the core too
    assert forced.status_code == 302
    assert list(ServicePoint.objects.order_by("pk").values()) == before
    assert ImportRun.objects.count() == 1


def test_it_explains_an_unusable_file_on_the_upload_form(admin_client):
    response = upload(admin_client, b"foo,bar\n1,2\n")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    response = upload(admin_client, b"hello", name="sites.txt")
    assert "file" in response.context["form"].errors
    response = upload(admin_client, TWO_SITES.encode(), mode="full_list", skip_invalid="on")
    assert "skip_invalid" in response.context["form"].errors


def test_it_validates_again_when_the_sites_changed_since_the_preview(admin_client):
    imported(admin_client, TWO_SITES.encode())
    site = ServicePoint.objects.get(external_id="d-1")
    changed = TWO_SITES.replace("0755-11111111", "0755-33333333")
    token, page = preview(admin_client, changed.encode())
    assert page.context["counts"]["changed"] == 1

    # Meanwhile someone edits the other site in the admin: the previewed plan is out of date.
    other = ServicePoint.objects.get(external_id="d-2")
    admin_client.post(f"/admin/directory/servicepoint/{other.pk}/change/", change_form_data(other, name="南园新名"))
    response = confirm(admin_client, token)
    assert response["Location"].endswith(f"/preview/{token}/")
    new_preview = admin_client.get(response["Location"])
    assert new_preview.context["counts"]["changed"] == 2  # the file would now also undo the rename
    site.refresh_from_db()
    assert site.phones == ["0755-11111111"]  # nothing applied yet

    confirm(admin_client, token)
    site.refresh_from_db()
    assert site.phones == ["0755-33333333"]
    assert ServicePoint.objects.get(external_id="d-2").name == "南园儿童之家"


def test_it_lists_imports_and_returns_the_uploaded_file(admin_client):
    run = imported(admin_client, TWO_SITES.encode())
    history = admin_client.get(HISTORY_URL)
    assert history.status_code == 200
    assert run.sha256 in history.text and "sites.csv" in history.text
    download = admin_client.get(f"/admin/loaders/importrun/{run.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == TWO_SITES.encode()
    assert 'filename="sites.csv"' in download["Content-Disposition"]


def test_it_keeps_imports_for_data_administrators(education_editor, read_only, data_admin):
    assert education_editor.get(UPLOAD_URL).status_code == 403
    assert read_only.get(UPLOAD_URL).status_code == 403
    assert read_only.get(HISTORY_URL).status_code == 200
    assert data_admin.get(UPLOAD_URL).status_code == 200


def test_it_refuses_another_sessions_pending_import(admin_client, data_admin):
    token, _ = preview(admin_client, TWO_SITES.encode())
    assert data_admin.get(f"/admin/loaders/importrun/preview/{token}/").status_code == 404
    assert confirm(data_admin, token).status_code == 404
    assert not ServicePoint.objects.exists()


def test_it_reverts_an_imported_change_from_the_history(admin_client):
    imported(admin_client, TWO_SITES.encode())
    imported(admin_client, TWO_SITES.replace("福田儿童之家", "福田儿童之家（改）").encode())
    site = ServicePoint.objects.get(external_id="d-1")
    assert site.name == "福田儿童之家（改）"
    before_import = site.history.order_by("history_date", "history_id").first()
    url = f"/admin/directory/servicepoint/{site.pk}/history/{before_import.history_id}/"
    assert admin_client.post(url, change_form_data(before_import.instance)).status_code == 302
    site.refresh_from_db()
    assert site.name == "福田儿童之家"


def test_it_reimports_its_own_export_as_unchanged(admin_client, boundaries):
    imported(admin_client, TWO_SITES.encode())
    exported = admin_client.get("/admin/directory/servicepoint/export/csv/").content
    _, page = preview(admin_client, exported)
    counts = page.context["counts"]
    assert (counts["added"], counts["changed"], counts["unchanged"], counts["invalid"]) == (0, 0, 2, 0), (
        page.context["plan"].changed
    )


def test_the_preview_keeps_the_records_apart_and_a_plan_stored_whole_still_applies(admin_client, settings):
    from loaders.admin_flow import PendingImport
    from loaders.plan import Plan

    token, _ = preview(admin_client, TWO_SITES.encode())
    pending = PendingImport(token, settings.MEDIA_ROOT / "imports-pending" / token)
    # The preview and the confirm read plan.json, which no longer carries the records.
    assert '"records": []' in (pending.directory / "plan.json").read_text("utf-8")
    assert len((pending.directory / "records.jsonl").read_text("utf-8").splitlines()) == 2
    # A preview stored before the records were kept apart (one plan.json with them) applies too.
    whole = pending.plan_to_apply()
    whole.records = [{**r, "opening_hours": []} for r in whole.records]
    (pending.directory / "plan.json").write_text(whole.to_json(), "utf-8")
    (pending.directory / "records.jsonl").unlink()
    assert len(Plan.from_json((pending.directory / "plan.json").read_text("utf-8")).records) == 2

    assert "/result/" in confirm(admin_client, token)["Location"]
    assert set(ServicePoint.objects.values_list("name", flat=True)) == {"福田儿童之家", "南园儿童之家"}


def test_a_plan_read_without_its_records_is_never_applied_as_nothing(admin_client, settings):
    from loaders.admin_flow import PendingImport
    from loaders.core import UnusableFile, apply

    token, _ = preview(admin_client, TWO_SITES.encode())
    pending = PendingImport(token, settings.MEDIA_ROOT / "imports-pending" / token)
    with pytest.raises(UnusableFile, match="缺少记录"):  # "the plan’s records are missing"
        apply(pending.plan, content=pending.content)  # the preview's plan: counts, no records
    assert not ServicePoint.objects.exists() and not ImportRun.objects.exists()
