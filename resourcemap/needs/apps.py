from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "resourcemap.needs"
    verbose_name = "Needs vocabulary"
