"""Permission names on the user and group forms in the page's language.

Django stores each permission's name once, in English, when the model is migrated ("Can add
service point"), so no catalogue reaches it. The four default permissions are named here from
their action and the model's (translated) verbose name instead; any other permission keeps its
stored name."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.utils.translation import gettext as _

ACTIONS = {
    "add": lambda name: _("Can add %(name)s") % {"name": name},
    "change": lambda name: _("Can change %(name)s") % {"name": name},
    "delete": lambda name: _("Can delete %(name)s") % {"name": name},
    "view": lambda name: _("Can view %(name)s") % {"name": name},
}


def model_name(model: type) -> str:
    # django-simple-history fixes "historical <name>" in the language of the moment it loads.
    if recorded := getattr(model, "instance_type", None):
        return _("historical %(name)s") % {"name": recorded._meta.verbose_name}
    return str(model._meta.verbose_name)


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    action, _separator, codename_model = permission.codename.partition("_")
    if model is None or codename_model != model._meta.model_name or action not in ACTIONS:
        return str(permission)
    app = apps.get_app_config(permission.content_type.app_label).verbose_name
    return f"{app} | {model_name(model)} | {ACTIONS[action](model_name(model))}"


class TranslatedPermissionsMixin:
    def formfield_for_manytomany(self, db_field: Any, request: Any = None, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
            # PostGIS's own catalogue tables (geometry_columns, spatial_ref_sys): nobody edits them.
            field.queryset = field.queryset.exclude(content_type__app_label="gis")
        return field


class TranslatedGroupAdmin(TranslatedPermissionsMixin, GroupAdmin):
    pass


class TranslatedUserAdmin(TranslatedPermissionsMixin, UserAdmin):
    pass


def register() -> None:
    """Replaces django.contrib.auth's registrations (called once, from staff/admin.py)."""
    for model, model_admin in ((Group, TranslatedGroupAdmin), (User, TranslatedUserAdmin)):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
