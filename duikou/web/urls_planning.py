"""The planning pages: scenarios, the reserve, solving, comparing and adopting."""

from django.urls import path

from duikou.web import views_planning as views
from duikou.web import views_planning_edit as edit

urlpatterns = [
    path("", views.scenarios, name="planning"),
    path("candidates/", views.candidates, name="planning-candidates"),
    path("candidates/new/", edit.candidate_new, name="planning-candidate-new"),
    path("candidates/import/", edit.candidates_import, name="planning-candidates-import"),
    path("candidates/template.xlsx", edit.candidates_template, name="planning-template"),
    path("candidates/export.xlsx", edit.candidates_export, name="planning-candidates-export"),
    path(
        "candidates/<int:candidate_id>/edit/", edit.candidate_edit, name="planning-candidate-edit"
    ),
    path("scenarios/new/", edit.scenario_new, name="planning-scenario-new"),
    path("scenarios/<int:scenario_id>/", views.scenario_detail, name="planning-scenario"),
    path("scenarios/<int:scenario_id>/edit/", edit.scenario_edit, name="planning-scenario-edit"),
    path(
        "scenarios/<int:scenario_id>/copy/", edit.scenario_copy_view, name="planning-scenario-copy"
    ),
    path("scenarios/<int:scenario_id>/run/", edit.scenario_run, name="planning-scenario-run"),
    path(
        "scenarios/<int:scenario_id>/progress/",
        views.scenario_progress,
        name="planning-scenario-progress",
    ),
    path(
        "scenarios/<int:scenario_id>/adopt/",
        edit.scenario_adopt_view,
        name="planning-scenario-adopt",
    ),
    path("compare/", views.scenarios_compare, name="planning-compare"),
]
