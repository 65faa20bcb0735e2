"""SearchAbbreviation now belongs to search (search 0001 took over the table): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
        ("search", "0001_abbreviations_from_policies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SearchAbbreviation")]),
    ]
