from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "resourcemap.search"
    label = "search"
