"""The cell functions of 0001 with PostGIS's names qualified by its schema.

pg_restore (the restore drill, scripts/backups) runs with an empty search_path: while it
creates directory_servicepoint it inlines these functions into the generated columns, and an
unqualified ST_X or `geometry` is then not found. Same expressions, same values: the stored
columns need no rewrite."""

from django.db import migrations

CELL_X = """
CREATE OR REPLACE FUNCTION map_cell_x(location geography) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT least(16777215, greatest(0, floor(({s}.ST_X(location::{s}.geometry) + 180.0) / 360.0 * 16777216)))::integer
$$;
"""
CELL_Y = """
CREATE OR REPLACE FUNCTION map_cell_y(location geography) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT least(16777215, greatest(0, floor(
        (1.0 - asinh(tan(radians(least(85.0511, greatest(-85.0511, {s}.ST_Y(location::{s}.geometry)))))) / pi())
        / 2.0 * 16777216
    )))::integer
$$;
"""


def qualify(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'postgis'")
        schema = cursor.fetchone()[0]
        cursor.execute(CELL_X.format(s=schema))
        cursor.execute(CELL_Y.format(s=schema))


class Migration(migrations.Migration):
    dependencies = [("public", "0001_map_cells")]

    operations = [migrations.RunPython(qualify, migrations.RunPython.noop)]
