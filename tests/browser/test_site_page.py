"""A site's page in Chromium: its small map, accessibility, and the README screenshot."""

from __future__ import annotations

import pytest

from tests.browser.helpers import SCREENSHOTS, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hospital(make_site):
    from resourcemap.directory.models import Organization

    return make_site(
        name="深圳市儿童医院", alternate_name="市儿童医院", category="childrens_hospital",
        organization=Organization.objects.get(code="health"), address="深圳市福田区益田路7019号",
        lon=114.0512, lat=22.5413, phones=["0755-83936101"],
        opening_hours=[{"day": d, "opens": "08:00", "closes": "17:30"} for d in range(5)]
        + [{"day": d, "opens": "08:00", "closes": "12:00"} for d in (5, 6)],
        hours_note="急诊 24 小时开放", min_age=0, max_age=18, fee_free=False, fees="按医保标准收费",
        languages=["普通话", "粤语", "English"], accessibility="无障碍通道、母婴室、儿童推车租借",
        description="儿科急诊；儿童保健；儿童心理门诊；新生儿疾病筛查",
    )


def test_it_shows_the_site_with_its_map_and_passes_axe(live_server, page, hospital):
    page.goto(f"{live_server.url}/sites/{hospital.pk}/")
    page.wait_for_selector("#site-map .site-marker")
    assert page.inner_text("h1") == "深圳市儿童医院"
    assert page.locator("a[href='tel:075583936101']").first.is_visible()  # the call button, then the list
    assert page.locator("a[data-provider=amap]").get_attribute("href").startswith("https://uri.amap.com/")
    assert page.locator(f"a[href='/feedback/report/{hospital.pk}/']").is_visible()
    assert serious_axe_violations(page) == []
    assert page.errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site.png"), full_page=True)
    assert (SCREENSHOTS / "site.png").stat().st_size > 10_000


def test_it_fits_a_phone(live_server, page, hospital):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/en/sites/{hospital.pk}/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.locator(".hotline a[href^='tel:']").first.is_visible()
    assert serious_axe_violations(page) == []
