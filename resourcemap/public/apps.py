from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "resourcemap.public"
    label = "public"
