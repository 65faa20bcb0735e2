"""The category ↔ article mapping, both ways, its admin and the legal-basis include."""

from __future__ import annotations

from django.template import Context, Template

from resourcemap.policies.mapping import category_codes_for, legal_basis_for
from resourcemap.policies.models import Article, CategoryArticleLink
from tests.policies.conftest import shipped_rows


def numbers(articles: list[Article], short_name: str) -> list[int]:
    return [a.number for a in articles if a.law.short_name == short_name]


def article(short_name: str, number: int) -> Article:
    return Article.objects.current().get(law__short_name=short_name, number=number)


def test_it_grounds_special_schools_in_the_special_education_articles(policies):
    basis = legal_basis_for("special_school")
    assert numbers(basis, "义务教育法") == [19]
    education_chapter = [r["article_no"] for r in shipped_rows()
                         if r["law_short"] == "残疾人保障法" and r["chapter"] == "第三章 教育"]
    assert numbers(basis, "残疾人保障法") == education_chapter != []


def test_it_maps_a_whole_chapter_and_a_whole_law(policies):
    government = [r["article_no"] for r in shipped_rows()
                  if r["law_short"] == "未成年人保护法" and r["chapter"] == "第六章 政府保护"]
    assert set(government) <= set(numbers(legal_basis_for("minor_protection"), "未成年人保护法"))
    relief = numbers(legal_basis_for("relief_station"), "城市生活无着的流浪乞讨人员救助管理办法")
    assert relief == list(range(1, 19))


def test_it_shows_the_mandatory_reporting_article_for_the_hotline(policies):
    assert legal_basis_for("hotline")[0] == article("未成年人保护法", 11)


def test_it_finds_the_categories_an_article_grounds(policies):
    # 第十九条 is mapped to special schools itself and sits in the chapter on schools.
    assert set(category_codes_for(article("义务教育法", 19))) == {"special_school", "primary_school",
                                                                  "secondary_school"}
    # 第九十二条 is in the chapter on government protection and mapped to relief stations itself.
    assert set(category_codes_for(article("未成年人保护法", 92))) == {"minor_protection", "relief_station"}
    assert "hotline" not in category_codes_for(article("未成年人保护法", 11))
    assert category_codes_for(article("未成年人保护法", 1)) == []


def test_it_renders_legal_basis_links_for_a_category(policies):
    html = Template('{% load policies_tags %}{% legal_basis code %}').render(Context({"code": "special_school"}))
    assert 'href="/policies/yiwujiaoyufa/2018-12-29/19/"' in html
    assert "义务教育法 第十九条" in html
    assert 'href="/policies/categories/special_school/"' in html
    assert html.count("<li>") == 6  # the default limit; the category page lists the rest


def test_it_saves_a_mapping_row_edited_in_the_admin(admin_client, policies):
    from resourcemap.directory.models import Category

    url = "/admin/policies/categoryarticlelink/add/"
    kindergarten = Category.objects.get(code="kindergarten").pk
    bad = admin_client.post(url, {"category": kindergarten, "law_slug": "yiwujiaoyufa",
                                  "article_number": "999", "chapter": "", "sort_order": "1"})
    assert bad.status_code == 200 and "义务教育法 has no article 999" in bad.content.decode()
    missing = admin_client.post(url, {"category": "999999", "law_slug": "yiwujiaoyufa",
                                      "article_number": "4", "chapter": "", "sort_order": "1"})
    assert missing.status_code == 200 and "errorlist" in missing.content.decode()  # no link to no category
    good = admin_client.post(url, {"category": kindergarten, "law_slug": "yiwujiaoyufa",
                                   "article_number": "4", "chapter": "", "sort_order": "1"})
    assert good.status_code == 302
    assert CategoryArticleLink.objects.filter(category__code="kindergarten", article_number=4).exists()
    assert "kindergarten" in category_codes_for(article("义务教育法", 4))
    assert 4 in numbers(legal_basis_for("kindergarten"), "义务教育法")


def test_a_kept_legal_basis_follows_an_edit_in_the_admin(admin_client, policies):
    before = legal_basis_for("kindergarten")
    assert legal_basis_for("kindergarten") == before  # answered from the per-version memo
    assert 4 not in numbers(before, "义务教育法")
    from resourcemap.directory.models import Category

    added = admin_client.post("/admin/policies/categoryarticlelink/add/", {
        "category": Category.objects.get(code="kindergarten").pk, "law_slug": "yiwujiaoyufa",
        "article_number": "4", "chapter": "", "sort_order": "0"})
    assert added.status_code == 302
    assert 4 in numbers(legal_basis_for("kindergarten"), "义务教育法")
