"""Puts a staff user into one of the three roles (and, for editors, links their organizations).

    manage.py grant_role alice administrator
    manage.py grant_role bob editor --organization education --organization health
    manage.py grant_role carol read-only
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from resourcemap.directory.models import Organization
from resourcemap.staff.models import OrganizationEditor
from resourcemap.staff.roles import DATA_ADMINISTRATORS, ORGANIZATION_EDITORS, READ_ONLY_STAFF

ROLES = {"administrator": DATA_ADMINISTRATORS, "editor": ORGANIZATION_EDITORS, "read-only": READ_ONLY_STAFF}


class Command(BaseCommand):
    help = "Give a user a staff role: administrator, editor (with --organization) or read-only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLES))
        parser.add_argument(
            "--organization", action="append", default=[], metavar="CODE",
            help="organization code an editor may edit (repeatable)",
        )

    @transaction.atomic
    def handle(self, *args: Any, username: str, role: str, organization: list[str], **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist as exc:
            raise CommandError(f"no user {username!r}: create it first (manage.py createsuperuser)") from exc
        if role == "editor" and not organization:
            raise CommandError("an editor needs at least one --organization CODE")
        organizations = []
        for code in organization:
            try:
                organizations.append(Organization.objects.get(code=code))
            except Organization.DoesNotExist as exc:
                known = ", ".join(Organization.objects.values_list("code", flat=True))
                raise CommandError(f"unknown organization {code!r}; known: {known}") from exc
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=ROLES[role]))
        for org in organizations:
            OrganizationEditor.objects.get_or_create(user=user, organization=org)
        self.stdout.write(f"{username}: {ROLES[role]}" + (f" ({', '.join(organization)})" if organization else ""))
