from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DirectoryConfig(AppConfig):
    name = "resourcemap.directory"
    label = "directory"

    def ready(self) -> None:
        from resourcemap.directory.version import install_triggers

        # After every app's migrations (post_migrate is sent once per app; ours checks its sender).
        post_migrate.connect(install_triggers, dispatch_uid="directory_version_triggers")
