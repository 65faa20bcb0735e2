"""The report form's rate limit counts the client as TRUSTED_PROXY_COUNT defines it: rotating
X-Forwarded-For gets no report past the limit, with or without a proxy in front."""

from __future__ import annotations

import pytest
from django.test import Client

from resourcemap.feedback.models import ProblemReport
from resourcemap.feedback.ratelimit import REPORTS_PER_WINDOW
from tests.feedback.test_report_problem import _fresh_cache, form_post, no_wait  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def post_rotating(client: Client, site, count: int, real_client: str | None) -> list[int]:
    statuses = []
    for n in range(count):
        forged = f"192.0.2.{n}"
        header = f"{forged}, {real_client}" if real_client else forged  # the proxy appends what it saw
        client.defaults["HTTP_X_FORWARDED_FOR"] = header
        statuses.append(form_post(client, site).status_code)
    return statuses


@pytest.mark.parametrize(("proxies", "peer", "real_client"), [
    (0, "198.51.100.80", None),  # no proxy: the header is the client's own invention
    (1, "10.0.0.2", "198.51.100.81"),  # behind the documented nginx
])
def test_rotating_forwarded_for_gets_nothing_past_the_limit(
    settings, make_site, no_wait, proxies, peer, real_client  # noqa: F811
):
    settings.TRUSTED_PROXY_COUNT = proxies
    site = make_site()
    statuses = post_rotating(Client(REMOTE_ADDR=peer), site, 8, real_client)
    assert statuses == [200] * REPORTS_PER_WINDOW + [429] * (8 - REPORTS_PER_WINDOW)
    assert ProblemReport.objects.count() == REPORTS_PER_WINDOW


def test_behind_the_proxy_each_real_client_has_its_own_limit(settings, make_site, no_wait):  # noqa: F811
    settings.TRUSTED_PROXY_COUNT = 1
    site = make_site()
    post_rotating(Client(REMOTE_ADDR="10.0.0.2"), site, REPORTS_PER_WINDOW, "198.51.100.82")
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.83")
    assert form_post(other, site).status_code == 200
