from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "resourcemap.api"
    label = "api"
