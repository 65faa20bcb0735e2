from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "resourcemap.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from resourcemap.directory.version import install_triggers

        # After every app's migrations (post_migrate is sent once per app; ours checks its sender).
        post_migrate.connect(install_triggers, dispatch_uid="directory_version_triggers")
