"""The three staff roles and what each may touch.

Roles are Django groups created by migration 0002: data administrators (everything,
including imports), organization editors (only their own organizations' sites) and
read-only staff (view only). Permissions come from the groups; the organization scoping of
editors is enforced by the admin classes through the functions here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

DATA_ADMINISTRATORS = "data administrators"
ORGANIZATION_EDITORS = "organization editors"
READ_ONLY_STAFF = "read-only staff"
ROLE_GROUPS = (DATA_ADMINISTRATORS, ORGANIZATION_EDITORS, READ_ONLY_STAFF)


def is_data_administrator(user: Any) -> bool:
    """Superusers and members of the data administrators group see and edit everything."""
    if not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or user.groups.filter(name=DATA_ADMINISTRATORS).exists()


def editable_organization_ids(user: Any) -> set[int]:
    return set(user.organization_links.values_list("organization_id", flat=True))


def scope_to_user_organizations(queryset: QuerySet, user: Any, organization_field: str = "organization") -> QuerySet:
    """All rows for data administrators and read-only staff; an editor's own organizations' rows
    for anyone who is neither (so a forgotten group can only narrow, never widen, access)."""
    if is_data_administrator(user) or _is_read_only(user):
        return queryset
    return queryset.filter(**{f"{organization_field}__in": editable_organization_ids(user)})


def may_edit_organization(user: Any, organization_id: int | None) -> bool:
    if is_data_administrator(user):
        return True
    return organization_id is not None and organization_id in editable_organization_ids(user)


def may_see_contacts(user: Any) -> bool:
    """Reporters' contact details: data administrators and organization editors (whose report
    lists are scoped to their organizations), never read-only staff."""
    return is_data_administrator(user) or user.groups.filter(name=ORGANIZATION_EDITORS).exists()


def _is_read_only(user: Any) -> bool:
    return user.groups.filter(name=READ_ONLY_STAFF).exists() and not user.groups.filter(
        name=ORGANIZATION_EDITORS
    ).exists()
