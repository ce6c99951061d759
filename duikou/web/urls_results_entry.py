"""The results pages where values are entered, submitted, approved, imported and exported."""

from django.urls import path

from duikou.web import views_results_entry as views

urlpatterns = [
    path("projects/<int:project_id>/enter/", views.project_entry, name="results-enter"),
    path("grid/", views.values_grid, name="results-grid"),
    path("approval/", views.approval, name="results-approval"),
    path("import/", views.values_upload, name="results-import"),
    path("template.xlsx", views.values_template_download, name="results-template"),
    path("export.xlsx", views.values_export, name="results-export"),
]
