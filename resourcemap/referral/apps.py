from django.apps import AppConfig


class ReferralConfig(AppConfig):
    name = "resourcemap.referral"
    label = "referral"
