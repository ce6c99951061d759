"""The project list (filters, sorting, pages, .xlsx export) and a project's page."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render

from duikou.accounts.models import Role
from duikou.common.spreadsheets import xlsx_response
from duikou.exchange.panel import project_iati
from duikou.geo.selectors import recipient_region_options
from duikou.partners.selectors import pairing_rows, pairings_visible_to
from duikou.projects.export import projects_workbook
from duikou.projects.history import project_history, with_labels
from duikou.projects.models import Category, Project
from duikou.projects.selectors import (
    project_for,
    project_list,
    projects_editable_by,
    projects_filtered,
    projects_sorted,
    projects_visible_to,
    stage_steps,
    with_can_edit,
)
from duikou.projects.statistics import totals_by_year
from duikou.results.analysis import project_results
from duikou.results.selectors import values_visible_to
from duikou.web.charts import MONEY, funds_bars
from duikou.web.editing import add_service_errors
from duikou.web.forms import ProjectFilterForm
from duikou.web.params import query_without_page

PAGE_SIZE = 25


def _filtered(request):
    """The projects of the current view and the form; an invalid filter shows its error and
    lists nothing."""
    pairings = pairing_rows(pairings_visible_to(request.user))
    form = ProjectFilterForm(
        request.GET or None, categories=Category.objects.all(), pairings=pairings
    )
    projects = projects_visible_to(request.user)
    sort = None
    if form.is_bound:
        if not form.is_valid():
            return form, projects.none()
        try:
            projects = projects_filtered(projects, **form.filters())
        except ValidationError as error:
            add_service_errors(form, error)
            return form, projects.none()
        sort = form.cleaned_data.get("sort") or None
    return form, projects_sorted(project_list(projects), sort)


@login_required
def projects(request):
    form, rows = _filtered(request)
    rows = with_can_edit(rows, request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/projects.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "region_options": recipient_region_options(),
            "can_create": request.user.may_edit_projects,
        },
    )


@login_required
def projects_export(request):
    _form, rows = _filtered(request)
    return xlsx_response(projects_workbook(rows), "projects", dated=True)


@login_required
def project_detail(request, project_id: int):
    project = project_for(request.user, project_id)
    shown = project_list(projects_visible_to(request.user)).get(pk=project.pk)
    history = None if request.user.role == Role.PUBLIC else with_labels(project_history(project))
    # a project's own money in its currency: one imported from IATI may be in euros
    funds = totals_by_year(Project.objects.filter(pk=project.pk), project.currency)
    can_edit = projects_editable_by(request.user).filter(pk=project.pk).exists()
    steps = stage_steps(request.user, project) if can_edit else []
    return render(
        request,
        "web/project.html",
        {
            "project": shown,
            "funds": funds,
            "funds_chart": funds_bars(funds, "year", currency=project.currency),
            "totals": {name: sum(row[name] for row in funds) for name in MONEY},
            "events": project.stage_events.select_related("recorded_by"),
            "milestones": project.milestones.all(),
            "history": history,
            "results": project_results(values_visible_to(request.user), project),
            "can_edit": can_edit,
            "steps": steps,
            "steps_blocked": any(not step["allowed"] for step in steps),
            "today": datetime.date.today(),
            "iati": project_iati(project, request.user),
        },
    )
