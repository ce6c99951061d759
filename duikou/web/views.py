import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from duikou.projects.compliance import compliance
from duikou.projects.selectors import (
    budget_years,
    funds_totals,
    project_list,
    projects_by_stage,
    projects_needing_attention,
    projects_sorted,
    projects_visible_to,
    with_can_edit,
)
from duikou.projects.statistics import totals_by_category, totals_by_year
from duikou.results.analysis import key_results
from duikou.results.periods import period_named
from duikou.results.selectors import values_visible_to
from duikou.web.charts import funds_bars, map_tables, programme_maps
from duikou.web.params import selected_year
from duikou.web.templatetags.duikou import local

TOP_PROJECTS = 10


def overview_context(projects, year: int) -> dict:
    """What the overview and a region page show about a set of projects."""
    by_year = totals_by_year(projects)
    return {
        "year": year,
        "years": sorted(set(budget_years(projects)) | {year}),
        "totals": funds_totals(projects),
        "year_totals": funds_totals(projects, year),
        "compliance": compliance(projects, year),
        "stages": projects_by_stage(projects),
        "by_year": by_year,
        "by_year_chart": funds_bars(by_year, "year"),
        "attention": projects_needing_attention(projects, datetime.date.today())
        .select_related("pairing__supporter")
        .order_by("code"),
    }


@login_required
def home(request):
    """The programme overview: money by year, category and region, the year's compliance,
    the lifecycle and the projects that need attention, all within the user's scope."""
    projects = projects_visible_to(request.user)
    by_category = totals_by_category(projects)
    context = overview_context(projects, selected_year(request))
    maps = programme_maps(projects)
    context.update(
        by_category=by_category,
        by_category_chart=funds_bars(by_category, "category", name=local),
        maps={"views": maps, "link": reverse("region", args=["CODE"])},
        map_tables=map_tables(maps),
        key_results=key_results(
            values_visible_to(request.user), period_named(str(context["year"]))
        ),
        projects=with_can_edit(projects_sorted(project_list(projects), "-planned"), request.user)[
            :TOP_PROJECTS
        ],
    )
    return render(request, "web/home.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin, the API docs)."""
    return redirect(static("web/favicon.svg"), permanent=True)
