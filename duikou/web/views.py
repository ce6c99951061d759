import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from duikou.projects.compliance import compliance
from duikou.projects.selectors import (
    budget_years,
    funds_totals,
    project_list,
    projects_by_stage,
    projects_editable_by,
    projects_sorted,
    projects_visible_to,
)


def _selected_year(request) -> int:
    today_year = datetime.date.today().year
    raw = request.GET.get("year", "")
    if not raw:
        return today_year
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    messages.warning(
        request, _("年度“%(value)s”无效,已显示 %(year)s 年。") % {"value": raw, "year": today_year}
    )
    return today_year


@login_required
def home(request):
    """The programme overview: totals, the year's compliance, and the projects."""
    year = _selected_year(request)
    projects = projects_visible_to(request.user)
    years = sorted(set(budget_years(projects)) | {year})
    context = {
        "year": year,
        "years": years,
        "totals": funds_totals(projects),
        "year_totals": funds_totals(projects, year),
        "compliance": compliance(projects, year),
        "stages": projects_by_stage(projects),
        "projects": projects_sorted(project_list(projects), "code"),
        "editable": set(projects_editable_by(request.user).values_list("pk", flat=True)),
    }
    return render(request, "web/home.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, the API docs)."""
    return redirect(static("web/favicon.svg"), permanent=True)
