from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "resourcemap.policies"
    label = "policies"
