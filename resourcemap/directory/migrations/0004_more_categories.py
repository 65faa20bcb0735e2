"""Categories the shipped Shenzhen data needs beyond the starting set."""

from django.db import migrations

CATEGORIES = [
    ("specialized_school", "专门学校（工读学校）", "專門學校（工讀學校）", "Specialized (work-study) school",
     "#ffbb78", "star", "工读学校;专门学校;育新学校", 55),
    ("youth_women_centre", "工青妇活动中心", "工青婦活動中心", "Trade-union, youth and women's activity centre",
     "#98df8a", "users", "青少年宫;妇女儿童之家;共青团;妇联;工青妇", 95),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    for code, zh, zht, en, color, icon, aliases, order in CATEGORIES:
        Category.objects.update_or_create(
            code=code,
            defaults={"name_zh_hans": zh, "name_zh_hant": zht, "name_en": en, "color": color, "icon": icon,
                      "aliases": aliases, "sort_order": order},
        )


def backwards(apps, schema_editor):
    apps.get_model("directory", "Category").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_service_point_history")]
    operations = [migrations.RunPython(forwards, backwards)]
