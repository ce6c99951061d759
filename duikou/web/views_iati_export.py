"""The project list as IATI: the current view's activities as a file, and the pre-export
check listing, project by project, what would fail."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from duikou.exchange.api import activities_response
from duikou.exchange.iati import rules
from duikou.web.params import query_without_page
from duikou.web.views_projects import _filtered


@login_required
def projects_iati(request):
    _form, projects = _filtered(request)
    return activities_response(projects)


@login_required
def projects_iati_check(request):
    form, projects = _filtered(request)
    checks = list(rules.check_projects(projects))
    failing = [check for check in checks if not check.ok]
    return render(
        request,
        "web/exchange/iati_check.html",
        {
            "form": form,
            "checked": len(checks),
            "failing": failing,
            "query": query_without_page(request),
        },
    )
