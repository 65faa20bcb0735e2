from collections.abc import Callable
from typing import Any

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from resourcemap.api.base import requested_language
from resourcemap.api.docs import SwaggerUIView
from resourcemap.api.views import directory, lookups
from resourcemap.api.views.needs import NeedListView
from resourcemap.api.views.responsible import ResponsibleView
from resourcemap.caching import View
from resourcemap.caching import cached_public as _cached_public

SITE_LIST_VARIANTS = (
    "category", "need", "district", "age", "open_now", "status", "page", "page_size", "all", "crs", "lang",
)


def cached_public(query: tuple[str, ...] = ("lang",), **options: Any) -> Callable[[View], View]:
    """API answers: the language comes from ?lang= or Accept-Language, the media type from Accept."""
    return _cached_public(query=query, language=requested_language, negotiated=True, **options)


urlpatterns = [
    # Cached per data version (resourcemap/caching.py); `q` and `bbox` (typed text, a map
    # view around someone) are answered fresh. Summaries say "open now": keyed by the minute.
    path("v1/sites/", cached_public(query=SITE_LIST_VARIANTS, clock="minute")(directory.SiteListView.as_view()),
         name="api-sites"),
    path("v1/sites/<str:site_id>/", cached_public(query=("crs", "lang"), clock="minute")(directory.SiteDetailView.as_view()),
         name="api-site"),
    path("v1/nearest/", lookups.NearestView.as_view(), name="api-nearest"),
    path("v1/categories/", cached_public()(directory.CategoryListView.as_view()), name="api-categories"),
    path("v1/districts/", cached_public(query=("crs", "geometry", "lang"))(directory.DistrictListView.as_view()),
         name="api-districts"),
    path("v1/geocode/", lookups.GeocodeView.as_view(), name="api-geocode"),
    path("v1/referral-plan/", lookups.ReferralPlanView.as_view(), name="api-referral-plan"),
    path("v1/responsible/", ResponsibleView.as_view(), name="api-responsible"),
    path("v1/needs/", cached_public()(NeedListView.as_view()), name="api-needs"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("v1/docs/", SwaggerUIView.as_view(url_name="api-schema"), name="api-docs"),
]
