"""Pages that change data: the project edit form and personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duikou.accounts.tokens import token_create, token_revoke, tokens_of
from duikou.common.editing import StaleVersion
from duikou.projects.selectors import project_for
from duikou.projects.services import project_update
from duikou.web.editing import add_service_errors
from duikou.web.forms import ProjectEditForm, TokenCreateForm


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
                **form.changes(),
            )
        except StaleVersion as stale:
            conflict = stale
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存“%(title)s”。") % {"title": project.title})
            return redirect("home")
    return render(
        request,
        "web/project_edit.html",
        {"form": form, "project": project, "conflict": conflict},
        status=409 if conflict else 200,
    )


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
