"""The exchange pages: IATI files imported in the background, with progress and report."""

from django.urls import path

from duikou.web import views_exchange as views

urlpatterns = [
    path("iati/", views.iati_import, name="exchange-iati"),
    path("iati/runs/<int:run_id>/", views.iati_run, name="exchange-iati-run"),
    path(
        "iati/runs/<int:run_id>/progress/",
        views.iati_run_progress,
        name="exchange-iati-run-progress",
    ),
]
