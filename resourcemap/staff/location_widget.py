"""The service-point location field: django-leaflet's map widget without inline script, plus
"paste coordinates copied from AMap or Baidu" converted to WGS-84.

django-leaflet's own widget template writes an inline <script>, which our
Content-Security-Policy (script-src 'self') blocks. This widget renders the same map from
data attributes and a JSON block, and static/staff/location_widget.js starts it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletAdminWidget, LeafletGeoAdminMixin
from leaflet.templatetags.leaflet_tags import leaflet_map

from resourcemap.geo.transform import to_wgs84

PASTE_CRS_CHOICES = [
    ("gcj02", _("GCJ-02 (AMap / Gaode, Tencent)")),
    ("bd09", _("BD-09 (Baidu)")),
    ("wgs84", _("WGS-84 (GPS)")),
]
_NUMBER = r"[-+]?\d+(?:\.\d+)?"


class ScriptFreeLeafletWidget(LeafletAdminWidget):
    template_name = "staff/map_widget.html"

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(
            js=["staff/location_widget.js"], css={"screen": ["staff/location_widget.css"]}
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        map_context = leaflet_map(context["id_map"], settings_overrides=context.get("settings_overrides") or {})
        context["djoptions"] = json.loads(map_context["djoptions"])
        context["options_id"] = f"{context['id_map']}-options"
        context["with_forms"] = True
        return context


class ScriptFreeLeafletAdminMixin(LeafletGeoAdminMixin):
    """LeafletGeoAdminMixin with the script-free widget (it sets the template per field)."""

    widget = ScriptFreeLeafletWidget
    map_template = ScriptFreeLeafletWidget.template_name


def parse_pasted_coordinates(text: str) -> tuple[float, float]:
    """"lon,lat" as AMap's and Baidu's coordinate pickers copy it; "lat,lon" is recognised too,
    since in China the longitude (73-135) is always the larger number."""
    numbers = re.findall(_NUMBER, text)
    if len(numbers) != 2:
        raise forms.ValidationError(
            _("Paste two numbers, longitude and latitude, e.g. 114.057868,22.543099."), code="format"
        )
    first, second = (float(n) for n in numbers)
    lon, lat = (first, second) if first >= second else (second, first)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise forms.ValidationError(_("These are not valid coordinates."), code="range")
    return lon, lat


class PastedCoordinatesMixin(forms.Form):
    """Two extra form fields; when filled they replace the location drawn on the map."""

    paste_coordinates = forms.CharField(
        label=_("Paste coordinates"), required=False, max_length=100,
        help_text=_("Coordinates copied from AMap or Baidu (longitude,latitude). They replace the point on the map."),
    )
    paste_crs = forms.ChoiceField(label=_("Copied from"), choices=PASTE_CRS_CHOICES, initial="gcj02", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        pasted = (cleaned.get("paste_coordinates") or "").strip()
        if pasted:
            try:
                lon, lat = parse_pasted_coordinates(pasted)
            except forms.ValidationError as error:
                self.add_error("paste_coordinates", error)
                return cleaned
            wgs_lon, wgs_lat = to_wgs84(lon, lat, cleaned.get("paste_crs") or "gcj02")
            cleaned["location"] = Point(wgs_lon, wgs_lat, srid=4326)
            self.errors.pop("location", None)
        return cleaned
