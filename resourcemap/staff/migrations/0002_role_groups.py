"""Creates the three staff roles as groups with their permissions.

Permissions are normally created after all migrations (post_migrate); they are created
here first so the groups can be given them on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGED_APPS = ["directory", "feedback", "loaders", "staff"]

EDITOR_PERMISSIONS = [
    ("directory", "view_servicepoint"),
    ("directory", "change_servicepoint"),
    ("directory", "view_historicalservicepoint"),
    ("directory", "view_category"),
    ("directory", "view_organization"),
    ("directory", "view_district"),
    ("directory", "view_street"),
    ("directory", "view_community"),
    ("feedback", "view_problemreport"),
    ("feedback", "change_problemreport"),
]


def create_role_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managed = Permission.objects.filter(content_type__app_label__in=MANAGED_APPS)

    admins, _ = Group.objects.get_or_create(name="data administrators")
    admins.permissions.add(*managed)

    read_only, _ = Group.objects.get_or_create(name="read-only staff")
    read_only.permissions.add(*managed.filter(codename__startswith="view_"))

    editors, _ = Group.objects.get_or_create(name="organization editors")
    for app_label, codename in EDITOR_PERMISSIONS:
        editors.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["data administrators", "organization editors", "read-only staff"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0003_service_point_history"),
        ("feedback", "0001_initial"),
        ("loaders", "0001_import_run"),  # ImportRun's permissions
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
