"""Query parameters of the HSDS 3.0 API: the names and meanings of the official openapi.json.

Every operation takes exactly its documented parameters: an unknown one is a 400 naming it
(a consumer's typo must not silently widen its results), as is a value that does not parse.
Filters are applied cumulatively (AND). Ids are UUIDs; an id that names nothing is a 400.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from resourcemap.api.params import FiniteFloatField
from resourcemap.hsds import lookups
from resourcemap.hsds.ids import parse_uuid

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


class StrictParams(serializers.Serializer):
    """Refuses parameters the operation does not take."""

    def to_internal_value(self, data: Any) -> Any:
        unknown = [name for name in data if name not in self.fields]
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown parameter for this operation.")] for name in unknown}
            )
        return super().to_internal_value(data)


class NoParams(StrictParams):
    pass


class ListParams(StrictParams):
    search = serializers.CharField(required=False, max_length=100, help_text="Full text search.")
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1, required=False)
    per_page = serializers.IntegerField(min_value=1, max_value=PER_PAGE_MAX, default=PER_PAGE_DEFAULT,
                                        required=False)
    format = serializers.ChoiceField(
        choices=["json", "ndjson"], default="json", required=False,
        help_text="json (paged) or ndjson (every result, one JSON object per line, unpaged).",
    )


class UuidIdField(serializers.CharField):
    """A UUID, in canonical form."""

    def to_internal_value(self, data: Any) -> str:
        value = parse_uuid(super().to_internal_value(data))
        if value is None:
            raise serializers.ValidationError(_("Not a UUID."))
        return value


class ServiceFilterParams(ListParams):
    taxonomy_term_id = UuidIdField(required=False, help_text="Services tagged with this taxonomy term.")
    taxonomy_id = UuidIdField(required=False, help_text="Services tagged with any term of this taxonomy.")
    organization_id = UuidIdField(required=False, help_text="Services of this organization.")
    modified_after = InRangeDateTimeField(required=False, help_text="ISO 8601 date-time; changed on or after.")
    full = serializers.BooleanField(required=False, default=False, help_text="Fully nested services.")

    def validate_taxonomy_term_id(self, value: str) -> str:
        if lookups.category_codes_of_term(value) is None:
            raise serializers.ValidationError(_("Unknown taxonomy term."))
        return value

    def validate_taxonomy_id(self, value: str) -> str:
        if lookups.category_codes_of_taxonomy(value) is None:
            raise serializers.ValidationError(_("Unknown taxonomy."))
        return value

    def validate_organization_id(self, value: str) -> str:
        if lookups.organization_by_uuid(value) is None:
            raise serializers.ValidationError(_("Unknown organization."))
        return value


class ServiceListParams(ServiceFilterParams):
    minimal = serializers.BooleanField(
        required=False, default=False,
        help_text="Only id, name, status and last_modified; without per_page, every service on one page.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("minimal") and attrs.get("full"):
            raise serializers.ValidationError({"minimal": [_("Give minimal or full, not both.")]})
        return attrs


class ServiceAtLocationListParams(ServiceFilterParams):
    postcode = serializers.CharField(
        required=False, max_length=12,
        help_text="Not supported: the directory records no postcodes. Use lat, lon and proximity.",
    )
    proximity = FiniteFloatField(
        required=False, min_value=0, max_value=MAX_PROXIMITY_M,
        help_text="Metres from (lat, lon) (this profile's extension: HSDS measures from a postcode's "
        "centroid, and the directory has no postcodes); results are ordered nearest first.",
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


class OrganizationListParams(ListParams):
    full = serializers.BooleanField(required=False, default=False, help_text="Organizations with their services.")
    full_service = serializers.BooleanField(
        required=False, default=False, help_text="With full, each service fully nested.")


class OrganizationParams(StrictParams):
    full_service = serializers.BooleanField(required=False, default=False, help_text="Services fully nested.")


class TaxonomyTermListParams(ListParams):
    taxonomy_id = UuidIdField(required=False, help_text="Terms of this taxonomy.")
    parent_id = UuidIdField(required=False, help_text="Terms whose parent is this term.")
    top_only = serializers.BooleanField(required=False, default=False, help_text="Only terms without a parent.")
