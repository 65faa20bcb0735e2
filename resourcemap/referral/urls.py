from django.urls import path

from resourcemap.referral import views

urlpatterns = [
    path("", views.referral_page, name="referral"),
    path("plan.csv", views.referral_csv, name="referral-csv"),
]
