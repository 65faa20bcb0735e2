from django.urls import path

from resourcemap.feedback import views

app_name = "feedback"
urlpatterns = [
    path("report/<int:site_id>/", views.report_problem, name="report"),
]
