"""The directory in the Django admin: service points edited on a map, with history, roles,
freshness flags, bulk actions and exports. Reference tables are plain registrations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from resourcemap.directory import actions
from resourcemap.directory.models import Category, Community, District, Organization, ServicePoint, Street
from resourcemap.staff import export
from resourcemap.staff.location_widget import PastedCoordinatesMixin, ScriptFreeLeafletAdminMixin
from resourcemap.staff.roles import (
    editable_organization_ids,
    is_data_administrator,
    may_edit_organization,
    scope_to_user_organizations,
)


class ScriptFreeLeafletGeoAdmin(ScriptFreeLeafletAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["code", "name_zh_hans", "name_en", "aliases"]
    search_fields = ["code", "name_zh_hans", "name_en", "aliases"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh_hans", "name_zh_hant", "name_en", "parent", "color", "sort_order"]
    search_fields = ["code", "name_zh_hans", "name_en"]

    def get_readonly_fields(self, request: HttpRequest, obj: Category | None = None) -> list[str]:
        # Codes are identifiers (policy links, shared map links, API clients, import files).
        return ["code"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        actions.update_category(obj)  # its names and aliases are in its sites' search columns


@admin.register(District)
class DistrictAdmin(ScriptFreeLeafletGeoAdmin):
    list_display = ["code", "name", "name_en", "kind"]


@admin.register(Street)
class StreetAdmin(ScriptFreeLeafletGeoAdmin):
    list_display = ["code", "name", "district", "functional_area", "approximate"]
    list_filter = ["district"]
    search_fields = ["code", "name"]


@admin.register(Community)
class CommunityAdmin(ScriptFreeLeafletGeoAdmin):
    list_display = ["code", "name", "street"]
    search_fields = ["code", "name"]


class StaleFilter(admin.SimpleListFilter):
    title = _("freshness")
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("stale (not verified recently)")), ("no", _("verified recently"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ServicePoint]) -> QuerySet[ServicePoint]:
        if self.value() == "yes":
            return queryset.stale()
        if self.value() == "no":
            return queryset.recently_verified()
        return queryset


def _https_url_fields(field: models.Field, **kwargs: object) -> object:
    # A website typed without a scheme is taken as https:// (Django 6's default, chosen now).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ServicePointForm(PastedCoordinatesMixin, ModelForm):
    class Meta:
        model = ServicePoint
        formfield_callback = _https_url_fields
        fields = [
            "name", "alternate_name", "category", "organization", "status", "assured_date", "location",
            "location_precision", "address", "district", "street", "community", "phones", "website", "email",
            "opening_hours", "hours_note", "description", "min_age", "max_age", "eligibility", "languages",
            "accessibility", "fee_free", "fees", "source", "external_id", "provenance", "service_area_kind",
        ]


@admin.register(ServicePoint)
class ServicePointAdmin(ScriptFreeLeafletAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    form = ServicePointForm
    list_display = [
        "name", "category", "organization", "district", "street", "location_precision", "status",
        "assured_date", "is_stale",
    ]
    list_filter = [
        "category", "district", ("street", admin.RelatedOnlyFieldListFilter), "status", "location_precision",
        StaleFilter, "organization", "service_area_kind",
    ]
    search_fields = ["name", "alternate_name", "address", "external_id", "phones"]
    list_select_related = ["category", "organization", "district", "street"]
    actions = ["mark_verified_today", "temporarily_close"]
    history_list_display = ["status", "assured_date"]
    object_history_list_template = "admin/directory/servicepoint/object_history_list.html"
    fieldsets = [
        (None, {"fields": ["name", "alternate_name", "category", "organization", "status", "assured_date"]}),
        (_("Location"), {"fields": [
            "location", "paste_coordinates", "paste_crs", "location_precision", "address", "district", "street",
            "community", "service_area_kind",
        ]}),
        (_("Contact and hours"), {"fields": ["phones", "website", "email", "opening_hours", "hours_note"]}),
        (_("Services"), {"fields": [
            "description", "min_age", "max_age", "eligibility", "languages", "accessibility", "fee_free", "fees",
        ]}),
        (_("Source"), {"fields": ["source", "external_id", "provenance"]}),
    ]

    @admin.display(description=_("stale"), boolean=True)
    def is_stale(self, site: ServicePoint) -> bool:
        return site.is_stale()

    # --- Roles: an organization editor sees and edits only their organizations' sites.

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServicePoint]:
        return scope_to_user_organizations(super().get_queryset(request), request.user)

    def has_view_permission(self, request: HttpRequest, obj: ServicePoint | None = None) -> bool:
        if obj is not None and not self.get_queryset(request).filter(pk=obj.pk).exists():
            return False
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: ServicePoint | None = None) -> bool:
        # The site as it is now: an old history version (simple-history passes one) may name an
        # organization the site has since left, whose editors may no longer read it.
        if obj is not None and not (
            may_edit_organization(request.user, obj.organization_id)
            and (obj.pk is None or self.get_queryset(request).filter(pk=obj.pk).exists())
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ServicePoint | None = None) -> bool:
        if obj is not None and not may_edit_organization(request.user, obj.organization_id):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organization" and not is_data_administrator(request.user):
            kwargs["queryset"] = Organization.objects.filter(pk__in=editable_organization_ids(request.user))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organization" and not is_data_administrator(request.user):
            field.required = True
        return field

    def save_model(self, request: HttpRequest, obj: ServicePoint, form: Any, change: bool) -> None:
        # The form already limits the organization; this guards every other path to a save.
        if not may_edit_organization(request.user, obj.organization_id):
            raise PermissionDenied
        if change:
            stored = ServicePoint.objects.only("organization_id").get(pk=obj.pk)
            if not may_edit_organization(request.user, stored.organization_id):
                raise PermissionDenied
        actions.save_site(obj, user=request.user)

    # --- Bulk actions, each saved with a history row per site.

    @admin.action(description=_("Mark the selected sites verified today"), permissions=["change"])
    def mark_verified_today(self, request: HttpRequest, queryset: QuerySet[ServicePoint]) -> None:
        today = timezone.localdate()
        count = self._bulk_set(request, queryset, assured_date=today)
        self.message_user(request, ngettext(
            "%(count)d site marked verified today.", "%(count)d sites marked verified today.", count
        ) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Mark the selected sites temporarily closed"), permissions=["change"])
    def temporarily_close(self, request: HttpRequest, queryset: QuerySet[ServicePoint]) -> None:
        count = self._bulk_set(request, queryset, status="temporarily_closed")
        self.message_user(request, ngettext(
            "%(count)d site marked temporarily closed.", "%(count)d sites marked temporarily closed.", count
        ) % {"count": count}, messages.SUCCESS)

    @transaction.atomic
    def _bulk_set(self, request: HttpRequest, queryset: QuerySet[ServicePoint], **values: Any) -> int:
        sites = [s for s in queryset.select_for_update(of=("self",)) if may_edit_organization(request.user, s.organization_id)]
        return actions.bulk_set_fields(
            sites, user=request.user, reason=str(_("bulk action in the admin")), **values
        )

    # --- Export of the filtered list: the change list's own filters and search decide the rows.

    def get_urls(self) -> list[URLPattern]:
        export_url = path(
            "export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name="directory_servicepoint_export"
        )
        return [export_url, *super().get_urls()]

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in export.FORMATS:
            raise Http404
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(_("Unknown filter in the address."))
        sites = changelist.queryset
        return export.export_response(sites, fmt, f"service-points-{timezone.localdate().isoformat()}")
