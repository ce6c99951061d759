"""Roster import from a spreadsheet: the template to fill in, the upload, and the report
(what was created or updated, and each wrong cell by row and column)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from duikou.common.spreadsheets import xlsx_response
from duikou.people.roster import roster_import, roster_template
from duikou.web.forms_people import RosterUploadForm


def _ensure_may_import(user) -> None:
    if not user.may_register_people:
        raise PermissionDenied(_("只有省援疆总部、派出单位人事部门和援疆工作组可以导入花名册。"))


@login_required
def roster_template_download(request):
    return xlsx_response(roster_template(), "duikou-roster-template.xlsx")


@login_required
def roster_upload(request):
    _ensure_may_import(request.user)
    result = None
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = roster_import(
                form.cleaned_data["file"].read(),
                by=request.user,
                valid_rows_only=form.cleaned_data["valid_rows_only"],
            )
    else:
        form = RosterUploadForm()
    return render(request, "web/people/import.html", {"form": form, "result": result})
