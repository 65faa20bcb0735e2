"""A GiST index on location::geometry, for bounding-box filters.

A bbox is a rectangle of longitudes and latitudes. Compared on the geography type its edges
would be great circles (wrong sites near the edges, errors for boxes 180° wide), so in_bbox
compares the planar geometry instead, and this index serves that comparison.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_more_categories")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX servicepoint_location_geom_gist ON directory_servicepoint "
            "USING GIST ((location::geometry))",
            "DROP INDEX servicepoint_location_geom_gist",
        )
    ]
