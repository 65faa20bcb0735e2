from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "resourcemap.feedback"
    label = "feedback"
