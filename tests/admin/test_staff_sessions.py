"""Staff sessions end after STAFF_SESSION_IDLE_HOURS idle (each request renews them), and with
STAFF_TOTP_REQUIRED the admin wants a TOTP code besides the password."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from resourcemap.staff.sessions import RENEW_EVERY_SECONDS, RENEWED_AT
from resourcemap.staff.two_factor import require_totp

pytestmark = pytest.mark.django_db
PASSWORD = "the-right-password-123"


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", password=PASSWORD)


def test_a_staff_session_expires_after_eight_idle_hours(boss, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600  # the default
    client = Client()
    assert client.post("/admin/login/?next=/admin/", {"username": "boss", "password": PASSWORD}).status_code == 302
    state = client.session
    state[RENEWED_AT] = time.time() - RENEW_EVERY_SECONDS - 1  # renewed more than ten minutes ago
    state.save()
    session = Session.objects.get()
    session.expire_date = timezone.now() + timedelta(minutes=5)  # 7 h 55 min idle
    session.save()
    assert client.get("/admin/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + timedelta(hours=7, minutes=59)  # renewed
    assert client.get("/").status_code == 200  # a public page writes nothing (the read path needs no primary)

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # 8 h idle
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def totp_required():
    original = admin.site.__class__
    require_totp(admin.site)
    yield
    admin.site.__class__ = original


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_with_totp_required_the_password_alone_is_not_enough(boss, totp_required):
    device = TOTPDevice.objects.create(user=boss, name="phone", confirmed=True)
    login = "/admin/login/?next=/admin/"

    client = Client()
    assert client.post(login, {"username": "boss", "password": PASSWORD}).status_code == 200  # form again
    assert client.get("/admin/").status_code == 302
    wrong = client.post(login, {"username": "boss", "password": PASSWORD, "otp_device": device.persistent_id,
                                "otp_token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    time.sleep(2.5)  # django-otp throttles a device for a second or two after a wrong code

    response = client.post(login, {"username": "boss", "password": PASSWORD, "otp_device": device.persistent_id,
                                   "otp_token": code(device)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
