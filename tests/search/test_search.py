"""Search as people type it: simplified or traditional, 1-2 characters, abbreviations, pinyin."""

from __future__ import annotations

import pytest

from resourcemap.directory.models import ServicePoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(make_site):
    return {
        "hospital": make_site(name="深圳市儿童医院", category="childrens_hospital", address="福田区益田路7019号"),
        "maternal": make_site(name="深圳市妇幼保健院", category="maternal_child_health", address="福田区红荔路2004号"),
        "special": make_site(name="深圳元平特殊教育学校", category="special_school", address="南山区西丽"),
        "centre": make_site(
            name="园岭街道百花社区党群服务中心", category="party_mass_centre", description="儿童之家 四点半课堂"
        ),
        "kindergarten": make_site(name="福田区机关幼儿园", category="kindergarten", address="福田区新洲路"),
        "protection": make_site(
            name="深圳市未成年人保护中心", alternate_name="市未保中心", category="minor_protection"
        ),
    }


def names(text: str) -> list[str]:
    return [site.name for site in ServicePoint.objects.search(text)]


def test_it_finds_simplified_and_traditional_alike(sites):
    assert names("儿童医院")[0] == "深圳市儿童医院"
    assert names("兒童醫院")[0] == "深圳市儿童医院"
    assert names("婦幼保健院") == ["深圳市妇幼保健院"]


def test_it_answers_one_and_two_character_queries(sites):
    assert "深圳市儿童医院" in names("儿")
    assert set(names("幼儿")) == {"福田区机关幼儿园"}
    assert names("园岭") == ["园岭街道百花社区党群服务中心"]
    assert names("鸭") == []


def test_it_expands_abbreviations_and_aliases(sites):
    assert names("特教") == ["深圳元平特殊教育学校"]
    assert names("未保") == ["深圳市未成年人保护中心"]
    # A category alias (儿童之家 for party-mass centres) and the site's own alternate name.
    assert "园岭街道百花社区党群服务中心" in names("儿童之家")
    assert names("市未保中心") == ["深圳市未成年人保护中心"]


def test_it_matches_pinyin_full_and_initials(sites):
    assert names("ertongyiyuan") == ["深圳市儿童医院"]
    assert names("etyy") == ["深圳市儿童医院"]
    assert names("ErTong YiYuan") == ["深圳市儿童医院"]
    assert names("szsfybjy") == ["深圳市妇幼保健院"]


def test_it_ranks_exact_then_prefix_then_contains(make_site):
    make_site(name="福田区第二儿童之家", category="party_mass_centre")
    make_site(name="儿童之家服务站", category="party_mass_centre")
    make_site(name="儿童之家", category="party_mass_centre")
    make_site(name="梅林社区党群服务中心", category="party_mass_centre")  # category alias only
    assert names("儿童之家") == ["儿童之家", "儿童之家服务站", "福田区第二儿童之家", "梅林社区党群服务中心"]


def test_it_ranks_pinyin_prefix_before_pinyin_inside(make_site):
    make_site(name="福田幼儿园", category="kindergarten")
    make_site(name="幼儿园福田分园", category="kindergarten")
    assert names("youer") == ["幼儿园福田分园", "福田幼儿园"]


def test_it_requires_every_space_separated_term(sites):
    assert names("福田 幼儿园") == ["福田区机关幼儿园"]
    assert names("福田 特教") == []


def test_it_ignores_punctuation_and_empty_queries(sites):
    assert len(names("  ")) == len(sites)
    assert names("「儿童医院」")[0] == "深圳市儿童医院"
    assert names("100%") == []
    assert names("儿_医") == []
