"""The map's search and filters: one form, read from the URL (so a search can be shared and
the back button works), applied as QuerySet methods."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from resourcemap.directory.models import Category, District, ServicePoint
from resourcemap.directory.querysets import ServicePointQuerySet
from resourcemap.search.query import MAX_QUERY_LENGTH

FILTER_FIELDS = ("q", "category", "district", "age", "open", "free")


def district_label(district: District) -> str:
    if (get_language() or "").startswith("en") and district.name_en:
        return district.name_en
    return district.name


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
        self.categories = list(Category.objects.all())
        self.fields["category"].choices = [(c.code, c.name) for c in self.categories]  # type: ignore[attr-defined]
        self.fields["district"].choices = [("", _("All districts"))] + [  # type: ignore[attr-defined]
            (d.code, district_label(d)) for d in District.objects.order_by("kind", "code")
        ]

    def is_filtered(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) not in (None, "", [], False) for name in FILTER_FIELDS)

    def apply(self, sites: ServicePointQuerySet) -> ServicePointQuerySet:
        data = self.cleaned_data
        if data.get("category"):
            sites = sites.of_category(*data["category"])
        if data.get("district"):
            sites = sites.in_district(data["district"])
        if data.get("age") is not None:
            sites = sites.for_age(float(data["age"]))
        if data.get("open"):
            sites = sites.open_at(timezone.localtime())
        if data.get("free"):
            sites = sites.free_of_charge()
        if data.get("q"):
            return sites.search(data["q"])
        return sites.order_by("name", "pk")


def matching_sites(form: MapFilterForm) -> ServicePointQuerySet:
    """Public sites matching a valid form, best first."""
    return form.apply(ServicePoint.objects.public())
