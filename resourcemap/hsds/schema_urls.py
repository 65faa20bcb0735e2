"""The URL configuration /api/hsds/openapi.json describes: the HSDS operations alone."""

from django.urls import include, path

from resourcemap.hsds.urls import operations

urlpatterns = [path("api/hsds/", include(operations))]
