from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from duikou.api import api
from duikou.web import views as web_views
from duikou.web import (
    views_edit,
    views_iati_export,
    views_partners,
    views_people,
    views_people_import,
    views_projects,
    views_regions,
)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", web_views.favicon),
    path("", web_views.home, name="home"),
    path("projects/", views_projects.projects, name="projects"),
    path("projects/new/", views_edit.project_new, name="project-new"),
    path("projects/export.xlsx", views_projects.projects_export, name="projects-export"),
    path("projects/export.iati.xml", views_iati_export.projects_iati, name="projects-iati"),
    path("projects/iati-check/", views_iati_export.projects_iati_check, name="projects-iati-check"),
    path("projects/<int:project_id>/", views_projects.project_detail, name="project"),
    path("projects/<int:project_id>/edit/", views_edit.project_edit, name="project-edit"),
    path("projects/<int:project_id>/stage/", views_edit.project_stage, name="project-stage"),
    path("regions/<str:code>/", views_regions.region_detail, name="region"),
    path("pairings/", views_partners.pairings, name="pairings"),
    path("organisations/", views_partners.organisations, name="organisations"),
    path(
        "organisations/<int:organisation_id>/",
        views_partners.organisation_detail,
        name="organisation",
    ),
    path("people/", views_people.roster, name="people"),
    path("people/export.xlsx", views_people.roster_export, name="people-export"),
    path("people/import/", views_people_import.roster_upload, name="people-import"),
    path(
        "people/template.xlsx",
        views_people_import.roster_template_download,
        name="people-template",
    ),
    path("people/term-ends/", views_people.terms_ending, name="people-term-ends"),
    path("people/batches/", views_people.batches, name="people-batches"),
    path("people/batches/<int:batch_id>/", views_people.batch_detail, name="people-batch"),
    path("people/teams/", views_people.teams, name="people-teams"),
    path("people/teams/<int:team_id>/", views_people.team_detail, name="people-team"),
    path("people/<int:person_id>/", views_people.person_detail, name="person"),
    path("results/", include("duikou.web.urls_results")),
    path("results/", include("duikou.web.urls_results_entry")),
    path("planning/", include("duikou.web.urls_planning")),
    path("exchange/", include("duikou.web.urls_exchange")),
    path("account/tokens/", views_edit.tokens, name="tokens"),
    path(
        "account/tokens/<int:token_id>/revoke/", views_edit.token_revoke_view, name="token-revoke"
    ),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
