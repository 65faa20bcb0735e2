from django.apps import AppConfig


class LoadersConfig(AppConfig):
    name = "loaders"
    label = "loaders"
    verbose_name = "Imports"
