"""Forms of the people pages: the roster filters, the term-end window and the roster upload.
They parse input; the selectors and services check and answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.people.models import Category, Duration, Posting
from duikou.web.forms import XlsxUploadForm, search_field
from duikou.web.templatetags.duikou import local

EVERYTHING = ("", _("全部"))
REVEAL_LABEL = _("显示完整证件号和手机号(查看将留痕)")


def _optional_id(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, coerce=int, empty_value=None)


class RosterFilterForm(forms.Form):
    """The filters of the roster; every field optional, bad values named."""

    q = search_field(_("姓名或岗位"))
    on = forms.DateField(
        label=_("在岗日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空则列出所有任职记录。"),
    )
    region = forms.CharField(
        label=_("受援地区(含下级)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"list": "region-options", "placeholder": _("区划代码")}),
    )
    batch = _optional_id(_("批次"))
    category = forms.ChoiceField(
        label=_("人才类别"), required=False, choices=[EVERYTHING, *Category.choices]
    )
    duration = forms.ChoiceField(
        label=_("期限类型"), required=False, choices=[EVERYTHING, *Duration.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[EVERYTHING, *Posting.Status.choices]
    )
    dispatching_unit = _optional_id(_("派出单位(含下级)"))
    team = _optional_id(_("组团式团队"))
    reveal = forms.BooleanField(label=REVEAL_LABEL, required=False)

    def __init__(self, *args, batches=(), units=(), teams=(), may_reveal=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = [EVERYTHING] + [(b.pk, str(b)) for b in batches]
        self.fields["dispatching_unit"].choices = [EVERYTHING] + [(u.pk, local(u)) for u in units]
        self.fields["team"].choices = [EVERYTHING] + [(t.pk, t.name) for t in teams]
        if not may_reveal:
            del self.fields["reveal"]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "q": data.get("q") or None,
            "on": data.get("on"),
            "region": data.get("region") or None,
            "batch": data.get("batch"),
            "category": data.get("category") or None,
            "duration": data.get("duration") or None,
            "status": data.get("status") or None,
            "dispatching_unit": data.get("dispatching_unit"),
            "team": data.get("team"),
        }

    @property
    def wants_reveal(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("reveal"))


class TermEndFilterForm(forms.Form):
    as_of = forms.DateField(
        label=_("起算日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空为今天。"),
    )
    within_days = forms.IntegerField(
        label=_("未来天数"),
        required=False,
        min_value=1,
        max_value=730,
        widget=forms.NumberInput(attrs={"placeholder": "90"}),
        help_text=_("留空为 90 天。"),
    )
    region = RosterFilterForm.base_fields["region"]
    need = forms.BooleanField(label=_("只看需要接替的岗位"), required=False)


class RosterUploadForm(XlsxUploadForm):
    file_label = _("花名册文件(.xlsx)")
