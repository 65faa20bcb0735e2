"""The categories and organizations every city starts with. Later edits happen in the admin."""

from django.db import migrations

# code, parent, zh-Hans, zh-Hant, en, colour, icon, aliases (searched like names), order
CATEGORIES = [
    ("party_mass_centre", None, "党群服务中心", "黨群服務中心", "Party-mass service centre", "#d62728", "home",
     "党群中心;社区服务中心;儿童之家;社区工作站", 10),
    ("minor_protection", None, "未成年人保护中心/工作站", "未成年人保護中心/工作站", "Minor protection centre",
     "#9467bd", "shield", "未保;未保中心;未保站;未成年人保护工作站;儿童保护", 20),
    ("child_welfare", None, "儿童福利机构", "兒童福利機構", "Child welfare institution", "#e377c2", "heart",
     "儿童福利院;福利院;孤儿", 30),
    ("welfare_centre", None, "社会福利中心", "社會福利中心", "Social welfare centre", "#bcbd22", "heart",
     "福利中心;养老;社会福利", 35),
    ("relief_station", None, "救助管理站", "救助管理站", "Relief management station", "#8c564b", "bed",
     "救助站;流浪救助;临时救助", 40),
    ("special_school", None, "特殊教育学校", "特殊教育學校", "Special-education school", "#ff7f0e", "star",
     "特教;特校;特殊教育;残疾儿童教育", 50),
    ("kindergarten", None, "幼儿园", "幼兒園", "Kindergarten", "#2ca02c", "school", "幼稚园;托儿所;学前教育", 60),
    ("primary_school", None, "小学", "小學", "Primary school", "#1f77b4", "school", "小学校;义务教育", 70),
    ("secondary_school", None, "中学", "中學", "Secondary school", "#17becf", "school", "初中;高中;中学校", 80),
    ("hospital", None, "医院/妇幼保健", "醫院/婦幼保健", "Hospital / maternal and child health", "#7f7f7f",
     "plus", "医院;医疗;看病", 90),
    ("childrens_hospital", "hospital", "儿童医院", "兒童醫院", "Children's hospital", "#e31a1c", "plus",
     "儿科;儿童医院;市儿童医院", 91),
    ("maternal_child_health", "hospital", "妇幼保健院", "婦幼保健院", "Maternal and child health hospital",
     "#fb9a99", "plus", "妇幼;妇幼保健;保健院;妇幼保健所", 92),
]

ORGANIZATIONS = [
    ("civil_affairs", "民政部门", "民政部門", "Civil Affairs"),
    ("education", "教育部门", "教育部門", "Education"),
    ("health", "卫生健康部门", "衛生健康部門", "Health"),
    ("procuratorate", "检察机关", "檢察機關", "Procuratorate"),
    ("youth_league", "共青团", "共青團", "Communist Youth League"),
    ("womens_federation", "妇女联合会", "婦女聯合會", "Women's Federation"),
    ("disabled_federation", "残疾人联合会", "殘疾人聯合會", "Disabled Persons' Federation"),
    ("public_security", "公安机关", "公安機關", "Public Security"),
    ("party_mass", "党群服务体系（组织部门）", "黨群服務體系（組織部門）", "Party-mass service system"),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    Organization = apps.get_model("directory", "Organization")
    for code, zh, zht, en in ORGANIZATIONS:
        Organization.objects.update_or_create(
            code=code, defaults={"name_zh_hans": zh, "name_zh_hant": zht, "name_en": en}
        )
    by_code = {}
    for code, parent, zh, zht, en, color, icon, aliases, order in CATEGORIES:
        by_code[code], _ = Category.objects.update_or_create(
            code=code,
            defaults={
                "parent": by_code.get(parent),
                "name_zh_hans": zh,
                "name_zh_hant": zht,
                "name_en": en,
                "color": color,
                "icon": icon,
                "aliases": aliases,
                "sort_order": order,
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("directory", "Category").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()
    apps.get_model("directory", "Organization").objects.filter(code__in=[o[0] for o in ORGANIZATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
