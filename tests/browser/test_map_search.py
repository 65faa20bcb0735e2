"""Searching and filtering on the map, in Chromium: the list, the markers and the URL agree."""

from __future__ import annotations

import pytest

from tests.browser.helpers import after_render, open_map, result_names, submit_search

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sites(make_site, boundaries):
    return {
        "hospital": make_site(name="深圳市儿童医院", category="childrens_hospital", lon=114.0512, lat=22.5413,
                              district=boundaries["futian"], fee_free=False),
        "special": make_site(name="深圳元平特殊教育学校", category="special_school", lon=113.98, lat=22.58,
                             min_age=6, max_age=18, fee_free=True),
        "kinder": make_site(name="葵涌中心幼儿园", category="kindergarten", lon=114.42, lat=22.63, min_age=3,
                            max_age=6, district=boundaries["longgang"]),
        "centre": make_site(name="园岭街道百花社区党群服务中心", category="party_mass_centre", lon=114.09,
                            lat=22.55, location_precision="community", district=boundaries["futian"]),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [("儿童医院", "深圳市儿童医院"), ("兒童醫院", "深圳市儿童医院"), ("特教", "深圳元平特殊教育学校"),
     ("etyy", "深圳市儿童医院"), ("ertongyiyuan", "深圳市儿童医院"), ("葵", "葵涌中心幼儿园")],
)
def test_it_finds_sites_as_people_type_them(live_server, page, sites, query, expected):
    open_map(page, live_server.url + "/")
    submit_search(page, query)
    assert result_names(page) == [expected]
    assert page.locator(".site-marker").count() + page.locator(".marker-cluster").count() == 1
    assert page.errors == []


def test_it_shows_help_and_the_hotline_when_nothing_matches(live_server, page, sites):
    open_map(page, live_server.url + "/")
    submit_search(page, "不存在的机构名称")
    empty = page.locator("#empty-state")
    assert empty.is_visible()
    assert empty.locator("a[href^='tel:12345']").is_visible()
    assert "etyy" in empty.inner_text()


def test_it_applies_each_filter_and_keeps_it_in_the_url(live_server, page, sites):
    open_map(page, live_server.url + "/")
    page.click(".filters summary")

    def names_after(action) -> set[str]:
        after_render(page, action)
        return set(result_names(page))

    assert names_after(lambda: page.check("input[name=category][value=special_school]")) == {"深圳元平特殊教育学校"}
    assert names_after(lambda: page.check("input[name=category][value=kindergarten]")) == {
        "深圳元平特殊教育学校", "葵涌中心幼儿园"}
    assert "category=special_school&category=kindergarten" in page.url
    assert names_after(lambda: page.click("#clear-filters")) == {s.name for s in sites.values()}
    assert names_after(lambda: page.select_option("#id_district", "440304")) == {
        "深圳市儿童医院", "园岭街道百花社区党群服务中心"}
    assert len(names_after(lambda: page.select_option("#id_district", ""))) == 4

    def fill_age() -> None:
        page.fill("#id_age", "4")
        page.press("#id_age", "Enter")

    assert names_after(fill_age) == {"深圳市儿童医院", "葵涌中心幼儿园", "园岭街道百花社区党群服务中心"}
    assert names_after(lambda: page.check("#id_free")) == set()
    assert len(names_after(lambda: page.click("#clear-filters"))) == 4
    assert names_after(lambda: page.check("#id_free")) == {"深圳元平特殊教育学校"}
    assert "free=on" in page.url
    names_after(page.go_back)
    assert "free" not in page.url
    assert not page.is_checked("#id_free")
    assert len(result_names(page)) == 4
    assert page.errors == []


def test_it_restores_a_shared_search_from_the_url(live_server, page, sites):
    open_map(page, live_server.url + "/?q=%E7%89%B9%E6%95%99&open=")
    page.wait_for_selector("#results[data-rendered]", state="attached")
    assert page.input_value("#id_q") == "特教"
    assert result_names(page) == ["深圳元平特殊教育学校"]
    assert page.locator(".site-marker").count() == 1


def test_it_offers_the_open_now_filter(live_server, page, make_site):
    from django.utils import timezone

    today = timezone.localtime().weekday()
    make_site(name="全天开放的救助站", category="relief_station",
              opening_hours=[{"day": today, "opens": "00:00", "closes": "24:00"}])
    make_site(name="明天才开的站点", category="relief_station",
              opening_hours=[{"day": (today + 1) % 7, "opens": "09:00", "closes": "10:00"}])
    open_map(page, live_server.url + "/")
    page.click(".filters summary")
    after_render(page, lambda: page.check("#id_open"))
    assert result_names(page) == ["全天开放的救助站"]
    assert page.locator("#results .flag.open").count() == 1


def test_a_capped_count_says_more_than_on_the_page_and_after_a_search(live_server, page, sites, monkeypatch):
    """Past the count cap (1000 at full size, 2 here) the server-rendered list and the list the
    script renders both say "more than", never a number pretending to be exact."""
    from resourcemap.public import search_answers

    monkeypatch.setattr(search_answers, "COUNT_CAP", 2)
    search_answers.kept_answers.clear()
    try:
        open_map(page, live_server.url + "/?category=special_school")
        assert page.locator("#status").inner_text().startswith("找到 1 个地点")
        after_render(page, lambda: page.click("#clear-filters"))
        assert page.locator("#status").inner_text().startswith("超过 2 个地点")  # map.js, from results.json
        assert len(result_names(page)) == 4
        open_map(page, live_server.url + "/")
        assert page.locator("#status").inner_text().startswith("超过 2 个地点")  # the server-rendered page
        assert page.errors == []
    finally:
        search_answers.kept_answers.clear()
