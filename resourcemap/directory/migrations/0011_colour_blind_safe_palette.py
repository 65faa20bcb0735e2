"""A colour-blind-safe category palette (issue #13); the street's functional area gets its label.

The starting colours (matplotlib's tab10/Paired) put party-centre red next to children's-hospital
red and failed for red-green colour blindness. These come from Paul Tol's bright, muted, light,
dark and vibrant schemes and Okabe-Ito's, chosen so that categories next to each other in the
legend (ordered by sort_order) alternate dark and light: every adjacent pair has at least 3:1
WCAG contrast, also under simulated protanopia, deuteranopia and tritanopia, and no two
categories are closer than 15 CAM02-UCS units in normal vision (7.5 under simulation).
tests/public/test_category_palette.py checks this on what the map page serves.
Fifteen colours cannot all be told apart by every viewer; the legend names, the site list and
the marker pop-up carry the category in words.
"""

import django.db.models.deletion
from django.db import migrations, models

# code: (new colour, colour it replaces)
PALETTE = {
    "party_mass_centre": ("#44aa99", "#d62728"),
    "minor_protection": ("#004488", "#9467bd"),
    "child_welfare": ("#bbcc33", "#e377c2"),
    "welfare_centre": ("#225522", "#bcbd22"),
    "relief_station": ("#56b4e9", "#8c564b"),
    "disability_rehab": ("#222255", "#c49c94"),
    "special_school": ("#ee8866", "#ff7f0e"),
    "specialized_school": ("#882255", "#ffbb78"),
    "kindergarten": ("#ffaabb", "#2ca02c"),
    "primary_school": ("#666633", "#1f77b4"),
    "secondary_school": ("#99ddff", "#17becf"),
    "hospital": ("#000000", "#7f7f7f"),
    "childrens_hospital": ("#aa4499", "#e31a1c"),
    "maternal_child_health": ("#eedd88", "#fb9a99"),
    "youth_women_centre": ("#0072b2", "#98df8a"),
}


def use_palette(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    for code, (new, old) in PALETTE.items():
        # Only the seeded colour is replaced: one an administrator chose is theirs.
        Category.objects.filter(code=code, color__iexact=old).update(color=new)


def restore_palette(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    for code, (new, old) in PALETTE.items():
        Category.objects.filter(code=code, color__iexact=new).update(color=old)


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_data_version")]
    operations = [
        migrations.RunPython(use_palette, restore_palette),
        migrations.AlterField(
            model_name="street",
            name="functional_area",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="functional_streets", to="directory.district",
                                    verbose_name="functional area"),
        ),
    ]
