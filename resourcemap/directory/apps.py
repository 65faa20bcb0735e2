from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "resourcemap.directory"
    label = "directory"
