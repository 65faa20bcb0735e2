"""Query-string parameters of the public API, validated into plain values.

Every endpoint reads its parameters through a DRF serializer declared here, so that the
OpenAPI schema documents exactly what is checked, and every bad parameter becomes a 400
`{"errors": {"<param>": ["why"]}}` (never a 500).
"""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from resourcemap.directory.models import Category, District
from resourcemap.geo.params import CrsParams, FiniteFloatField
from resourcemap.geo.transform import to_wgs84
from resourcemap.referral.plan import MAX_AGE_YEARS, PER_NEED_DEFAULT, PER_NEED_MAX

NEAREST_MAX_LIMIT = 50
NEAREST_MAX_RADIUS_M = 50_000
PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MAX = 500


class BadParameters(APIException):
    status_code = 400
    default_code = "bad_parameters"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(detail={"errors": errors})


def parse_params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The validated parameters, or BadParameters naming each bad one.

    Every parameter read here takes one value, so one given twice (?lat=1&lat=2) is refused
    rather than silently reading one of them; repeats of parameters not read are ignored."""
    query = request.query_params
    serializer = serializer_class(data={key: query.get(key) for key in query})
    valid = serializer.is_valid()
    repeated = {
        name: [_repeated_message(name, field)]
        for name, field in serializer.fields.items()
        if len(query.getlist(name)) > 1
    }
    if not valid or repeated:
        raise BadParameters({**_flatten(serializer.errors), **repeated})
    return dict(serializer.validated_data)


def _repeated_message(name: str, field: serializers.Field) -> str:
    if isinstance(field, CategoryCodesField):
        return gettext("Give %(name)s once (separate several codes with commas).") % {"name": name}
    return gettext("Give %(name)s once.") % {"name": name}


def _flatten(errors: Any) -> dict[str, list[str]]:
    flat: dict[str, list[str]] = {}
    for field, messages in errors.items():
        key = "params" if field == "non_field_errors" else field
        items = messages if isinstance(messages, list) else [messages]
        flat[key] = [str(message) for message in items]
    return flat


class CategoryCodesField(serializers.CharField):
    """Comma-separated category codes; each must exist. Blank means no filter."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        text = super().to_internal_value(data)
        self.run_validators(text)  # length and NUL checks before the text reaches the database
        codes = [code.strip() for code in text.split(",") if code.strip()]
        known = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown category: %(codes)s (see /api/v1/categories/).") % {"codes": ", ".join(unknown)}
            )
        return list(dict.fromkeys(codes))


class NeedCodesField(serializers.CharField):
    """Comma-separated need codes (see /api/v1/needs/); each must exist. Blank means no filter."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        from resourcemap.needs.models import Need

        text = super().to_internal_value(data)
        self.run_validators(text)
        codes = [code.strip() for code in text.split(",") if code.strip()]
        known = set(Need.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown need: %(codes)s (see /api/v1/needs/).") % {"codes": ", ".join(unknown)}
            )
        return list(dict.fromkeys(codes))


class BboxField(serializers.CharField):
    """minlon,minlat,maxlon,maxlat."""

    def to_internal_value(self, data: Any) -> tuple[float, float, float, float]:
        text = super().to_internal_value(data)
        parts = text.split(",")
        message = _("Give bbox as minlon,minlat,maxlon,maxlat (four numbers).")
        if len(parts) != 4:
            raise serializers.ValidationError(message)
        try:
            minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
        except ValueError as exc:
            raise serializers.ValidationError(message) from exc
        if not all(math.isfinite(v) for v in (minlon, minlat, maxlon, maxlat)):
            raise serializers.ValidationError(message)
        if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= 90 and -90 <= maxlat <= 90):
            raise serializers.ValidationError(_("bbox longitudes must be within ±180 and latitudes within ±90."))
        if minlon >= maxlon or minlat >= maxlat:
            raise serializers.ValidationError(_("bbox minimums must be smaller than its maximums."))
        return minlon, minlat, maxlon, maxlat


class PointParams(CrsParams):
    lat = FiniteFloatField(min_value=-90, max_value=90, help_text="Latitude in degrees (in `crs`).")
    lon = FiniteFloatField(min_value=-180, max_value=180, help_text="Longitude in degrees (in `crs`).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The point in WGS-84, whatever the client drew on.
        attrs["wgs_lon"], attrs["wgs_lat"] = to_wgs84(attrs["lon"], attrs["lat"], attrs["crs"])
        return attrs


class NearestParams(PointParams):
    category = CategoryCodesField(required=False, help_text="Comma-separated category codes.")
    need = NeedCodesField(required=False, help_text="Comma-separated need codes: sites of the categories meeting them.")
    limit = serializers.IntegerField(min_value=1, max_value=NEAREST_MAX_LIMIT, default=5, required=False)
    radius_m = FiniteFloatField(
        min_value=0, max_value=NEAREST_MAX_RADIUS_M, required=False, help_text="Search radius in metres."
    )


class SiteListParams(CrsParams):
    category = CategoryCodesField(required=False, help_text="Comma-separated category codes.")
    need = NeedCodesField(required=False, help_text="Comma-separated need codes: sites of the categories meeting them.")
    district = serializers.CharField(required=False, max_length=16, help_text="District code (see /api/v1/districts/).")
    q = serializers.CharField(required=False, max_length=100, help_text="Search text, as on the map.")
    bbox = BboxField(required=False, help_text="minlon,minlat,maxlon,maxlat (WGS-84, or `crs`).")
    age = FiniteFloatField(min_value=0, max_value=MAX_AGE_YEARS, required=False, help_text="Child's age in years.")
    open_now = serializers.BooleanField(
        required=False, default=False, help_text="Only sites whose published hours include now (unknown hours excluded)."
    )
    status = serializers.ChoiceField(choices=["active", "temporarily_closed"], required=False)
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=PAGE_SIZE_MAX, default=PAGE_SIZE_DEFAULT, required=False)
    all = serializers.BooleanField(
        required=False, default=False, help_text="true: every matching site in one response, unpaginated (for the map)."
    )

    def validate_district(self, value: str) -> str:
        if not District.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Unknown district code (see /api/v1/districts/)."))
        return value


class ReferralPlanParams(PointParams):
    needs = CategoryCodesField(required=False, help_text="Comma-separated category codes, one per need.")
    need = NeedCodesField(
        required=False, help_text="Comma-separated need codes (/api/v1/needs/), each planned with its categories."
    )
    per_need = serializers.IntegerField(min_value=1, max_value=PER_NEED_MAX, default=PER_NEED_DEFAULT, required=False)
    age = FiniteFloatField(min_value=0, max_value=MAX_AGE_YEARS, required=False, help_text="Child's age in years.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if not attrs.get("needs") and not attrs.get("need"):
            raise serializers.ValidationError({"needs": [_("Tick at least one need (a category code or a need code).")]})
        return attrs


class GeocodeParams(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="An address or place name in the city.")


class DistrictParams(CrsParams):
    geometry = serializers.BooleanField(required=False, default=False, help_text="Include district boundaries.")
