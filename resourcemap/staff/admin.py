from django.contrib import admin

from resourcemap.staff import directory_admin  # noqa: F401 - registers the directory's models
from resourcemap.staff.models import OrganizationEditor
from resourcemap.staff.permission_names import register as register_translated_permission_names

register_translated_permission_names()


@admin.register(OrganizationEditor)
class OrganizationEditorAdmin(admin.ModelAdmin):
    """Which organizations each organization editor may edit (add the user to that group too)."""

    list_display = ["user", "organization"]
    list_filter = ["organization"]
    search_fields = ["user__username", "organization__name_zh_hans"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["user"]
