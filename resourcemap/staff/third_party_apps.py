"""The admin's names for third-party apps that carry no translatable ones: django-axes,
django-otp's device plugins and procrastinate name their apps (and django-otp and procrastinate
their models) in plain English strings, which no catalogue can reach. These configs, listed in
INSTALLED_APPS in place of the libraries' own, give them names through our catalogue.
The same goes for the fields' labels and help texts inside their admin pages (list filters,
forms): `label_fields` gives them ours; the fieldset titles and search help are in
resourcemap/staff/translated_admin.py. tests/admin/test_admin_languages.py scans the pages."""

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


def label_fields(label: str, model_name: str, labels: dict[str, tuple[str, str | None]]) -> None:
    """(label, help text or None to keep none) for each named field: for people only; the
    libraries' migrations and columns are untouched."""
    meta = apps.get_model(label, model_name)._meta
    for name, (verbose_name, help_text) in labels.items():
        field = meta.get_field(name)
        field.verbose_name = verbose_name
        if help_text is not None:
            field.help_text = help_text


DEVICE_FIELDS: dict[str, tuple[str, str | None]] = {
    "user": (_("user"), _("The user that this device belongs to.")),
    "name": (_("name"), _("The human-readable name of this device.")),
    "confirmed": (_("confirmed"), _("Is this device ready for use?")),
    "created_at": (_("created at"), _("The date and time when this device was initially created in the system.")),
    "last_used_at": (_("last used at"), _("The most recent date and time this device was used.")),
    "throttling_failure_timestamp": (
        _("throttling failure timestamp"),
        _("A timestamp of the last failed verification attempt. Null if last attempt succeeded."),
    ),
    "throttling_failure_count": (_("throttling failure count"), _("Number of successive failed attempts.")),
}


class LoginProtectionConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class TOTPDevicesConfig(TOTPDefaultConfig):
    verbose_name = _("Authenticator apps")

    def ready(self) -> None:
        super().ready()
        name_models(self.label, {"totpdevice": (_("TOTP device"), _("TOTP devices"))})
        label_fields(self.label, "totpdevice", {
            **DEVICE_FIELDS,
            "key": (_("key"), _("A hex-encoded secret key of up to 40 bytes.")),
            "step": (_("step"), _("The time step in seconds.")),
            "t0": (_("t0"), _("The Unix time at which to begin counting steps.")),
            "digits": (_("digits"), _("The number of digits to expect in a token.")),
            "tolerance": (_("tolerance"), _("The number of time steps in the past or future to allow.")),
            "drift": (_("drift"), _("The number of time steps the prover is known to deviate from our clock.")),
        })


class BackupCodesConfig(StaticDefaultConfig):
    verbose_name = _("Backup codes")

    def ready(self) -> None:
        super().ready()
        name_models(self.label, {
            "staticdevice": (_("backup code list"), _("backup code lists")),
            "statictoken": (_("backup code"), _("backup codes")),
        })
        label_fields(self.label, "staticdevice", DEVICE_FIELDS)
        label_fields(self.label, "statictoken", {"token": (_("token"), None), "device": (_("device"), None)})


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
        label_fields(self.label, "procrastinatejob", {
            "status": (_("status"), None), "queue_name": (_("queue name"), None),
            "task_name": (_("task name"), None), "lock": (_("lock"), None),
            "queueing_lock": (_("queueing lock"), None), "scheduled_at": (_("scheduled at"), None),
            "priority": (_("priority"), None),
        })
