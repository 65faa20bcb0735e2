"""Basic admin registrations; the administration issue builds the full editing workflow."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from resourcemap.directory.models import Category, Community, District, Organization, ServicePoint, Street


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh_hans", "name_en"]
    search_fields = ["code", "name_zh_hans", "name_en"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh_hans", "name_zh_hant", "name_en", "parent", "color", "sort_order"]
    search_fields = ["code", "name_zh_hans", "name_en"]


@admin.register(District)
class DistrictAdmin(LeafletGeoAdmin):
    list_display = ["code", "name", "name_en", "kind"]


@admin.register(Street)
class StreetAdmin(LeafletGeoAdmin):
    list_display = ["code", "name", "district", "functional_area", "approximate"]
    list_filter = ["district"]
    search_fields = ["code", "name"]


@admin.register(Community)
class CommunityAdmin(LeafletGeoAdmin):
    list_display = ["code", "name", "street"]
    search_fields = ["code", "name"]


@admin.register(ServicePoint)
class ServicePointAdmin(LeafletGeoAdmin):
    list_display = ["name", "category", "district", "street", "location_precision", "status", "assured_date"]
    list_filter = ["category", "district", "status", "location_precision"]
    search_fields = ["name", "alternate_name", "address", "external_id"]
    list_select_related = ["category", "district", "street"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.refresh_search_columns()
        super().save_model(request, obj, form, change)
