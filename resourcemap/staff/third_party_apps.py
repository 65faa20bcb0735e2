"""The admin's names for third-party apps that carry no translatable ones: django-axes,
django-otp's device plugins and procrastinate name their apps (and django-otp and procrastinate
their models) in plain English strings, which no catalogue can reach. These configs, listed in
INSTALLED_APPS in place of the libraries' own, give them names through our catalogue.
Field labels inside django-otp's and procrastinate's own admin pages stay English (see
tests/admin/test_admin_languages.py)."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig
from procrastinate.contrib.django.apps import ProcrastinateConfig


def name_models(label: str, names: dict[str, tuple[str, str]]) -> None:
    # Why in ready(): the models' Meta is the libraries'; this only relabels them for people.
    for model_name, (singular, plural) in names.items():
        meta = apps.get_model(label, model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural


class LoginProtectionConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class TOTPDevicesConfig(TOTPDefaultConfig):
    verbose_name = _("Authenticator apps")

    def ready(self) -> None:
        super().ready()
        name_models(self.label, {"totpdevice": (_("TOTP device"), _("TOTP devices"))})


class BackupCodesConfig(StaticDefaultConfig):
    verbose_name = _("Backup codes")

    def ready(self) -> None:
        super().ready()
        name_models(self.label, {
            "staticdevice": (_("backup code list"), _("backup code lists")),
            "statictoken": (_("backup code"), _("backup codes")),
        })


class BackgroundTasksConfig(ProcrastinateConfig):
    verbose_name = _("Background tasks")

    def ready(self) -> None:
        super().ready()
        name_models(self.label, {
            "procrastinatejob": (_("background job"), _("background jobs")),
            "procrastinateevent": (_("job event"), _("job events")),
            "procrastinateperiodicdefer": (_("periodic run"), _("periodic runs")),
            "procrastinateworker": (_("worker"), _("workers")),
        })
