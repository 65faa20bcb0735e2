"""The typed environment readers fail loudly on bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from resourcemap.env import env_bool, env_choice, env_int, env_list, env_str


def test_it_reads_booleans_strictly(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG") is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_it_reads_integers_with_bounds(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N", 1, minimum=1, maximum=20) == 12
    monkeypatch.setenv("N", "x")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("N", 1)
    monkeypatch.setenv("N", "99")
    with pytest.raises(ImproperlyConfigured, match="outside"):
        env_int("N", 1, maximum=20)


def test_it_requires_strings_without_default(monkeypatch):
    monkeypatch.delenv("MISSING_VALUE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="MISSING_VALUE"):
        env_str("MISSING_VALUE")


def test_it_reads_lists_and_choices(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_list("HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("CRS", "bd09")
    with pytest.raises(ImproperlyConfigured, match="wgs84"):
        env_choice("CRS", ("wgs84", "gcj02"), "wgs84")
