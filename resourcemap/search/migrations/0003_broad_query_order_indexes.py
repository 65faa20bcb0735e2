"""Indexes that keep a broad search and the unfiltered map list bounded at a million sites.

- (name, id): the map's list without a search is ordered by name; its first page is read
  from this index (LIMIT 20) instead of sorting every public site.
- (length(name), name, id): a broad search (resourcemap/search/broad.py) takes its shortest
  names first from this index, stopping after a few thousand matches.
- split_part(search_text, ' ', 1) text_pattern_ops: the normalised name (search_text starts
  with it, resourcemap/search/index.py); finds the names that start with a query (LIKE 'q%')
  without reading every match. text_pattern_ops: the databases use C.UTF-8, for which
  PostgreSQL 15 does not use the default operator class for LIKE.
"""

from django.db import migrations

INDEXES = {
    "servicepoint_name_order": "(name, id)",
    "servicepoint_length_name_order": "(length(name), name, id)",
    "servicepoint_rank_name_prefix": "(split_part(search_text, ' ', 1) text_pattern_ops)",
}


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_data_version_names"), ("search", "0002_seed_abbreviations")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX {name} ON directory_servicepoint {columns}", f"DROP INDEX IF EXISTS {name}")
        for name, columns in INDEXES.items()
    ]
