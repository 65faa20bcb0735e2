from django.apps import AppConfig


class ResponsibleConfig(AppConfig):
    name = "resourcemap.responsible"
    verbose_name = "Responsible units and service areas"
