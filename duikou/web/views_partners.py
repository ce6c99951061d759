"""Who supports whom: the pairings with their timeline, and the units."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from duikou.partners.selectors import (
    organisations_visible_to,
    pairing_rows,
    pairings_filtered,
    pairings_of_organisation,
    pairings_visible_to,
)
from duikou.people.selectors import teams_involving
from duikou.projects.selectors import (
    project_list,
    projects_sorted,
    projects_visible_to,
    with_can_edit,
)
from duikou.web.forms import PairingFilterForm
from duikou.web.timeline import dated_spans


@login_required
def pairings(request):
    form = PairingFilterForm(request.GET or None)
    rows = pairings_visible_to(request.user)
    if form.is_bound:
        if form.is_valid():
            rows = pairings_filtered(rows, **form.filters(), today=datetime.date.today())
        else:
            rows = rows.none()
    axis, timeline = dated_spans(pairing_rows(rows), datetime.date.today())
    return render(request, "web/pairings.html", {"form": form, "axis": axis, "timeline": timeline})


@login_required
def organisations(request):
    units = organisations_visible_to(request.user).select_related("region", "parent")
    return render(request, "web/organisations.html", {"organisations": units.order_by("path")})


@login_required
def organisation_detail(request, organisation_id: int):
    unit = get_object_or_404(organisations_visible_to(request.user), pk=organisation_id)
    pairings = pairing_rows(pairings_of_organisation(pairings_visible_to(request.user), unit))
    axis, timeline = dated_spans(pairings, datetime.date.today())
    projects = projects_visible_to(request.user).filter(pairing__in=pairings.values("pk"))
    return render(
        request,
        "web/organisation.html",
        {
            "organisation": unit,
            "sub_units": organisations_visible_to(request.user)
            .filter(parent=unit)
            .select_related("region"),
            "axis": axis,
            "timeline": timeline,
            "teams": teams_involving(unit, request.user),
            "projects": with_can_edit(
                projects_sorted(project_list(projects), "code"), request.user
            ),
        },
    )
