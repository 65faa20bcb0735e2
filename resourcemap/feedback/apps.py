from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "resourcemap.feedback"
    label = "feedback"
    verbose_name = _("Problem reports from the public")
