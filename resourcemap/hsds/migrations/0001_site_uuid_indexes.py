"""Indexes on the HSDS UUIDs of a site's service and service_at_location (see hsds/ids.py).

uuid-ossp's uuid_generate_v5 computes the same UUID v5 as Python's uuid.uuid5 and is
IMMUTABLE, so the API finds a site by its HSDS id with an index scan. uuid-ossp is a trusted
extension (PostgreSQL 13+): the database owner may create it without superuser rights.
"""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

from resourcemap.hsds.ids import site_uuid_sql


def index(kind: str) -> migrations.RunSQL:
    name = f"hsds_{kind}_uuid"
    return migrations.RunSQL(
        f"CREATE INDEX {name} ON directory_servicepoint (({site_uuid_sql(kind)}))",
        f"DROP INDEX IF EXISTS {name}",
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_location_geometry_index")]

    operations = [
        CreateExtension("uuid-ossp"),
        index("service"),
        index("service_at_location"),
    ]
