"""IATI import pages: the upload (run in the background), a run's progress bar and its
report. Importing is for the users who create projects."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duikou.accounts.models import Role
from duikou.exchange.models import ImportRun
from duikou.exchange.runs import BUSY, import_run_start, import_runs_end_stalled
from duikou.exchange.selectors import import_runs_visible_to
from duikou.partners.selectors import pairing_rows, pairings_editable_by
from duikou.web.editing import add_service_errors
from duikou.web.forms_exchange import IatiUploadForm

RECENT_RUNS = 20
Status = ImportRun.Status


def importer_page(view):
    """Logged in, and one who may create projects (403 for the others, the public too)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.may_edit_projects:
            raise PermissionDenied(_("只有可以新建项目的用户才能导入 IATI 文件。"))
        return view(request, *args, **kwargs)

    return wrapped


# ------------------------------------------------------------------ upload and runs


@importer_page
def iati_import(request):
    user = request.user
    pairings = pairing_rows(pairings_editable_by(user))
    if request.method == "POST":
        form = IatiUploadForm(request.POST, request.FILES, pairings=pairings)
        if form.is_valid():
            try:
                run = import_run_start(
                    by=user,
                    upload=form.cleaned_data["file"],
                    pairing=form.cleaned_data["pairing"],
                    all_or_nothing=form.cleaned_data["all_or_nothing"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("exchange-iati-run", run.pk)
    else:
        form = IatiUploadForm(pairings=pairings)
    import_runs_end_stalled()
    runs = list(import_runs_visible_to(user)[:RECENT_RUNS])
    return render(
        request,
        "web/exchange/iati_import.html",
        {
            "form": form,
            "runs": runs,
            "sees_all": user.is_superuser or user.role == Role.PROVINCE_HQ,
        },
    )


def run_for(user, run_id: int) -> ImportRun:
    """The run, as it stands (one whose worker was stopped is ended first)."""
    import_runs_end_stalled()
    run = import_runs_visible_to(user).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def report_of(run: ImportRun) -> dict:
    """The run's report as the page shows it, with a heading that says what became of it."""
    report = dict(run.report or {})
    problem_count = report.get("problem_count", 0)
    if run.status == Status.FAILED:
        heading = _("导入出错,未完成")
    elif run.status == Status.REJECTED:
        heading = _("文件被拒绝,未导入任何活动")
    elif run.all_or_nothing and problem_count:
        heading = _("有活动不符合要求,按“全部成功才导入”的要求,未导入任何活动")
    elif problem_count:
        heading = _("已导入其余活动,以下活动未导入")
    else:
        heading = _("已导入")
    report["heading"] = heading
    report["more_problems"] = problem_count - len(report.get("problems", []))
    report["more_warnings"] = report.get("warning_count", 0) - len(report.get("warnings", []))
    return report


@importer_page
def iati_run(request, run_id: int):
    run = run_for(request.user, run_id)
    busy = run.status in BUSY
    return render(
        request,
        "web/exchange/iati_run.html",
        {"run": run, "busy": busy, "report": None if busy else report_of(run)},
    )


@importer_page
def iati_run_progress(request, run_id: int):
    """The progress bar, polled every second while the run is queued or running; once it
    has ended, htmx is told to reload the page (which then shows the report)."""
    run = run_for(request.user, run_id)
    busy = run.status in BUSY
    response = render(request, "web/exchange/_run_progress.html", {"run": run, "busy": busy})
    if not busy:
        response["HX-Refresh"] = "true"
    return response
