"""The optional TOTP second factor for the admin (STAFF_TOTP_REQUIRED), by django-otp.

With it on, the admin's login form asks for the code from an authenticator app as well, and
a staff member without a verified device is treated as not staff. Devices are added in the
admin (TOTP devices); adding one opens its enrolment page: a QR code to scan (segno, inline
SVG: no image request, no CDN) and the key to type by hand. The first administrator logs in
once with a static token from `manage.py addstatictoken <username>` to enrol theirs.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from resourcemap.staff.translated_admin import TranslatedFieldsetsMixin


def require_totp(site: AdminSite) -> None:
    # django-otp's documented way to protect the default admin site without renaming it.
    site.__class__ = OTPAdminSite


def enrolment_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code. The URL is built by django-otp from
    the quoted user name, the key and the issuer, so the SVG holds no markup of anyone's."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=4, title=None)


def readable_key(device: TOTPDevice) -> str:
    """The key as authenticator apps ask for it when typed by hand: base32, in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class EnrolmentTOTPDeviceAdmin(TranslatedFieldsetsMixin, TOTPDeviceAdmin):
    """django-otp's device admin, leading from "add" straight to the enrolment page (the QR code)."""

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> HttpResponse:
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return HttpResponseRedirect(reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": obj.pk}))
