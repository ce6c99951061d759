"""Forms of the web pages. They parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.partners.models import Pairing
from duikou.projects.models import Project, Stage
from duikou.projects.selectors import SORTS
from duikou.web.templatetags.duikou import local

PROJECT_EDIT_FIELDS = [
    "code",
    "title",
    "title_en",
    "description",
    "description_en",
    "is_livelihood",
    "is_grassroots",
    "implementation_level",
    "delivery_mode",
    "construction_type",
    "is_fixed_asset",
    "total_investment",
    "planned_start",
    "planned_end",
]


PROJECT_WIDGETS = {
    "planned_start": forms.DateInput(attrs={"type": "date"}),
    "planned_end": forms.DateInput(attrs={"type": "date"}),
    "description": forms.Textarea(attrs={"rows": 4}),
    "description_en": forms.Textarea(attrs={"rows": 3}),
}


class ProjectFieldsForm(forms.ModelForm):
    """A project's own fields as the web forms show them; the service validates and saves."""

    # Money as text, parsed by the service, so "1200万" and "2.46亿" are understood.
    total_investment = forms.CharField(
        label=_("总投资(元)"),
        required=False,
        max_length=30,
        help_text=_("单位为元,也可写“1200万”或“2.46亿”。"),
    )

    class Meta:
        model = Project
        fields = PROJECT_EDIT_FIELDS
        widgets = PROJECT_WIDGETS

    def _post_clean(self):
        """Model validation is the service's job (after the version check when editing)."""

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ProjectEditForm(ProjectFieldsForm):
    """The fields a unit edits; ``version`` is the version the page was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class ProjectCreateForm(ProjectFieldsForm):
    """A new project under one of the pairings the user may edit."""

    class Meta(ProjectFieldsForm.Meta):
        fields = ["pairing", "category", *PROJECT_EDIT_FIELDS]

    def __init__(self, *args, pairings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings


class RegionShareForm(forms.Form):
    """One recipient region of a new project and its share of the project, in %."""

    region = forms.CharField(
        label=_("受援地区(区划代码)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"list": "region-options", "inputmode": "numeric"}),
    )
    share = forms.DecimalField(
        label=_("占比(%)"), required=False, min_value=0, max_value=100, decimal_places=2
    )


class BaseRegionShareFormSet(forms.BaseFormSet):
    def filled(self) -> list[forms.Form]:
        return [form for form in self.forms if form.cleaned_data.get("region")]

    def clean(self):
        """A share is needed on every row once there are several regions."""
        filled = self.filled()
        if len(filled) > 1:
            for form in filled:
                if form.cleaned_data.get("share") is None:
                    form.add_error("share", _("有多个受援地区时,请填写每个地区的占比。"))

    def shares(self) -> list[tuple[str, object]]:
        """The filled rows as (code, share) pairs; a lone region takes 100 %."""
        filled = [form.cleaned_data for form in self.filled()]
        if len(filled) == 1 and filled[0].get("share") is None:
            return [(filled[0]["region"], 100)]
        return [(row["region"], row["share"]) for row in filled]


RegionShareFormSet = forms.formset_factory(
    RegionShareForm, formset=BaseRegionShareFormSet, extra=3, max_num=10
)


class StageStepForm(forms.Form):
    """A step of the lifecycle: the stage reached, its date, a note."""

    stage = forms.ChoiceField(label=_("推进到"), choices=Stage.choices)
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100)
    can_write = forms.BooleanField(label=_("允许修改数据(读写令牌)"), required=False)


def search_field(placeholder) -> forms.CharField:
    return forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": placeholder}),
    )


SORT_LABELS = {
    "code": _("编号"),
    "title": _("名称"),
    "stage": _("阶段"),
    "total_investment": _("总投资"),
    "planned": _("累计计划"),
    "in_place": _("累计到位"),
    "spent": _("累计支出"),
    "updated_at": _("更新时间"),
}


def sort_label(sort: str) -> str:
    """“累计计划 ↓” for "-planned": the field and the direction."""
    return f"{SORT_LABELS[sort.lstrip('-')]} {'↓' if sort.startswith('-') else '↑'}"


class ProjectFilterForm(forms.Form):
    """The filters of the project list; every field optional, bad values named."""

    q = search_field(_("编号或名称"))
    region = forms.CharField(
        label=_("受援地区(含下级)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"list": "region-options", "placeholder": _("区划代码")}),
    )
    pairing = forms.TypedChoiceField(
        label=_("结对关系(含下级)"), required=False, coerce=int, empty_value=None
    )
    category = forms.ChoiceField(label=_("类别"), required=False)
    status = forms.ChoiceField(label=_("阶段"), required=False)
    delivery_mode = forms.ChoiceField(label=_("援建方式"), required=False)
    year = forms.IntegerField(label=_("预算年度"), required=False, min_value=1990, max_value=2100)
    sort = forms.ChoiceField(label=_("排序"), required=False)

    def __init__(self, *args, categories=(), pairings=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["category"].choices = everything + [(c.code, local(c)) for c in categories]
        self.fields["pairing"].choices = everything + [
            (p.pk, f"{'· ' * p.depth}{p}") for p in pairings
        ]
        self.fields["status"].choices = everything + list(Stage.choices)
        self.fields["delivery_mode"].choices = everything + list(Project.DeliveryMode.choices)
        self.fields["sort"].choices = [("", _("编号"))] + [(s, sort_label(s)) for s in SORTS]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "region": data.get("region") or None,
            "pairing": data.get("pairing"),
            "category": data.get("category") or None,
            "stage": data.get("status") or None,
            "year": data.get("year"),
            "delivery_mode": data.get("delivery_mode") or None,
            "q": data.get("q") or None,
        }


class PairingFilterForm(forms.Form):
    q = search_field(_("支援方或受援方名称"))
    level = forms.ChoiceField(label=_("结对层级"), required=False)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("active", _("现行")), ("ended", _("已结束"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("全部"))] + list(Pairing.Level.choices)

    def filters(self) -> dict:
        return {name: self.cleaned_data.get(name) or None for name in ("q", "level", "status")}


class XlsxUploadForm(forms.Form):
    """A spreadsheet to import, all or nothing unless the user ticks "valid rows only"."""

    file = forms.FileField(
        label=_("文件(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("请使用下载的模板填写;第一行是列名。"),
    )
    valid_rows_only = forms.BooleanField(
        label=_("有错误时仍导入正确的行"),
        required=False,
        help_text=_("不勾选时,只要有一行出错就不导入任何一行。"),
    )
    file_label = None  # a subclass names what the file holds

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.file_label:
            self.fields["file"].label = self.file_label

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的文件。"))
        return upload
