from django.apps import AppConfig


class HsdsConfig(AppConfig):
    name = "resourcemap.hsds"
    label = "hsds"
