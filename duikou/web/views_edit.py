"""Pages that change data: the project forms, lifecycle steps and personal API tokens."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duikou.accounts.tokens import token_create, token_revoke, tokens_of
from duikou.common.editing import StaleVersion
from duikou.geo.selectors import regions_below
from duikou.partners.selectors import pairings_for_new_projects
from duikou.projects.selectors import ensure_may_create_projects, project_for
from duikou.projects.services import project_advance_stage, project_create, project_update
from duikou.web.editing import add_service_errors
from duikou.web.forms import (
    ProjectCreateForm,
    ProjectEditForm,
    RegionShareFormSet,
    StageStepForm,
    TokenCreateForm,
)


@login_required
def project_edit(request, project_id: int):
    project = project_for(request.user, project_id, edit=True)
    form = ProjectEditForm(request.POST or None, instance=project)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            project_update(
                by=request.user,
                project=project,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except StaleVersion as stale:
            conflict = stale
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存“%(title)s”。") % {"title": project.title})
            return redirect("project", project.pk)
    return render(
        request,
        "web/project_edit.html",
        {"form": form, "project": project, "conflict": conflict},
        status=409 if conflict else 200,
    )


@login_required
def project_new(request):
    """A new project: fields, pairing and recipient regions, saved by the service at once."""
    ensure_may_create_projects(request.user)
    pairings = pairings_for_new_projects(request.user, datetime.date.today())
    form = ProjectCreateForm(request.POST or None, pairings=pairings)
    shares = RegionShareFormSet(request.POST or None, prefix="regions")
    region_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and shares.is_valid():
        try:
            project = project_create(
                by=request.user, regions=shares.shares(), **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error, elsewhere={"regions": region_errors})
        else:
            messages.success(request, _("已新建项目“%(title)s”。") % {"title": project.title})
            return redirect("project", project.pk)
    return render(
        request,
        "web/project_new.html",
        {
            "form": form,
            "shares": shares,
            "region_errors": region_errors,
            "region_options": regions_below(
                pairings.values_list("recipient_region__path", flat=True)
            ),
        },
    )


@login_required
@require_POST
def project_stage(request, project_id: int):
    """One step of the lifecycle from the project page; the outcome is shown there."""
    project = project_for(request.user, project_id, edit=True)
    form = StageStepForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}:{' '.join(errors)}")
        return redirect("project", project.pk)
    data = form.cleaned_data
    try:
        project_advance_stage(
            by=request.user,
            project=project,
            stage=data["stage"],
            date=data["date"],
            note=data["note"],
            expected_version=data["version"],
        )
    except StaleVersion as stale:
        messages.error(request, _("未保存:有人同时修改了该项目。") + str(stale.message))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("项目已推进到“%(stage)s”。") % {"stage": project.get_stage_display()}
        )
    return redirect("project", project.pk)


@login_required
def tokens(request):
    form = TokenCreateForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = token_create(by=request.user, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenCreateForm()
    return render(
        request,
        "web/tokens.html",
        {"form": form, "secret": secret, "tokens": tokens_of(request.user)},
    )


@login_required
@require_POST
def token_revoke_view(request, token_id: int):
    token = get_object_or_404(tokens_of(request.user), pk=token_id)
    token_revoke(by=request.user, token=token)
    messages.success(request, _("令牌 %(name)s 已撤销。") % {"name": token.name})
    return redirect("tokens")
