"""Locations typed for referrals and nearest lookups never reach the logs."""

import logging

from resourcemap.logging import StripPrivateQueryStrings, strip_private_query


def test_it_strips_query_strings_of_private_paths():
    line = '"GET /referral/?lat=22.54&lon=114.05&address=%E7%A6%8F%E7%94%B0 HTTP/1.1" 200 512'
    assert strip_private_query(line) == '"GET /referral/ HTTP/1.1" 200 512'
    line = '"GET /en/api/v1/nearest/?lat=22.5&lon=114.0 HTTP/1.1" 200 10'
    assert "22.5" not in strip_private_query(line)


def test_it_keeps_query_strings_of_other_paths():
    line = '"GET /api/v1/sites/?category=hospital HTTP/1.1" 200 10'
    assert strip_private_query(line) == line


def test_it_filters_django_server_records():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
        ("GET /api/v1/referral-plan/?lat=22.5&lon=114.1 HTTP/1.1", "200", "99"), None,
    )
    StripPrivateQueryStrings().filter(record)
    assert "22.5" not in record.getMessage()
