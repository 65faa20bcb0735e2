from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from resourcemap.api.docs import SwaggerUIView
from resourcemap.api.views import directory, lookups
from resourcemap.api.views.needs import NeedListView
from resourcemap.api.views.responsible import ResponsibleView

urlpatterns = [
    path("v1/sites/", directory.SiteListView.as_view(), name="api-sites"),
    path("v1/sites/<str:site_id>/", directory.SiteDetailView.as_view(), name="api-site"),
    path("v1/nearest/", lookups.NearestView.as_view(), name="api-nearest"),
    path("v1/categories/", directory.CategoryListView.as_view(), name="api-categories"),
    path("v1/districts/", directory.DistrictListView.as_view(), name="api-districts"),
    path("v1/geocode/", lookups.GeocodeView.as_view(), name="api-geocode"),
    path("v1/referral-plan/", lookups.ReferralPlanView.as_view(), name="api-referral-plan"),
    path("v1/responsible/", ResponsibleView.as_view(), name="api-responsible"),
    path("v1/needs/", NeedListView.as_view(), name="api-needs"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("v1/docs/", SwaggerUIView.as_view(url_name="api-schema"), name="api-docs"),
]
