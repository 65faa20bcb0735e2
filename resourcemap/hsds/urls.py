from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from resourcemap.hsds import views
from resourcemap.hsds.profile_views import profile_file, profile_index

# HSDS 3.0 API paths have no trailing slash (as in the official openapi.json).
operations = [
    path("", views.HsdsRootView.as_view(), name="hsds-root"),
    path("services", views.ServiceListView.as_view(), name="hsds-services"),
    path("services/<str:id>", views.ServiceDetailView.as_view(), name="hsds-service"),
    path("service_at_locations", views.ServiceAtLocationListView.as_view(), name="hsds-service-at-locations"),
    path("service_at_locations/<str:id>", views.ServiceAtLocationDetailView.as_view(),
         name="hsds-service-at-location"),
    path("organizations", views.OrganizationListView.as_view(), name="hsds-organizations"),
    path("organizations/<str:id>", views.OrganizationDetailView.as_view(), name="hsds-organization"),
    path("taxonomies", views.TaxonomyListView.as_view(), name="hsds-taxonomies"),
    path("taxonomies/<str:id>", views.TaxonomyDetailView.as_view(), name="hsds-taxonomy"),
    path("taxonomy_terms", views.TaxonomyTermListView.as_view(), name="hsds-taxonomy-terms"),
    path("taxonomy_terms/<str:id>", views.TaxonomyTermDetailView.as_view(), name="hsds-taxonomy-term"),
]

urlpatterns = [
    *operations,
    path("openapi.json", SpectacularJSONAPIView.as_view(urlconf="resourcemap.hsds.schema_urls"),
         name="hsds-openapi"),
    path("profile/", profile_index, name="hsds-profile"),
    path("profile/<str:name>", profile_file, name="hsds-profile-file"),
    re_path(r"^.*$", views.unknown_path),
]
