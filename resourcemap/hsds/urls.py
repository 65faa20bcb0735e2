from django.urls import path

from resourcemap.hsds import views

# HSDS 3.0 API paths have no trailing slash (as in the HSDS OpenAPI definition).
urlpatterns = [
    path("", views.HsdsRootView.as_view(), name="hsds-root"),
    path("services", views.ServiceListView.as_view(), name="hsds-services"),
    path("services/<str:service_id>", views.ServiceDetailView.as_view(), name="hsds-service"),
    path("service_at_locations", views.ServiceAtLocationListView.as_view(), name="hsds-service-at-locations"),
]
