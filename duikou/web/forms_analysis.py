"""The form of the results analysis page: which data element, period and region, and whether
to count approved values only."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.web.templatetags.duikou import local

DEFAULT_ELEMENT = "jobs_created"
XINJIANG = "650000"


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
        self.fields["element"].choices = [
            (e.code, f"{local(e)}({e.unit})" if e.unit else local(e)) for e in elements
        ]
