"""SearchAbbreviation moves from the law library (policies) to search, which every search reads:
the table stays where it is (state only), and its content type is relabelled so that the
permissions the roles hold (staff 0003) follow the model."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant_abbreviation_permissions(apps, schema_editor):
    """Idempotent (also run by tests after a flush): the content type under `search`, the
    permissions, data administrators may edit, read-only staff may view."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="search", model="searchabbreviation").exists():
        ContentType.objects.filter(app_label="policies", model="searchabbreviation").update(app_label="search")
    config = apps.get_app_config("search")
    config.models_module = True
    create_permissions(config, verbosity=0)
    config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    abbreviations = Permission.objects.filter(content_type__app_label="search", content_type__model="searchabbreviation")
    admins, _ = Group.objects.get_or_create(name="data administrators")
    admins.permissions.add(*abbreviations)
    read_only, _ = Group.objects.get_or_create(name="read-only staff")
    read_only.permissions.add(*abbreviations.filter(codename__startswith="view_"))


def back_to_policies(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Unapplying policies 0002 may have let post_migrate create a fresh, ungranted policies
    # content type: the granted one replaces it.
    if ContentType.objects.filter(app_label="search", model="searchabbreviation").exists():
        ContentType.objects.filter(app_label="policies", model="searchabbreviation").delete()
    ContentType.objects.filter(app_label="search", model="searchabbreviation").update(app_label="policies")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("policies", "0001_initial"),
        ("staff", "0003_policy_permissions"),  # the roles' permissions on the model, moved below
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchAbbreviation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("short_form", models.CharField(max_length=50, unique=True, verbose_name="abbreviation")),
                        ("full_form", models.CharField(
                            help_text="What the abbreviation stands for; several, separated by ; (特殊教育学校;特殊学校)",
                            max_length=100, verbose_name="full form")),
                    ],
                    options={
                        "verbose_name": "search abbreviation",
                        "verbose_name_plural": "search abbreviations",
                        "ordering": ["short_form"],
                        "db_table": "policies_searchabbreviation",
                    },
                ),
            ],
        ),
        migrations.RunPython(grant_abbreviation_permissions, back_to_policies),
    ]
