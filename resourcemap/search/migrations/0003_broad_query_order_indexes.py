"""Indexes that keep a broad search and the unfiltered map list bounded at a million sites.

- (name, id): the map's list without a search is ordered by name; its first page is read
  from this index (LIMIT 20) instead of sorting every public site.
- (split_part(search_text, ' ', 1), id): the normalised name (search_text starts with it,
  resourcemap/search/index.py); the names that start with a query lie in one range of it
  (resourcemap/search/broad.py), whose first few are read in this order and no more.
"""

from django.db import migrations

INDEXES = {
    "servicepoint_name_order": "(name, id)",
    "servicepoint_rank_name_prefix": "(split_part(search_text, ' ', 1), id)",
}


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_data_version_names"), ("search", "0002_seed_abbreviations")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX {name} ON directory_servicepoint {columns}", f"DROP INDEX IF EXISTS {name}")
        for name, columns in INDEXES.items()
    ]
