from django.urls import path, register_converter

from resourcemap.policies import views
from resourcemap.policies.converters import VersionConverter

register_converter(VersionConverter, "version")

app_name = "policies"
# Article URLs carry the law's version date, so they stay valid (and say "superseded") after
# a newer version is imported; /<law>/<article>/ always redirects to the current text.
urlpatterns = [
    path("", views.law_list, name="index"),
    path("search/", views.search, name="search"),
    path("categories/<slug:code>/", views.category, name="category"),
    path("<slug:law>/", views.current_law, name="law"),
    path("<slug:law>/<version:version>/", views.law_version, name="law_version"),
    path("<slug:law>/<version:version>/<slug:article>/", views.article, name="article"),
    path("<slug:law>/<slug:article>/", views.current_article, name="current_article"),
]
