"""The public "report a problem" form: validation, bot guards, CSRF, rate limit, and the
moderation queue in the admin."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from resourcemap.feedback import forms as feedback_forms
from resourcemap.feedback.models import ProblemReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_wait(monkeypatch):
    """The minimum fill time, shortened so that tests need not sleep."""
    monkeypatch.setattr(feedback_forms, "MIN_FILL_SECONDS", 0)


def url(site: Any) -> str:
    return f"/feedback/report/{site.pk}/"


def form_post(client: Client, site: Any, **fields: str) -> Any:
    page = client.get(url(site))
    started = re.search(r'name="started" value="([^"]+)"', page.text).group(1)
    data = {"kind": "hours", "details": "周六不开门", "contact": "", "homepage": "", "started": started}
    data.update(fields)
    return client.post(url(site), data)


def test_it_shows_the_form_without_login(client, make_site):
    site = make_site(name="报错测试站")
    response = client.get(url(site))
    assert response.status_code == 200
    assert "报错测试站" in response.text
    assert 'name="csrfmiddlewaretoken"' in response.text


def test_it_accepts_a_report_into_the_moderation_queue(client, make_site, no_wait):
    site = make_site()
    response = form_post(client, site, contact="13800000000")
    assert response.status_code == 200
    report = ProblemReport.objects.get()
    assert (report.site, report.kind, report.details, report.contact, report.status) == (
        site, "hours", "周六不开门", "13800000000", "pending"
    )
    assert not any("127.0.0.1" in str(value) for value in vars(report).values())


def test_it_names_the_missing_fields(client, make_site, no_wait):
    site = make_site()
    response = form_post(client, site, kind="")
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    response = form_post(client, site, kind="other", details=" ")
    assert "details" in response.context["form"].errors
    response = form_post(client, site, kind="nonsense")
    assert "kind" in response.context["form"].errors
    assert not ProblemReport.objects.exists()


def test_it_rejects_a_filled_honeypot(client, make_site, no_wait):
    response = form_post(client, make_site(), homepage="http://spam.example")
    assert "homepage" in response.context["form"].errors
    assert not ProblemReport.objects.exists()


def test_it_rejects_a_form_sent_back_too_fast(client, make_site):
    response = form_post(client, make_site())
    assert "started" in response.context["form"].errors
    assert not ProblemReport.objects.exists()
    html = response.content.decode()
    assert "不到 3 秒" in html  # the refusal says why and what to do
    assert "周六不开门" in html  # what was typed is kept


def test_it_rejects_a_forged_start_time(client, make_site, no_wait):
    site = make_site()
    response = client.post(url(site), {"kind": "hours", "started": str(time.time() - 60)})
    assert "started" in response.context["form"].errors


def test_it_requires_the_csrf_token(make_site, no_wait):
    site = make_site()
    client = Client(enforce_csrf_checks=True)
    started = feedback_forms.form_started_token()
    response = client.post(url(site), {"kind": "hours", "details": "x", "started": started})
    assert response.status_code == 403
    assert not ProblemReport.objects.exists()


def test_it_rate_limits_each_client(make_site, no_wait):
    site = make_site()
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        assert form_post(client, site).status_code == 200
    limited = form_post(client, site)
    assert limited.status_code == 429
    assert ProblemReport.objects.count() == 5
    other_client = Client(REMOTE_ADDR="203.0.113.8")
    assert form_post(other_client, site).status_code == 200
    assert ProblemReport.objects.count() == 6


def test_it_does_not_keep_the_client_address_in_the_cache_key(make_site, no_wait):
    from resourcemap.feedback.ratelimit import client_key

    class FakeRequest:
        META = {"REMOTE_ADDR": "203.0.113.7"}

    assert "203.0.113.7" not in client_key(FakeRequest())  # type: ignore[arg-type]


def test_it_returns_404_for_an_unknown_or_closed_site(client, make_site):
    assert client.get("/feedback/report/999999/").status_code == 404
    assert client.get(url(make_site(status="closed"))).status_code == 404


def test_it_lets_staff_accept_or_reject_reports_in_the_queue(admin_client, admin_user, client, make_site, no_wait):
    site = make_site(name="队列测试站")
    form_post(client, site, kind="closed", details="已搬走")
    form_post(client, site, kind="other", details="广告内容")
    accepted_one, rejected_one = (
        ProblemReport.objects.get(kind="closed"), ProblemReport.objects.get(kind="other")
    )
    queue = admin_client.get("/admin/feedback/problemreport/")
    assert queue.status_code == 200
    assert "已搬走" in queue.text and "广告内容" in queue.text
    assert f"/admin/directory/servicepoint/{site.pk}/change/" in queue.text

    admin_client.post("/admin/feedback/problemreport/", {"action": "accept", "_selected_action": [accepted_one.pk]})
    admin_client.post("/admin/feedback/problemreport/", {"action": "reject", "_selected_action": [rejected_one.pk]})
    accepted_one.refresh_from_db()
    rejected_one.refresh_from_db()
    assert (accepted_one.status, accepted_one.moderated_by) == ("accepted", admin_user)
    assert rejected_one.status == "rejected"
    queue = admin_client.get("/admin/feedback/problemreport/")
    assert "已搬走" not in queue.text and "广告内容" not in queue.text  # the queue shows pending only
    everything = admin_client.get("/admin/feedback/problemreport/", {"queue": "all"})
    assert "已搬走" in everything.text


def test_it_shows_an_editor_only_reports_on_their_organizations_sites(client, make_site, no_wait):
    from django.contrib.auth.models import Group, User

    from resourcemap.directory.models import Organization
    from resourcemap.staff.models import OrganizationEditor

    school = make_site(name="学校站", organization=Organization.objects.get(code="education"))
    hospital = make_site(name="医院站", organization=Organization.objects.get(code="health"))
    form_post(client, school, details="学校的问题")
    form_post(client, hospital, details="医院的问题")
    editor = User.objects.create_user("ed", password="x-long-password-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="organization editors"))
    OrganizationEditor.objects.create(user=editor, organization=school.organization)
    staff = Client()
    staff.force_login(editor)
    queue = staff.get("/admin/feedback/problemreport/").text
    assert "学校的问题" in queue and "医院的问题" not in queue
    hospital_report = ProblemReport.objects.get(site=hospital)
    staff.post("/admin/feedback/problemreport/", {"action": "reject", "_selected_action": [hospital_report.pk]})
    hospital_report.refresh_from_db()
    assert hospital_report.status == "pending"


def test_it_is_reached_from_the_public_site_page(client, make_site):
    site = make_site(name="链接测试站")
    page = client.get(f"/sites/{site.pk}/")
    assert page.status_code == 200
    assert f'href="{url(site)}"' in page.text
    assert client.get(url(site)).status_code == 200
