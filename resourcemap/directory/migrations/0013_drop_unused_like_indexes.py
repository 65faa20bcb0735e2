"""Drop the three `varchar_pattern_ops` indexes Django made for the site's district, street and
community codes (foreign keys to varchar primary keys): no query matches those codes with LIKE
(only equality, served by the plain indexes beside them), and every site written, above all a
100,000-row import's COPY, paid for their upkeep (bench/bench_import.py)."""

from django.db import migrations

LIKE_INDEXES = {
    "directory_servicepoint_district_id_754c2fbe_like": "district_id",
    "directory_servicepoint_street_id_ecafa9f6_like": "street_id",
    "directory_servicepoint_community_id_41e82633_like": "community_id",
}


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_data_version_names")]

    operations = [
        migrations.RunSQL(
            sql=f"DROP INDEX IF EXISTS {name}",
            reverse_sql=f"CREATE INDEX IF NOT EXISTS {name} ON directory_servicepoint ({column} varchar_pattern_ops)",
        )
        for name, column in LIKE_INDEXES.items()
    ]
