"""Roles: data administrators edit everything, organization editors only their own
organizations' sites (also against crafted POSTs), read-only staff only look."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from resourcemap.directory.models import Organization, ServicePoint
from resourcemap.staff.roles import ROLE_GROUPS
from tests.admin.conftest import change_form_data

pytestmark = pytest.mark.django_db
CHANGE_URL = "/admin/directory/servicepoint/{}/change/"
LIST_URL = "/admin/directory/servicepoint/"


@pytest.fixture
def school_and_hospital(make_site):
    school = make_site(name="实验小学", organization=Organization.objects.get(code="education"))
    hospital = make_site(name="乙号测试医院", organization=Organization.objects.get(code="health"))
    return school, hospital


def test_it_creates_the_three_role_groups_by_migration():
    assert set(Group.objects.filter(name__in=ROLE_GROUPS).values_list("name", flat=True)) == set(ROLE_GROUPS)
    admins = Group.objects.get(name="data administrators")
    assert admins.permissions.filter(codename="add_importrun").exists()
    assert not Group.objects.get(name="read-only staff").permissions.exclude(codename__startswith="view_").exists()


def test_it_lists_only_the_editors_own_organizations_sites(education_editor, school_and_hospital):
    response = education_editor.get(LIST_URL)
    assert response.status_code == 200
    assert "实验小学" in response.text
    assert "乙号测试医院" not in response.text


def test_it_lets_an_editor_change_their_own_site(education_editor, school_and_hospital):
    school, _ = school_and_hospital
    response = education_editor.post(CHANGE_URL.format(school.pk), change_form_data(school, name="实验小学（本部）"))
    assert response.status_code == 302, response.content[:2000]
    school.refresh_from_db()
    assert school.name == "实验小学（本部）"
    assert school.history.first().history_user == education_editor.user


def test_it_refuses_an_editor_a_crafted_post_to_another_organizations_site(
    education_editor, school_and_hospital
):
    _, hospital = school_and_hospital
    assert education_editor.get(CHANGE_URL.format(hospital.pk)).status_code in (302, 403, 404)
    response = education_editor.post(
        CHANGE_URL.format(hospital.pk),
        change_form_data(hospital, name="被篡改", organization=Organization.objects.get(code="education").pk),
    )
    assert response.status_code in (302, 403, 404)
    hospital.refresh_from_db()
    assert hospital.name == "乙号测试医院"
    assert hospital.organization.code == "health"


def test_it_refuses_an_editor_moving_their_site_to_another_organization(education_editor, school_and_hospital):
    school, _ = school_and_hospital
    health = Organization.objects.get(code="health")
    response = education_editor.post(CHANGE_URL.format(school.pk), change_form_data(school, organization=health.pk))
    assert response.status_code == 200  # the form comes back with an error
    assert "organization" in response.context["adminform"].form.errors
    school.refresh_from_db()
    assert school.organization.code == "education"


def test_it_refuses_an_editor_bulk_actions_on_another_organizations_site(education_editor, school_and_hospital):
    school, hospital = school_and_hospital
    response = education_editor.post(
        LIST_URL, {"action": "temporarily_close", "_selected_action": [school.pk, hospital.pk]}
    )
    assert response.status_code == 302
    assert ServicePoint.objects.get(pk=school.pk).status == "temporarily_closed"
    assert ServicePoint.objects.get(pk=hospital.pk).status == "active"


def test_it_lets_read_only_staff_view_but_not_change(read_only, school_and_hospital):
    school, hospital = school_and_hospital
    assert read_only.get(LIST_URL).status_code == 200
    page = read_only.get(CHANGE_URL.format(hospital.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    response = read_only.post(CHANGE_URL.format(hospital.pk), change_form_data(hospital, name="改名"))
    assert response.status_code == 403
    hospital.refresh_from_db()
    assert hospital.name == "乙号测试医院"


def test_it_lets_a_data_administrator_change_any_site(data_admin, school_and_hospital):
    _, hospital = school_and_hospital
    health = Organization.objects.get(code="health")
    response = data_admin.post(
        CHANGE_URL.format(hospital.pk), change_form_data(hospital, name="市乙号测试医院新名", organization=health.pk)
    )
    assert response.status_code == 302
    hospital.refresh_from_db()
    assert hospital.name == "市乙号测试医院新名"
    assert "市乙号测试医院新名" in hospital.search_text or hospital.search_grams  # refreshed search columns


def test_it_hides_another_organizations_history_and_revert_from_an_editor(education_editor, school_and_hospital):
    _, hospital = school_and_hospital
    assert education_editor.get(f"{LIST_URL}{hospital.pk}/history/").status_code == 403
    version = hospital.history.get()
    revert_url = f"{LIST_URL}{hospital.pk}/history/{version.history_id}/"
    assert education_editor.get(revert_url).status_code == 403
    assert education_editor.post(revert_url, change_form_data(hospital, name="被篡改")).status_code == 403
    hospital.refresh_from_db()
    assert hospital.name == "乙号测试医院"


def test_it_exports_only_an_editors_own_sites(education_editor, school_and_hospital):
    body = education_editor.get(LIST_URL + "export/csv/").content.decode("utf-8-sig")
    assert "实验小学" in body and "乙号测试医院" not in body


def test_it_lets_a_data_administrator_edit_the_law_category_mapping(data_admin, read_only, education_editor):
    assert data_admin.get("/admin/policies/categoryarticlelink/add/").status_code == 200
    assert read_only.get("/admin/policies/categoryarticlelink/").status_code == 200
    assert read_only.get("/admin/policies/categoryarticlelink/add/").status_code == 403
    assert education_editor.get("/admin/policies/categoryarticlelink/").status_code == 403
