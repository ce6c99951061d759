"""The form of the results analysis page: which data element, period and region, and whether
to count approved values only."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.geo.selectors import XINJIANG
from duikou.results.models import DataElement, Indicator
from duikou.results.services import ELEMENT_FIELDS, INDICATOR_FIELDS
from duikou.web.forms_results import element_choices

DEFAULT_ELEMENT = "jobs_created"


class ResultsAnalysisForm(forms.Form):
    element = forms.ChoiceField(label=_("数据元素"))
    period = forms.CharField(
        label=_("期间"),
        max_length=10,
        help_text=_("如 2025、2025Q1、202503 或 十四五。"),
    )
    region = forms.CharField(
        label=_("地区(含下级)"),
        max_length=12,
        widget=forms.TextInput(attrs={"list": "region-options", "placeholder": _("区划代码")}),
    )
    approved_only = forms.BooleanField(label=_("只计已审核的数值"), required=False)

    def __init__(self, data=None, *, elements=(), **kwargs):
        defaults = {
            "element": DEFAULT_ELEMENT,
            "period": str(datetime.date.today().year - 1),
            "region": XINJIANG,
        }
        if data is not None:
            data = {**defaults, **{k: v for k, v in data.items() if v not in ("", None)}}
        else:
            data = defaults
        super().__init__(data, **kwargs)
        self.fields["element"].choices = element_choices(elements)


class IndicatorPeriodForm(forms.Form):
    """The last year and the region of an indicator's page."""

    period = forms.CharField(label=_("截至期间"), max_length=10, help_text=_("显示此前六年。"))
    region = forms.CharField(
        label=_("地区(含下级)"),
        max_length=12,
        widget=forms.TextInput(attrs={"placeholder": _("区划代码")}),
    )
    approved_only = forms.BooleanField(label=_("只计已审核的数值"), required=False)

    def __init__(self, data=None, **kwargs):
        defaults = {"period": str(datetime.date.today().year - 1), "region": XINJIANG}
        data = {**defaults, **{k: v for k, v in (data or {}).items() if v not in ("", None)}}
        super().__init__(data, **kwargs)


class ElementForm(forms.ModelForm):
    """A data element of one's own; the service checks the code and the bounds."""

    class Meta:
        model = DataElement
        fields = ELEMENT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        """Model validation is the service's job."""


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "numerator": _("如 #{referrals_out} 或 #{jobs_created.actual}"),
            "denominator": _("如 #{patient_visits};不需要时填 1"),
            "factor": _("百分比填 100"),
        }

    def _post_clean(self):
        """Model validation is the service's job."""
