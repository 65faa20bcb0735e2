from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from resourcemap.staff.two_factor import enrolment_qr_svg, readable_key

register = template.Library()


@register.simple_tag
def totp_qr_svg(device: TOTPDevice) -> SafeString:
    return mark_safe(enrolment_qr_svg(device))  # noqa: S308 - segno's SVG of a URL django-otp quoted


@register.simple_tag
def totp_readable_key(device: TOTPDevice) -> str:
    return readable_key(device)
