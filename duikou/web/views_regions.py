"""A region's page: everything happening in the region and its subtree."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from duikou.geo.models import Region
from duikou.partners.selectors import pairing_rows, pairings_of_region, pairings_visible_to
from duikou.people.models import Category as PeopleCategory
from duikou.people.selectors import on_duty
from duikou.projects.selectors import (
    project_list,
    projects_in_region,
    projects_sorted,
    projects_visible_to,
    with_can_edit,
)
from duikou.results.analysis import key_results
from duikou.results.periods import period_named
from duikou.results.selectors import values_visible_to
from duikou.web.params import selected_year
from duikou.web.timeline import dated_spans
from duikou.web.views import overview_context

PROJECTS_SHOWN = 50


def _ancestors(region: Region) -> list[Region]:
    codes = region.path.strip("/").split("/")[:-1]
    return list(Region.objects.filter(code__in=codes).order_by("level"))


@login_required
def region_detail(request, code: str):
    region = get_object_or_404(Region, code=code)
    projects = projects_in_region(projects_visible_to(request.user), region)
    pairings = pairing_rows(pairings_of_region(pairings_visible_to(request.user), region))
    today = datetime.date.today()
    axis, timeline = dated_spans(pairings, today)
    people = on_duty(region, today, request.user)
    labels = dict(PeopleCategory.choices)
    context = overview_context(projects, selected_year(request))
    listed = with_can_edit(projects_sorted(project_list(projects), "-planned"), request.user)
    context.update(
        region=region,
        ancestors=_ancestors(region),
        children=region.children.order_by("code"),
        linked=region.linked_city or region.xpcc_divisions.first(),
        axis=axis,
        timeline=timeline,
        projects=listed[:PROJECTS_SHOWN],
        people=people,
        key_results=key_results(
            values_visible_to(request.user), period_named(str(context["year"])), region=region
        ),
        people_by_category=[(labels[code], n) for code, n in people["by_category"].items()],
    )
    return render(request, "web/region.html", context)
