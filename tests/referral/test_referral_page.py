"""/referral/: the planner page, its print stylesheet, CSV download and shareable link."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

QUERY = {"lat": "22.55", "lon": "114.05", "needs": ["hospital", "party_mass_centre"], "per_need": "2"}


def test_it_shows_an_empty_form_first(client, referral_sites):
    response = client.get("/referral/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="needs"' in html and 'value="hospital"' in html
    assert "<script>" not in html and "style=" not in html


def test_it_renders_the_plan_from_the_url(client, referral_sites):
    response = client.get("/referral/", QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("近医院") < html.index("中医院") < html.index("园岭党群服务中心")
    assert "远医院" not in html  # per_need=2
    assert "关闭医院" not in html and "暂停医院" not in html
    assert "0755-1" in html and "福田区一路1号" in html and "所有儿童" in html and "24/7" in html
    assert "Ages 0–14" in html or "0–14" in html
    assert "no-store" in response["Cache-Control"]


def test_it_offers_a_shareable_link_that_reproduces_the_plan(client, referral_sites):
    html = client.get("/referral/", QUERY).content.decode()
    start = html.index('id="share-link"')
    share = html[start:].split('value="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "lat=22.55" in share and "needs=hospital" in share
    again = client.get(share.replace("http://testserver", ""))
    assert again.status_code == 200 and "近医院" in again.content.decode()


def test_it_locates_a_typed_address(client, referral_sites, settings):
    settings.GEOCODER = ""
    response = client.get("/referral/", {"address": "深圳市福田区园岭街道某路", "needs": "party_mass_centre"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "园岭党群服务中心" in html and "园岭街道" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"needs": "hospital"}, "address"),
        ({"lat": "22.5", "needs": "hospital"}, "lon"),
        ({"lat": "x", "lon": "114", "needs": "hospital"}, "lat"),
        ({"lat": "22.5", "lon": "114"}, "needs"),
        ({"lat": "22.5", "lon": "114", "needs": "bogus"}, "needs"),
        ({"lat": "22.5", "lon": "114", "needs": "hospital", "age": "-2"}, "age"),
        ({"address": "火星某路", "needs": "hospital"}, "address"),
    ],
)
def test_it_explains_bad_input(client, referral_sites, settings, query, field):
    settings.GEOCODER = ""
    response = client.get("/referral/", query)
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_it_downloads_the_plan_as_csv(client, referral_sites):
    response = client.get("/referral/plan.csv", QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, lines = rows[0], rows[1:]
    assert len(header) == 13
    assert [line[2] for line in lines] == ["近医院", "中医院", "园岭党群服务中心"]
    first = lines[0]
    assert first[1] == "1" and 100 < int(first[4]) < 110 and first[5] == "0755-1" and first[8] == "福田区一路1号"
    assert client.get("/referral/plan.csv", {"needs": "hospital"}).status_code == 400


def test_it_has_an_a4_print_stylesheet(client, referral_sites):
    html = client.get("/referral/", QUERY).content.decode()
    assert "referral/referral.css" in html
    css = Path(finders.find("referral/referral.css")).read_text()
    print_block = css[css.index("@media print"):]
    assert "size: A4" in print_block
    assert ".no-print" in print_block and "display: none" in print_block


def test_it_speaks_each_language(client, referral_sites):
    assert "转介计划" in client.get("/referral/").content.decode()
    assert "轉介計劃" in client.get("/zh-hant/referral/").content.decode()
    assert "Referral plan" in client.get("/en/referral/").content.decode()


def test_it_keeps_formula_like_text_as_text_in_the_csv(client, make_site):
    make_site(name="=HYPERLINK(\"http://evil.example/\",\"Click\")", category="hospital", lon=114.0501, lat=22.5501,
              address="@SUM(1+1)", phones=["+1+cmd|' /C calc'!A0"])
    body = client.get("/referral/plan.csv", {"lat": 22.55, "lon": 114.05, "needs": "hospital"}).content.decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil.example/\",\"Click\")" in cells
    assert "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_it_plans_from_a_post_and_keeps_the_address_out_of_links(client, referral_sites, settings):
    settings.GEOCODER = ""
    response = client.post("/en/referral/", {"address": "深圳市福田区园岭街道某路", "needs": "party_mass_centre"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "园岭党群服务中心" in html
    assert "园岭街道某路" not in html.split('id="plan"', 1)[1].split("plan-meta", 1)[1]  # not in links or fields
    share = html.split('id="share-link"', 1)[1].split('value="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    query = share.split("?", 1)[1]
    assert set(part.split("=")[0] for part in query.split("&")) == {"lat", "lon", "needs"}
    assert all(len(part.split("=")[1].split(".")[1]) == 3 for part in query.split("&") if part[:3] in ("lat", "lon"))
    assert 'href="/en/sites/' in html  # the plan's links keep the language


def test_it_prints_ages_as_whole_years_with_the_date_and_sources(client, referral_sites, make_site):
    make_site(name="幼儿医院", category="hospital", lon=114.051, lat=22.551, min_age=3, max_age=6)
    html = client.post("/referral/", {"lat": "22.55", "lon": "114.05", "needs": "hospital", "age": "4"}).content.decode()
    assert "3–6 岁" in html and "3.0" not in html
    assert "儿童年龄：4." in html  # not "4.0"
    assert "计划生成于" in html and "目录数据最后更新于" in html
    assert "数据来源：" in html and "test" in html


def test_it_downloads_the_csv_by_post(client, referral_sites):
    response = client.post("/referral/plan.csv", {"lat": "22.55", "lon": "114.05", "needs": "hospital"})
    assert response.status_code == 200
    assert "近医院" in response.content.decode("utf-8-sig")
