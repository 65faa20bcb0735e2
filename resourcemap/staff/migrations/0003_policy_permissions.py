"""Data administrators keep the law library's category mapping and abbreviations (issue 7:
"editable in the admin"); read-only staff may view them. Migrations that add models after
0002 give their permissions to the roles here, in a migration of their own."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_policy_permissions(apps, schema_editor):
    config = apps.get_app_config("policies")
    config.models_module = True
    create_permissions(config, verbosity=0)
    config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    policies = Permission.objects.filter(content_type__app_label="policies")
    admins, _ = Group.objects.get_or_create(name="data administrators")
    admins.permissions.add(*policies)
    read_only, _ = Group.objects.get_or_create(name="read-only staff")
    read_only.permissions.add(*policies.filter(codename__startswith="view_"))


def revoke_policy_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["data administrators", "read-only staff"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="policies"))


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0002_role_groups"),
        ("policies", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant_policy_permissions, revoke_policy_permissions)]
