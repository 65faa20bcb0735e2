from django.urls import path

from resourcemap.responsible import coverage_views

urlpatterns = [
    path("", coverage_views.coverage_page, name="coverage"),
    path("streets.geojson", coverage_views.coverage_streets_geojson, name="coverage-streets"),
    path("coverage.csv", coverage_views.coverage_csv, name="coverage-csv"),
]
