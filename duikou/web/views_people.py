"""The people pages: the roster (who is on duty where, filtered, exported), terms ending,
batches, group-style teams and a person's page. Sensitive numbers follow privacy.py."""

from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.common.spreadsheets import xlsx_response
from duikou.geo.selectors import recipient_region_options
from duikou.people.history import person_history, with_labels
from duikou.people.models import Batch, Category, Education
from duikou.people.privacy import may_reveal_any, may_see_sensitive, sensitive_for
from duikou.people.roster import roster_workbook
from duikou.people.selectors import (
    batch_overview,
    batch_statistics,
    care_records_visible_to,
    dispatching_units_seen_by,
    mentoring_visible_to,
    person_for,
    person_postings,
    posting_list,
    posting_summary,
    postings_filtered,
    postings_visible_to,
    team_members,
    teams_visible_to,
    term_ends,
)
from duikou.web.editing import add_service_errors
from duikou.web.forms_people import RosterFilterForm, TermEndFilterForm
from duikou.web.params import query_without_page
from duikou.web.timeline import dated_spans

PAGE_SIZE = 50


def _people_reader(user) -> bool:
    if user.is_authenticated and not user.may_read_people:
        raise PermissionDenied(_("公众用户只能查看在岗人数(见地区页),不能查看人员名单。"))
    return user.is_authenticated


people_page = user_passes_test(_people_reader)


def _labelled(counts: dict, choices) -> list[tuple[str, int]]:
    labels = dict(choices)
    return [(labels[key], n) for key, n in counts.items()]


def _roster(request):
    """The form and the postings of the current roster view. With no filters at all the
    roster shows who is on duty today; an invalid filter shows its error and lists no one."""
    user = request.user
    data = request.GET or {"on": timezone.localdate().isoformat()}
    form = RosterFilterForm(
        data,
        batches=Batch.objects.order_by("-number"),
        units=dispatching_units_seen_by(user),
        teams=teams_visible_to(user).order_by("name"),
        may_reveal=may_reveal_any(user),
    )
    postings = postings_visible_to(user)
    if not form.is_valid():
        return form, postings.none()
    try:
        postings = postings_filtered(postings, **form.filters())
    except ValidationError as error:
        add_service_errors(form, error)
        return form, postings.none()
    return form, postings


def _with_sensitive(user, postings, *, reveal: bool, context: str) -> list:
    """The postings with ``id_number`` and ``phone`` set on each as the user may see them."""
    postings = list(postings)
    people = {p.person.pk: p.person for p in postings}
    shown = sensitive_for(user, people.values(), unmask=reveal, context=context)
    for posting in postings:
        posting.sensitive = shown[posting.person.pk]
    return postings


@login_required
@people_page
def roster(request):
    form, postings = _roster(request)
    page = Paginator(
        posting_list(postings).order_by("region__code", "start_date", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    page.object_list = _with_sensitive(
        request.user, page.object_list, reveal=form.wants_reveal, context="web roster"
    )
    summary = posting_summary(postings)
    return render(
        request,
        "web/people/roster.html",
        {
            "form": form,
            "page": page,
            "summary": summary,
            "by_category": _labelled(summary["by_category"], Category.choices),
            "query": query_without_page(request),
            "region_options": recipient_region_options(),
            "can_import": request.user.may_register_people,
            "today": timezone.localdate(),
        },
    )


@login_required
@people_page
def roster_export(request):
    form, postings = _roster(request)
    postings = posting_list(postings).order_by("start_date", "pk")
    data = roster_workbook(postings, user=request.user, reveal=form.wants_reveal)
    return xlsx_response(data, "roster", dated=True)


@login_required
@people_page
def terms_ending(request):
    form = TermEndFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = filters.get("as_of") or timezone.localdate()
    within = filters.get("within_days") or 90
    postings = term_ends(within, request.user, today)
    if form.is_bound and not form.is_valid():
        postings = postings.none()
    try:
        postings = postings_filtered(postings, region=filters.get("region") or None)
    except ValidationError as error:
        add_service_errors(form, error)
        postings = postings.none()
    if filters.get("need"):
        postings = postings.filter(replacement_needed=True)
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    for posting in page.object_list:
        posting.days_left = (posting.end_date - today).days
    return render(
        request,
        "web/people/term_ends.html",
        {
            "form": form,
            "page": page,
            "within": within,
            "today": today,
            "needing": postings.filter(replacement_needed=True).count(),
            "query": query_without_page(request),
            "region_options": recipient_region_options(),
        },
    )


@login_required
@people_page
def batches(request):
    return render(request, "web/people/batches.html", {"rows": batch_overview(request.user)})


@login_required
@people_page
def batch_detail(request, batch_id: int):
    stats = batch_statistics(get_object_or_404(Batch, pk=batch_id), request.user)
    return render(
        request,
        "web/people/batch.html",
        {
            "stats": stats,
            "education": _labelled(stats.education, Education.choices),
            "by_category": _labelled(stats.by_category, Category.choices),
        },
    )


@login_required
@people_page
def teams(request):
    rows = (
        teams_visible_to(request.user)
        .select_related("supporter", "recipient_organisation__parent")
        .order_by("recipient_organisation__path", "name")
    )
    return render(request, "web/people/teams.html", {"teams": rows})


@login_required
@people_page
def team_detail(request, team_id: int):
    team = get_object_or_404(
        teams_visible_to(request.user).select_related(
            "supporter", "recipient_organisation", "pairing"
        ),
        pk=team_id,
    )
    today = timezone.localdate()
    members = team_members(team, request.user)
    axis, timeline = dated_spans(members, today)
    on_duty = [p for p, _span in timeline if p.start_date <= today <= p.end_date]
    return render(
        request,
        "web/people/team.html",
        {"team": team, "axis": axis, "timeline": timeline, "on_duty": on_duty, "today": today},
    )


@login_required
@people_page
def person_detail(request, person_id: int):
    user = request.user
    person = person_for(user, person_id)
    allowed = may_see_sensitive(user, person)
    reveal = allowed and request.GET.get("reveal") == "1"
    sensitive = sensitive_for(user, [person], unmask=reveal, context="web person page")
    today = timezone.localdate()
    axis, timeline = dated_spans(person_postings(person, user), today)
    return render(
        request,
        "web/people/person.html",
        {
            "person": person,
            "sensitive": sensitive[person.pk],
            "may_reveal": allowed and not reveal,
            "axis": axis,
            "timeline": timeline,
            "mentoring": mentoring_visible_to(user)
            .filter(mentor=person)
            .select_related("apprentice_organisation"),
            "care": care_records_visible_to(user)
            .filter(person=person)
            .select_related("organisation"),
            "history": with_labels(person_history(person, user)),
            "today": today,
        },
    )
