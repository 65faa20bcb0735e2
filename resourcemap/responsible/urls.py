from django.urls import path

from resourcemap.responsible import views

urlpatterns = [
    path("", views.here_page, name="here"),
]
