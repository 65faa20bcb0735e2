from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from resourcemap.staff import directory_admin  # noqa: F401 - registers the directory's models
from resourcemap.staff.models import OrganizationEditor
from resourcemap.staff.permission_names import register as register_translated_permission_names
from resourcemap.staff.translated_admin import TranslatedStaticDeviceAdmin
from resourcemap.staff.two_factor import EnrolmentTOTPDeviceAdmin

register_translated_permission_names()


@admin.register(OrganizationEditor)
class OrganizationEditorAdmin(admin.ModelAdmin):
    """Which organizations each organization editor may edit (add the user to that group too)."""

    list_display = ["user", "organization"]
    list_filter = ["organization"]
    search_fields = ["user__username", "organization__name_zh_hans"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["user"]


# django-otp's admin module registered its own (importing its ModelAdmin ran it): ours replaces
# it, so adding a device leads to the enrolment QR code.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, EnrolmentTOTPDeviceAdmin)

# The backup-code lists' admin, with its fieldset titles and search help in the page's language.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)
admin.site.register(StaticDevice, TranslatedStaticDeviceAdmin)
