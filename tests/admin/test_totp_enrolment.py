"""TOTP enrolment: adding a device in the admin leads to a page with its QR code (inline SVG,
served by the app) and its key in base32; a code computed from what the page shows logs in."""

from __future__ import annotations

import re
from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from django.contrib import admin
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from resourcemap.staff.two_factor import require_totp

pytestmark = pytest.mark.django_db
PASSWORD = "the-right-password-123"


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", password=PASSWORD)


@pytest.fixture
def switch_on_totp():
    """Call it to require TOTP from then on (an administrator enrols before switching it on)."""
    original = admin.site.__class__
    yield lambda: require_totp(admin.site)
    admin.site.__class__ = original


def add_device(client: Client, user_id: int) -> tuple[TOTPDevice, str]:
    """Adds a device through the admin's add form (its own random key); returns the enrolment page."""
    form = client.get("/admin/otp_totp/totpdevice/add/").content.decode()
    key = re.search(r'name="key"[^>]*value="([0-9a-f]+)"', form).group(1)
    response = client.post("/admin/otp_totp/totpdevice/add/", {
        "user": user_id, "name": "phone", "confirmed": "on", "key": key, "step": 30, "t0": 0, "digits": 6,
        "tolerance": 1, "drift": 0, "throttling_failure_count": 0,
    }, follow=True)
    device = TOTPDevice.objects.get(user_id=user_id)
    assert response.redirect_chain[-1][0] == f"/admin/otp_totp/totpdevice/{device.pk}/config/"
    return device, response.content.decode()


def test_adding_a_device_shows_its_qr_code_and_key(boss):
    client = Client()
    client.force_login(boss)
    device, page = add_device(client, boss.pk)

    svg = re.search(r'<figure id="totp-qr"[^>]*>(<svg.*?</svg>)</figure>', page, re.S).group(1)
    # The code is the device's otpauth:// URL (segno draws a given text as one matrix)...
    assert svg == segno.make(device.config_url, error="m").svg_inline(scale=4, border=4, title=None)
    assert svg != segno.make(device.config_url.replace("boss", "bose"), error="m").svg_inline(scale=4, border=4)
    # ...which names the user and carries the same key the page shows for typing by hand.
    url = urlsplit(device.config_url)
    assert url.scheme == "otpauth" and url.path.endswith("boss")
    shown = re.search(r'<code id="totp-key">([A-Z2-7 ]+)</code>', page).group(1)
    assert shown.replace(" ", "") == parse_qs(url.query)["secret"][0]
    assert "<img" not in page.split('id="content"', 1)[1]  # inline: nothing fetched, nothing from a CDN


def test_a_code_from_the_shown_key_logs_in_with_totp_required(boss, switch_on_totp):
    admin_client = Client()
    admin_client.force_login(boss)
    device, page = add_device(admin_client, boss.pk)
    switch_on_totp()
    shown = re.search(r'<code id="totp-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    key = b32decode(shown + "=" * (-len(shown) % 8))
    code = f"{totp(key, 30, 0, 6, 0):06d}"  # what the authenticator app computes from the key

    client = Client()
    assert client.post("/admin/login/?next=/admin/", {"username": "boss", "password": PASSWORD}).status_code == 200
    response = client.post("/admin/login/?next=/admin/", {
        "username": "boss", "password": PASSWORD, "otp_device": device.persistent_id, "otp_token": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_only_those_who_may_see_the_device_open_its_enrolment_page(boss, django_user_model):
    device = TOTPDevice.objects.create(user=boss, name="phone", confirmed=True)
    staff = django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
