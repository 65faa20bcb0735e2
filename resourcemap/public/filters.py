"""The map's search and filters: one form, read from the URL (so a search can be shared and
the back button works), applied through the filter chain the API shares (resourcemap.finder)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from resourcemap.directory.kept_places import kept_places
from resourcemap.directory.models import District, ServicePoint
from resourcemap.directory.querysets import ServicePointQuerySet
from resourcemap.finder.filters import SiteFilters
from resourcemap.geo.transform import to_wgs84
from resourcemap.public.chinese_script import in_page_script, pinyin_for_english
from resourcemap.search.query import MAX_QUERY_LENGTH

FILTER_FIELDS = ("q", "category", "district", "age", "open", "free")


def district_label(district: District) -> str:
    if (get_language() or "").startswith("en"):
        return district.name_en or f"{district.name} ({pinyin_for_english(district.name)})"
    return in_page_script(district.name)


class MapFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search names, services and addresses"), required=False, max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
    category = forms.MultipleChoiceField(
        label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    age = forms.DecimalField(
        label=_("Child's age (years)"), required=False, min_value=Decimal(0), max_value=Decimal(18),
        decimal_places=1, widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    open = forms.BooleanField(label=_("Open now"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        places = kept_places()  # kept per data version: no query, no outlines read
        self.categories = places.categories
        self.fields["category"].choices = [(c.code, c.name) for c in self.categories]  # type: ignore[attr-defined]
        self.fields["district"].choices = [("", _("All districts"))] + [  # type: ignore[attr-defined]
            (d.code, district_label(d)) for d in sorted(places.districts.values(), key=lambda d: (d.kind, d.code))
        ]

    def is_filtered(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) not in (None, "", [], False) for name in FILTER_FIELDS)

    def site_filters(self) -> SiteFilters:
        data = self.cleaned_data
        return SiteFilters(
            categories=data.get("category") or (),
            district=data.get("district") or "",
            age=float(data["age"]) if data.get("age") is not None else None,
            open_now=bool(data.get("open")),
            free=bool(data.get("free")),
            q=data.get("q") or "",
        )

    def apply(self, sites: ServicePointQuerySet) -> ServicePointQuerySet:
        """The one filter chain (resourcemap.finder), best first with a search, else by name."""
        filters = self.site_filters()
        sites = filters.apply(sites)
        return sites if filters.q else sites.order_by("name", "pk")


def matching_sites(form: MapFilterForm) -> ServicePointQuerySet:
    """Public sites matching a valid form, best first."""
    return form.apply(ServicePoint.objects.public())


class NearPointForm(forms.Form):
    """The point of "near me" (a location, a map tap or a looked-up place). Sent only to
    results.json, never put in the page URL: it is a child's whereabouts."""

    near_lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    near_lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    near_crs = forms.ChoiceField(
        label=_("Coordinate system"), required=False, choices=[("wgs84", "WGS-84"), ("gcj02", "GCJ-02")]
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (data.get("near_lat") is None) != (data.get("near_lon") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude of the point, or neither."))
        return data

    def point(self) -> Point | None:
        """The WGS-84 point of a valid form, or None when no point was given."""
        data = self.cleaned_data
        if data.get("near_lat") is None:
            return None
        lon, lat = to_wgs84(data["near_lon"], data["near_lat"], data.get("near_crs") or "wgs84")
        return Point(lon, lat, srid=4326)


class PageForm(forms.Form):
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)

    def number(self) -> int:
        return self.cleaned_data.get("page") or 1


def ranked_sites(form: MapFilterForm, point: Point | None) -> ServicePointQuerySet:
    """The matching sites; with a point, those that can be ranked by distance: a site placed
    only at its district's centre has no distance worth ranking and is left out (`locatable`).
    The caller ranks them a page at a time with nearest() (exact order, ties by id)."""
    sites = matching_sites(form)
    if point is None:
        return sites
    return sites.locatable()
