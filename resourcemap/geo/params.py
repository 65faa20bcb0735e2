"""The point parameters every lookup reads (a coordinate system, finite coordinates), as DRF
serializer parts: the API (resourcemap.api.params) and the /here/ page (resourcemap.responsible)
validate a point the same way, and neither has to import the other."""

from __future__ import annotations

import math
from typing import Any

from rest_framework import serializers

from resourcemap.geo.transform import CRS_CHOICES


class FiniteFloatField(serializers.FloatField):
    """A float that must be a real number (no NaN/Infinity, which pass min/max checks)."""

    def to_internal_value(self, data: Any) -> float:
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class CrsParams(serializers.Serializer):
    crs = serializers.ChoiceField(
        choices=CRS_CHOICES, required=False, default="wgs84",
        help_text="Coordinate system of the query point and of returned geometries: wgs84 (default), "
        "gcj02 (AMap/Tencent) or bd09 (Baidu).",
    )
