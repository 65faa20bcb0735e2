"""CategoryArticleLink names its category by a foreign key instead of a code string: a link can
no longer point at a category that does not exist, and it follows its category whatever the
code. The hotline's links (category_code 'hotline') have no category.

A link whose code named no category grounded nothing (no page could show it); such links are
dropped, and their count is printed."""

import django.db.models.deletion
from django.db import migrations, models

HOTLINE_TOPIC = "hotline"


def codes_to_categories(apps, schema_editor):
    Link = apps.get_model("policies", "CategoryArticleLink")
    Category = apps.get_model("directory", "Category")
    ids = dict(Category.objects.values_list("code", "pk"))
    orphans = []
    for link in Link.objects.exclude(category_code=HOTLINE_TOPIC):
        if link.category_code in ids:
            link.category_id = ids[link.category_code]
            link.save(update_fields=["category"])
        else:
            orphans.append(link.pk)
    if orphans:
        Link.objects.filter(pk__in=orphans).delete()
        print(f"\n  dropped {len(orphans)} legal-basis links naming no category")  # noqa: T201


def categories_to_codes(apps, schema_editor):
    Link = apps.get_model("policies", "CategoryArticleLink")
    for link in Link.objects.select_related("category"):
        link.category_code = link.category.code if link.category_id else HOTLINE_TOPIC
        link.save(update_fields=["category_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_abbreviations_move_to_search"),
        ("directory", "0009_service_area_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="categoryarticlelink",
            name="category",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="article_links",
                to="directory.category", verbose_name="category",
                help_text="Empty: the link grounds the child-protection hotline",
            ),
        ),
        migrations.RunPython(codes_to_categories, categories_to_codes),
        migrations.AlterModelOptions(
            name="categoryarticlelink",
            options={"ordering": ["category__code", "sort_order", "pk"], "verbose_name": "category legal basis",
                     "verbose_name_plural": "category legal bases"},
        ),
        # A default, only so that unapplying can put the column back before filling it.
        migrations.AlterField(
            model_name="categoryarticlelink", name="category_code",
            field=models.SlugField(default="", max_length=64, verbose_name="category code",
                                   help_text="A service category code, or 'hotline'"),
        ),
        migrations.RemoveField(model_name="categoryarticlelink", name="category_code"),
    ]
