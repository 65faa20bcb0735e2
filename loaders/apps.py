from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoadersConfig(AppConfig):
    name = "loaders"
    label = "loaders"
    verbose_name = _("Imports")
