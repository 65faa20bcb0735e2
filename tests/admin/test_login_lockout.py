"""Logins nobody can deny: failures count per username and real client address together, with a
delay that grows with each failure; the client behind the trusted proxy is the one counted,
and an X-Forwarded-For from an untrusted peer is ignored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
RIGHT = "the-right-password-123"


@pytest.fixture(autouse=True)
def staff(django_user_model, settings):
    settings.LOGIN_FAILURES_BEFORE_DELAY = 5
    settings.LOGIN_FIRST_DELAY_SECONDS = 60
    settings.LOGIN_MAX_DELAY_SECONDS = 3600
    django_user_model.objects.create_superuser("boss", password=RIGHT)
    django_user_model.objects.create_superuser("deputy", password=RIGHT)


def attempt(client: Client, username: str, password: str = "wrong", **headers: str) -> int:
    return client.post(LOGIN, {"username": username, "password": password}, **headers).status_code


def fail_five_times(client: Client, username: str, **headers: str) -> None:
    for _ in range(4):
        assert attempt(client, username, **headers) == 200
    assert attempt(client, username, **headers) == 429


def test_failures_from_one_address_lock_neither_another_user_nor_another_address():
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    fail_five_times(attacker, "boss")
    assert attempt(attacker, "boss", RIGHT) == 429  # this pair waits
    assert attempt(Client(REMOTE_ADDR="198.51.100.66"), "deputy", RIGHT) == 302  # another user, same address
    assert attempt(Client(REMOTE_ADDR="203.0.113.9"), "boss", RIGHT) == 302  # the real boss, elsewhere


def test_the_delay_grows_with_each_failure_and_then_lets_one_try_through():
    client = Client(REMOTE_ADDR="198.51.100.67")
    fail_five_times(client, "boss")

    def wait_out(seconds: int) -> None:
        AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(seconds=seconds))

    # Every try while waiting counts as a failure and restarts a doubled wait. (Each request
    # takes a second or so of password hashing: the waits leave room for that.)
    wait_out(45)
    assert attempt(client, "boss", RIGHT) == 429  # within the first minute; six failures: two minutes
    wait_out(100)
    assert attempt(client, "boss", RIGHT) == 429  # past one minute, within two; seven: four minutes
    wait_out(250)
    assert attempt(client, "boss", RIGHT) == 302  # the right password after the delay
    assert not AccessAttempt.objects.exists()  # a success forgets the failures


def test_behind_the_trusted_proxy_the_lock_follows_the_real_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"  # every request reaches Django from the proxy
    attacker = Client(REMOTE_ADDR=proxy)
    fail_five_times(attacker, "boss", HTTP_X_FORWARDED_FOR="198.51.100.70")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.70"
    # The boss comes through the same proxy from another address: not locked.
    assert attempt(Client(REMOTE_ADDR=proxy), "boss", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.10") == 302
    # The attacker cannot escape by writing its own X-Forwarded-For: the proxy appends the real one.
    assert attempt(attacker, "boss", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.10, 198.51.100.70") == 429


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0  # no proxy: whatever X-Forwarded-For says was written by the client
    client = Client(REMOTE_ADDR="198.51.100.71")
    for n in range(4):
        assert attempt(client, "boss", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}") == 200
    assert attempt(client, "boss", HTTP_X_FORWARDED_FOR="192.0.2.99") == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.71"]
