from django.urls import path

from resourcemap.public import views

urlpatterns = [
    path("", views.map_page, name="map"),
]
