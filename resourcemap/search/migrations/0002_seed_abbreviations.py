"""The abbreviations the map's search had in code (search/aliases.py until #10), as rows the
administrators can edit. Existing rows (loaded from data/policy/search_abbreviations.csv or
edited) are kept as they are."""

from django.db import migrations

ABBREVIATIONS = {
    "特教": "特殊教育",
    "特校": "特殊教育学校;特殊学校",
    "未保": "未成年人保护",
    "妇幼": "妇幼保健;妇女儿童",
    "儿保": "儿童保健;儿童保护",
    "儿福": "儿童福利",
    "党群": "党群服务",
    "社康": "社区健康服务",
    "残联": "残疾人联合会",
    "妇联": "妇女联合会",
    "团委": "共青团",
    "救助站": "救助管理站",
    "福利院": "福利中心;儿童福利",
    "市儿童": "深圳市儿童",
    "幼稚园": "幼儿园",
    "托儿所": "托育;幼儿园",
    "九年一贯制": "九年一贯制学校",
}


def seed_abbreviations(apps, schema_editor):
    SearchAbbreviation = apps.get_model("search", "SearchAbbreviation")
    for short_form, full_form in ABBREVIATIONS.items():
        SearchAbbreviation.objects.get_or_create(short_form=short_form, defaults={"full_form": full_form})


def remove_unchanged(apps, schema_editor):
    SearchAbbreviation = apps.get_model("search", "SearchAbbreviation")
    for short_form, full_form in ABBREVIATIONS.items():
        SearchAbbreviation.objects.filter(short_form=short_form, full_form=full_form).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_abbreviations_from_policies")]

    operations = [migrations.RunPython(seed_abbreviations, remove_unchanged)]
