"""The results analysis page: an element's target and actual for a period and region, over
the years, by region on the Xinjiang map, the indicators, and projects ranked by achievement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from duikou.geo.models import Region
from duikou.geo.selectors import XINJIANG, recipient_region_options, region_by_code
from duikou.results.analysis import (
    element_series,
    indicator_series,
    indicator_values,
    project_ranking,
)
from duikou.results.expressions import terms_of
from duikou.results.models import DataElement, DataValue, Indicator, Period
from duikou.results.periods import parse_period, period_named
from duikou.results.rollup import rollup_by_child
from duikou.results.selectors import values_visible_to
from duikou.results.services import element_create, indicator_create
from duikou.web.charts import results_map, target_actual_bars
from duikou.web.editing import add_service_errors
from duikou.web.forms_analysis import (
    ElementForm,
    IndicatorForm,
    IndicatorPeriodForm,
    ResultsAnalysisForm,
)
from duikou.web.forms_results import element_label
from duikou.web.templatetags.duikou import local

YEARS_SHOWN = 6


def _selection(form):
    """The element, period and region the form names; None when one is wrong (its error is
    then on the form)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        parse_period(data["period"])
        return (
            DataElement.objects.get(code=data["element"]),
            period_named(data["period"]),
            region_by_code(data["region"]),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _years_until(period: Period) -> list[Period]:
    last = period.end.year
    return [period_named(str(year)) for year in range(last - YEARS_SHOWN + 1, last + 1)]


@login_required
def results_overview(request):
    elements = DataElement.objects.order_by("code")
    form = ResultsAnalysisForm(request.GET or None, elements=elements)
    context = {
        "form": form,
        "region_options": recipient_region_options(),
        "may_enter": request.user.may_edit_projects,
    }
    chosen = _selection(form)
    if chosen is not None:
        element, period, region = chosen
        context.update(analysis_context(request.user, element, period, region, form))
    return render(request, "web/results/overview.html", context)


def analysis_context(user, element, period, region: Region, form) -> dict:
    values = values_visible_to(user)
    approved_only = form.cleaned_data["approved_only"]
    options = {"approved_only": approved_only}
    series = element_series(values, element, _years_until(period), region=region, **options)
    xinjiang = Region.objects.get(code=XINJIANG)
    by_prefecture = rollup_by_child(
        values, element, period, DataValue.Kind.ACTUAL, region=xinjiang, **options
    )
    children = list(region.children.order_by("code"))
    by_child = rollup_by_child(
        values, element, period, DataValue.Kind.ACTUAL, region=region, **options
    )
    label = element_label(element)
    return {
        "element": element,
        "period": period,
        "region": region,
        "approved_only": approved_only,
        "figures": element_series(values, element, [period], region=region, **options)[0],
        "series": series,
        "series_chart": target_actual_bars(series, element.unit),
        "maps": {
            "views": results_map(by_prefecture, label),
            "link": reverse("region", args=["CODE"]),
        },
        "children": [(child, by_child.get(child.code)) for child in children],
        "indicators": indicator_values(
            values,
            Indicator.objects.order_by("code"),
            period,
            DataValue.Kind.ACTUAL,
            region=region,
            **options,
        ),
        "ranking": project_ranking(values, element, period, region=region, **options),
        "flagged": values.filter(
            follow_up=True,
            region_path__startswith=region.path,
            period_start__gte=period.start,
            period_end__lte=period.end,
        ).count(),
        "map_caption": _("%(element)s · %(period)s 实际值")
        % {"element": label, "period": period.code},
    }


LIBRARY_FORMS = {
    "element": (ElementForm, element_create),
    "indicator": (IndicatorForm, indicator_create),
}


@login_required
def library(request):
    """The data elements and indicators; units that enter results add their own here."""
    forms = {name: form_class(prefix=name) for name, (form_class, _save) in LIBRARY_FORMS.items()}
    if request.method == "POST":
        if not request.user.may_edit_projects:
            raise PermissionDenied(_("您的角色不能维护成效指标库。"))
        name = request.POST.get("form")
        if name not in LIBRARY_FORMS:
            return redirect("results-library")
        form_class, create = LIBRARY_FORMS[name]
        form = forms[name] = form_class(request.POST, prefix=name)
        if form.is_valid():
            try:
                record = create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已新增“%(name)s”。") % {"name": record.name})
                return redirect("results-library")
    return render(
        request,
        "web/results/library.html",
        {
            "elements": DataElement.objects.order_by("-is_builtin", "code"),
            "indicators": Indicator.objects.order_by("-is_builtin", "code"),
            "forms": forms if request.user.may_edit_projects else None,
        },
    )


@login_required
def indicator_detail(request, code: str):
    """An indicator over the years: computed on the targets and on the actuals, and the
    achievement, for a region subtree (Xinjiang by default)."""
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorPeriodForm(request.GET or None)
    context = {"indicator": indicator, "form": form}
    if form.is_valid():
        try:
            region = region_by_code(form.cleaned_data["region"])
            period = period_named(form.cleaned_data["period"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            series = indicator_series(
                values_visible_to(request.user),
                indicator,
                _years_until(period),
                region=region,
                approved_only=form.cleaned_data["approved_only"],
            )
            # A formula that names its kinds (achievement: actual ÷ target) has one value.
            terms = terms_of(indicator.numerator) + terms_of(indicator.denominator)
            single = all(term.kind for term in terms)
            chart = target_actual_bars(series, indicator.unit)
            if single:
                chart["series"] = chart["series"][1:]
                chart["series"][0]["name"] = local(indicator)
            context.update(region=region, series=series, series_chart=chart, single=single)
    return render(request, "web/results/indicator.html", context)
