"""The optional TOTP second factor for the admin (STAFF_TOTP_REQUIRED), by django-otp.

With it on, the admin's login form asks for the code from an authenticator app as well, and
a staff member without a verified device is treated as not staff. Devices are added in the
admin (TOTP devices); the first administrator logs in once with a static token from
`manage.py addstatictoken <username>` to enrol theirs.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminSite


def require_totp(site: AdminSite) -> None:
    # django-otp's documented way to protect the default admin site without renaming it.
    site.__class__ = OTPAdminSite
