"""Query parameters of the HSDS 3.0 API (names from the HSDS OpenAPI definition)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from resourcemap.api.params import FiniteFloatField
from resourcemap.directory.models import Category, Organization

PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 500
MAX_PROXIMITY_M = 50_000


class InRangeDateTimeField(serializers.DateTimeField):
    """A date-time that exists in UTC: DRF lets a naive 0001-01-01 (which is year 0 in UTC at
    Shanghai's +08:05:43 local mean time) escape as an OverflowError, a 500."""

    def enforce_timezone(self, value: datetime.datetime) -> datetime.datetime:
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")


class PageParams(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1, required=False)
    per_page = serializers.IntegerField(min_value=1, max_value=PER_PAGE_MAX, default=PER_PAGE_DEFAULT, required=False)


class ServiceListParams(PageParams):
    search = serializers.CharField(required=False, max_length=100, help_text="Full text search.")
    taxonomy_term_id = serializers.CharField(required=False, max_length=64, help_text="A category code.")
    organization_id = serializers.CharField(required=False, max_length=64, help_text="An organization code.")
    modified_after = InRangeDateTimeField(required=False, help_text="ISO 8601 date-time.")

    def validate_taxonomy_term_id(self, value: str) -> str:
        if not Category.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Unknown taxonomy term (category code)."))
        return value

    def validate_organization_id(self, value: str) -> str:
        if not Organization.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Unknown organization."))
        return value


class ServiceAtLocationListParams(ServiceListParams):
    postcode = serializers.CharField(
        required=False, max_length=12,
        help_text="Not supported: the directory records no postcodes. Use lat, lon and proximity.",
    )
    proximity = FiniteFloatField(
        required=False, min_value=0, max_value=MAX_PROXIMITY_M,
        help_text="Metres from (lat, lon); results are ordered nearest first.",
    )
    lat = FiniteFloatField(required=False, min_value=-90, max_value=90, help_text="WGS-84 latitude (extension).")
    lon = FiniteFloatField(required=False, min_value=-180, max_value=180, help_text="WGS-84 longitude (extension).")

    def validate_postcode(self, value: str) -> str:
        raise serializers.ValidationError(
            _("Postcodes are not recorded in this directory; give lat, lon and proximity (metres) instead.")
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_lat, has_lon = attrs.get("lat") is not None, attrs.get("lon") is not None
        if has_lat != has_lon:
            missing = "lon" if has_lat else "lat"
            raise serializers.ValidationError({missing: [_("Give lat and lon together.")]})
        if attrs.get("proximity") is not None and not has_lat:
            raise serializers.ValidationError({"proximity": [_("proximity needs lat and lon.")]})
        return attrs
