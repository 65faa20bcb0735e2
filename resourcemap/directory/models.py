"""The directory: who runs services (Organization), what kind they are (Category), where they
are (District / Street / Community) and the service points themselves.

Names follow Open Referral HSDS 3.0 where they fit (organization, taxonomy term, location,
assured_date, ...), so the HSDS export is a mapping, not a rewrite.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from resourcemap.directory.precision import APPROXIMATE_PRECISIONS, is_approximate
from resourcemap.directory.querysets import ServicePointQuerySet, stale_cutoff


class TranslatedNameMixin:
    """`name` in the active language, from name_zh_hans / name_zh_hant / name_en."""

    name_zh_hans: str
    name_zh_hant: str
    name_en: str

    @property
    def name(self) -> str:
        lang = (get_language() or settings.LANGUAGE_CODE).lower()
        if lang.startswith("en"):
            return self.name_en or self.name_zh_hans
        if lang in ("zh-hant", "zh-tw", "zh-hk"):
            return self.name_zh_hant or self.name_zh_hans
        return self.name_zh_hans


class Organization(TranslatedNameMixin, models.Model):
    """The responsible department or agency (HSDS: organization)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_zh_hans = models.CharField(_("name (simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    aliases = models.CharField(
        _("aliases"), max_length=500, blank=True,
        help_text=_("Everyday and office names an import file may use (民政;民政局;区民政局), separated by ;"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name_zh_hans


class Category(TranslatedNameMixin, models.Model):
    """A taxonomy term (HSDS: taxonomy_term) with its map colour and icon."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    name_zh_hans = models.CharField(_("name (simplified Chinese)"), max_length=100)
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    color = models.CharField(_("colour"), max_length=7, default="#3366cc", help_text="#rrggbb")
    icon = models.CharField(_("icon"), max_length=40, blank=True)
    aliases = models.CharField(
        _("aliases"), max_length=300, blank=True, help_text=_("Other names people search for, separated by ;")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name_zh_hans


class District(models.Model):
    """A district (区). `kind` tells statutory districts from functional areas (大鹏新区)."""

    KIND_CHOICES = [("statutory", _("statutory district")), ("functional", _("functional area"))]

    code = models.CharField(_("code"), max_length=16, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES, default="statutory")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("parent"))
    boundary = models.MultiPolygonField(_("boundary"), srid=4326, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Street(models.Model):
    """A street (街道). Its outline is hand-traced, so `approximate` is true for shipped data."""

    code = models.CharField(_("code"), max_length=16, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("district"))
    functional_area = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="functional_streets",
        verbose_name=_("functional area"),
    )
    boundary = models.MultiPolygonField(_("boundary"), srid=4326, null=True, blank=True)
    approximate = models.BooleanField(_("approximate outline"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    """A residents' committee area (社区). No public source gives its outline; at most a centroid."""

    code = models.CharField(_("code"), max_length=16, primary_key=True)
    name = models.CharField(_("name"), max_length=80)
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street"))
    centroid = models.PointField(_("centroid"), srid=4326, null=True, blank=True)
    centroid_source = models.CharField(_("centroid source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name


class ServicePoint(models.Model):
    """A place where a service for children and families is delivered (HSDS: service at location)."""

    PRECISION_CHOICES = [
        ("surveyed", _("surveyed point")),
        ("address", _("geocoded address")),
        ("community", _("community (approximate)")),
        ("street", _("street (approximate)")),
        ("district", _("district (approximate)")),
        # Offline gazetteer levels (resourcemap/geo/gazetteer.py), appended to keep the order above.
        ("road", _("road (approximate)")),
        ("old_street_area", _("former street area (approximate)")),
    ]
    APPROXIMATE_PRECISIONS = APPROXIMATE_PRECISIONS
    # Whom a site serves: everyone in this area, wherever its door is (未成年人保护法 第八十一条:
    # a district's minor-protection centre serves the district, a street's workstation the street).
    # "" = open to anyone, ranked by distance. Defaults: data/service_area_rules.csv.
    SERVICE_AREA_CHOICES = [
        ("", _("none (open to anyone)")),
        ("city", _("the whole city")),
        ("district", _("its district")),
        ("street", _("its street")),
        ("community", _("its community")),
    ]
    STATUS_CHOICES = [
        ("active", _("active")),
        ("temporarily_closed", _("temporarily closed")),
        ("closed", _("closed")),
    ]

    source = models.CharField(_("source"), max_length=64)
    external_id = models.CharField(_("external id"), max_length=128)
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(
        _("alternate names"), max_length=500, blank=True, help_text=_("Aliases and abbreviations, separated by ;")
    )
    description = models.TextField(_("services"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="sites", verbose_name=_("category"))
    # Further categories a site also belongs to (a 九年一贯制 school is a secondary school that
    # also teaches primary grades): filters match them; `category` stays the main one.
    also_categories = models.ManyToManyField(
        Category, blank=True, related_name="also_sites", verbose_name=_("also in categories"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="sites",
        verbose_name=_("organization"),
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="sites", verbose_name=_("district")
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, related_name="sites", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="sites", verbose_name=_("community")
    )
    location = models.PointField(_("location"), geography=True, srid=4326, spatial_index=True)
    location_precision = models.CharField(_("location precision"), max_length=16, choices=PRECISION_CHOICES)
    service_area_kind = models.CharField(
        _("service area"), max_length=12, choices=SERVICE_AREA_CHOICES, blank=True, default="",
        help_text=_("Who the site serves: everyone in its district, street or community, or the whole city."),
    )
    phones = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("phones"))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.JSONField(
        _("opening hours"), default=list, blank=True, help_text='[{"day": 0, "opens": "09:00", "closes": "18:00"}]'
    )
    hours_note = models.CharField(_("hours note"), max_length=300, blank=True)
    min_age = models.DecimalField(_("minimum age (years)"), max_digits=4, decimal_places=1, null=True, blank=True)
    max_age = models.DecimalField(_("maximum age (years)"), max_digits=4, decimal_places=1, null=True, blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    languages = ArrayField(models.CharField(max_length=16), default=list, blank=True, verbose_name=_("languages"))
    accessibility = models.TextField(_("accessibility"), blank=True)
    fee_free = models.BooleanField(_("free of charge"), null=True, blank=True)
    fees = models.CharField(_("fees"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default="active")
    assured_date = models.DateField(_("last verified"), null=True, blank=True)
    provenance = models.CharField(_("provenance"), max_length=300, blank=True)

    # Search columns, filled by directory/actions.py (never edited by hand): normalised
    # simplified-Chinese text, its 1- and 2-character grams for the GIN index, and pinyin.
    search_text = models.TextField(default="", blank=True, editable=False)
    search_grams = ArrayField(models.TextField(), default=list, blank=True, editable=False)
    search_latin = models.TextField(default="", blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = ServicePointQuerySet.as_manager()
    # Audit trail: who changed what, from an admin edit or an import (written set-based by
    # loaders), with revert in the admin. The search columns are derived, so not recorded.
    history = HistoricalRecords(excluded_fields=["search_text", "search_grams", "search_latin"])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="servicepoint_unique_source_id"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True) | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="servicepoint_age_range",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_grams"], name="servicepoint_grams_gin"),
            GinIndex(fields=["search_latin"], name="servicepoint_latin_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["status", "category"], name="servicepoint_status_cat"),
            # "Who serves this point" reads the few sites that have a service area (responsible.units).
            models.Index(
                fields=["service_area_kind", "district", "street", "community"], name="servicepoint_serves",
                condition=~models.Q(service_area_kind=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approximate(self) -> bool:
        return is_approximate(self.location_precision)

    @property
    def known_street(self) -> Street | None:
        """The street, unless the site is placed only to its district: then the stored street
        is just the one containing the district's representative point and says nothing."""
        return None if self.location_precision in ("district", "old_street_area") else self.street

    @property
    def lon(self) -> float:
        return self.location.x

    @property
    def lat(self) -> float:
        return self.location.y

    def is_stale(self, today: date | None = None) -> bool:
        """The same rule as ServicePointQuerySet.stale()."""
        return self.assured_date is None or self.assured_date < stale_cutoff(today)


from resourcemap.directory.version import DataVersion  # noqa: E402,F401  (registered as a model of this app)
