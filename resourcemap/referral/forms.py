"""The referral form: where the child is (address, map click or coordinates) and the needs.

The form is submitted with GET so that the plan's URL carries its inputs (a shareable link)
and nothing is stored on the server. The location comes from lat/lon when given (in `crs`),
else from geocoding the address.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resourcemap.directory.models import Category
from resourcemap.geo.transform import CRS_CHOICES, to_wgs84
from resourcemap.geo.typed_places import GeocodeAnswer, locate_typed_place
from resourcemap.needs.models import Need
from resourcemap.referral.plan import MAX_AGE_YEARS, PER_NEED_DEFAULT, PER_NEED_MAX


class ReferralForm(forms.Form):
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    crs = forms.ChoiceField(
        choices=[(c, c) for c in CRS_CHOICES], required=False, initial="wgs84", widget=forms.HiddenInput
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), widget=forms.CheckboxSelectMultiple, choices=[], required=False
    )
    # Needs in families' words (resourcemap.needs), each met by several categories.
    need = forms.MultipleChoiceField(
        label=_("What does the child need?"), widget=forms.CheckboxSelectMultiple, choices=[], required=False
    )
    age = forms.DecimalField(label=_("Child's age (years)"), required=False, min_value=0, max_value=MAX_AGE_YEARS,
                             decimal_places=1)
    per_need = forms.IntegerField(
        label=_("Services per need"), required=False, min_value=1, max_value=PER_NEED_MAX, initial=PER_NEED_DEFAULT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = [(c.code, c.name) for c in Category.objects.all()]
        self.fields["need"].choices = [(n.code, n.name) for n in Need.objects.all()]
        self.geocoded: GeocodeAnswer | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("needs") and not data.get("need") and not self.errors.get("needs") and not self.errors.get("need"):
            self.add_error("needs", _("Tick at least one need."))
        lat, lon = data.get("lat"), data.get("lon")
        if self.errors.get("lat") or self.errors.get("lon"):
            return data
        if (lat is None) != (lon is None):
            self.add_error("lat" if lat is None else "lon", _("Give both latitude and longitude."))
            return data
        if lat is not None and lon is not None:
            data["wgs_lon"], data["wgs_lat"] = to_wgs84(lon, lat, data.get("crs") or "wgs84")
            return data
        address = data.get("address", "").strip()
        if not address:
            self.add_error("address", _("Type an address, click the map, or give coordinates."))
            return data
        self.geocoded = locate_typed_place(address)
        if self.geocoded is None:
            self.add_error("address", _("This address was not found in the city. Click the map instead."))
            return data
        data["wgs_lon"], data["wgs_lat"] = self.geocoded.lon, self.geocoded.lat
        return data
