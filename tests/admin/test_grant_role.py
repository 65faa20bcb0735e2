from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from resourcemap.staff.models import OrganizationEditor

pytestmark = pytest.mark.django_db


def test_it_makes_the_first_superuser_a_data_administrator(django_user_model):
    user = django_user_model.objects.create_superuser("first", password="a-long-password-123")
    call_command("grant_role", "first", "administrator")
    assert list(user.groups.values_list("name", flat=True)) == ["data administrators"]


def test_it_links_an_editor_to_their_organizations(django_user_model):
    user = django_user_model.objects.create_user("ed", password="a-long-password-123")
    call_command("grant_role", "ed", "editor", "--organization", "education", "--organization", "health")
    user.refresh_from_db()
    assert user.is_staff
    assert set(OrganizationEditor.objects.filter(user=user).values_list("organization__code", flat=True)) == {
        "education", "health"
    }


def test_it_names_an_unknown_organization(django_user_model):
    django_user_model.objects.create_user("ed", password="a-long-password-123")
    with pytest.raises(CommandError, match="unknown organization 'nope'"):
        call_command("grant_role", "ed", "editor", "--organization", "nope")
