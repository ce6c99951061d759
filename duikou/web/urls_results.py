"""The results pages: analysis (indicators over time, by region, rankings)."""

from django.urls import path

from duikou.web import views_results

urlpatterns = [
    path("", views_results.results_overview, name="results"),
    path("library/", views_results.library, name="results-library"),
    path("indicators/<str:code>/", views_results.indicator_detail, name="results-indicator"),
]
