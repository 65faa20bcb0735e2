"""The service-point admin: stale flags and index count, filters, bulk actions, exports,
pasted AMap/Baidu coordinates, and the audit trail with revert."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from resourcemap.geo.transform import wgs84_to_bd09, wgs84_to_gcj02
from tests.admin.conftest import change_form_data

pytestmark = pytest.mark.django_db
LIST_URL = "/admin/directory/servicepoint/"


@pytest.fixture
def fresh_and_stale(make_site):
    today = date.today()
    fresh = make_site(name="新近核实站", assured_date=today - timedelta(days=10))
    old = make_site(name="久未核实站", assured_date=today - timedelta(days=181))
    never = make_site(name="从未核实站", assured_date=None)
    edge = make_site(name="刚好半年站", assured_date=today - timedelta(days=180))
    return fresh, old, never, edge


def test_it_filters_stale_sites(admin_client, fresh_and_stale):
    page = admin_client.get(LIST_URL, {"stale": "yes"}).text
    assert "久未核实站" in page and "从未核实站" in page
    assert "新近核实站" not in page and "刚好半年站" not in page
    page = admin_client.get(LIST_URL, {"stale": "no"}).text
    assert "新近核实站" in page and "刚好半年站" in page and "久未核实站" not in page


def test_it_flags_stale_sites_in_the_list(admin_client, fresh_and_stale):
    response = admin_client.get(LIST_URL)
    assert {site.name for site in response.context["cl"].result_list} == {
        "新近核实站", "久未核实站", "从未核实站", "刚好半年站"
    }
    # The flag column renders Django's boolean icons: True for the two stale sites.
    assert response.text.count('alt="True"') == 2
    assert response.text.count('alt="False"') == 2


def test_it_counts_stale_sites_on_the_admin_index(admin_client, fresh_and_stale, make_site):
    make_site(name="已关闭旧站", status="closed", assured_date=None)  # closed sites need no check
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert '<strong class="stale-count">2</strong>' in response.text
    assert "?stale=yes" in response.text


def test_it_marks_selected_sites_verified_today_with_history(admin_client, admin_user, fresh_and_stale):
    _, old, never, _ = fresh_and_stale
    response = admin_client.post(
        LIST_URL, {"action": "mark_verified_today", "_selected_action": [old.pk, never.pk]}
    )
    assert response.status_code == 302
    for site in (old, never):
        site.refresh_from_db()
        assert site.assured_date == date.today()
        latest = site.history.first()
        assert latest.history_user == admin_user
        assert latest.assured_date == date.today()
    assert admin_client.get("/admin/").text.count('<strong class="stale-count">0</strong>') == 1


def test_it_temporarily_closes_selected_sites(admin_client, fresh_and_stale):
    fresh = fresh_and_stale[0]
    admin_client.post(LIST_URL, {"action": "temporarily_close", "_selected_action": [fresh.pk]})
    fresh.refresh_from_db()
    assert fresh.status == "temporarily_closed"
    assert fresh.history.first().history_type == "~"


def test_it_exports_the_filtered_list_as_csv(admin_client, fresh_and_stale):
    response = admin_client.get(LIST_URL + "export/csv/", {"stale": "yes"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r["name"] for r in rows) == ["久未核实站", "从未核实站"]
    assert rows[0]["category"] == "party_mass_centre"
    assert float(rows[0]["lon"]) == pytest.approx(114.05)


def test_it_exports_the_search_result_as_xlsx(admin_client, fresh_and_stale):
    response = admin_client.get(LIST_URL + "export/xlsx/", {"q": "新近"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    header, body = values[0], values[1:]
    assert [dict(zip(header, row, strict=True))["name"] for row in body] == ["新近核实站"]


def test_it_exports_geojson_and_keeps_formula_like_text_as_text(admin_client, make_site):
    make_site(name="=HYPERLINK(\"x\")", status="active")
    geo = admin_client.get(LIST_URL + "export/geojson/").json()
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"]["coordinates"] == pytest.approx([114.05, 22.55])
    sheet = load_workbook(io.BytesIO(admin_client.get(LIST_URL + "export/xlsx/").content)).active
    assert sheet.cell(row=2, column=3).value == '=HYPERLINK("x")'
    assert sheet.cell(row=2, column=3).data_type == "s"


def test_it_rejects_an_unknown_export_format(admin_client):
    assert admin_client.get(LIST_URL + "export/pdf/").status_code == 404


@pytest.mark.parametrize(("crs", "forward"), [("gcj02", wgs84_to_gcj02), ("bd09", wgs84_to_bd09)])
def test_it_converts_pasted_amap_or_baidu_coordinates_to_wgs84(admin_client, make_site, crs, forward):
    site = make_site(name="粘贴坐标站")
    true_lon, true_lat = 114.0579, 22.5431
    shown_lon, shown_lat = forward(true_lon, true_lat)
    data = change_form_data(site, paste_coordinates=f"{shown_lon:.6f}, {shown_lat:.6f}", paste_crs=crs)
    response = admin_client.post(f"{LIST_URL}{site.pk}/change/", data)
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.location.x == pytest.approx(true_lon, abs=2e-6)
    assert site.location.y == pytest.approx(true_lat, abs=2e-6)


def test_it_explains_unreadable_pasted_coordinates(admin_client, make_site):
    site = make_site(name="粘贴坐标站")
    response = admin_client.post(f"{LIST_URL}{site.pk}/change/", change_form_data(site, paste_coordinates="114.05"))
    assert response.status_code == 200
    assert "paste_coordinates" in response.context["adminform"].form.errors


def test_it_records_an_admin_edit_and_reverts_it_from_the_history(admin_client, admin_user, make_site):
    site = make_site(name="原名站", phones=["0755-11111111"])
    admin_client.post(f"{LIST_URL}{site.pk}/change/", change_form_data(site, name="改后名站", phones="0755-22222222"))
    site.refresh_from_db()
    assert site.name == "改后名站"
    edit = site.history.first()
    assert edit.history_user == admin_user
    assert {"name", "phones"} <= set(edit.diff_against(edit.prev_record).changed_fields)

    history_page = admin_client.get(f"{LIST_URL}{site.pk}/history/")
    assert history_page.status_code == 200 and "改后名站" in history_page.text

    original = site.history.last()
    revert_url = f"{LIST_URL}{site.pk}/history/{original.history_id}/"
    form_page = admin_client.get(revert_url)
    assert form_page.status_code == 200
    revert_data = change_form_data(original.instance)
    assert admin_client.post(revert_url, revert_data).status_code == 302
    site.refresh_from_db()
    assert site.name == "原名站" and site.phones == ["0755-11111111"]
    assert site.history.count() == 3


def test_it_shows_the_map_widget_without_inline_script(admin_client, make_site):
    site = make_site()
    page = admin_client.get(f"{LIST_URL}{site.pk}/change/").text
    assert "data-location-widget" in page
    assert "staff/location_widget.js" in page
    body = page.split("<body", 1)[1]
    scripts = [chunk.split(">", 1)[0] for chunk in body.split("<script")[1:]]
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts), scripts
    json.loads(page.split('id="id_location-map-options" type="application/json">', 1)[1].split("</script>")[0])


def test_it_links_the_exports_with_the_current_filters(admin_client, fresh_and_stale):
    page = admin_client.get(LIST_URL, {"stale": "yes"}).text
    for fmt in ("csv", "xlsx", "geojson"):
        assert f"{LIST_URL}export/{fmt}/?stale=yes" in page


def test_it_counts_only_an_editors_own_stale_sites(education_editor, make_site):
    from resourcemap.directory.models import Organization

    make_site(assured_date=None, organization=Organization.objects.get(code="education"))
    make_site(assured_date=None, organization=Organization.objects.get(code="health"))
    assert '<strong class="stale-count">1</strong>' in education_editor.get("/admin/").text
