"""Forms of the web pages. They parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.projects.models import Project, Stage
from duikou.projects.selectors import SORTS

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


class ProjectEditForm(forms.ModelForm):
    """The fields a unit edits; ``version`` is the version the page was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = PROJECT_EDIT_FIELDS
        widgets = {
            "planned_start": forms.DateInput(attrs={"type": "date"}),
            "planned_end": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        """Model validation is the service's job, with the version check first."""

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROJECT_EDIT_FIELDS}


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100)
    can_write = forms.BooleanField(label=_("允许修改数据(读写令牌)"), required=False)


class ProjectFilterForm(forms.Form):
    """The filters of the project list; every field optional, bad values named."""

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("编号或名称")}),
    )
    region = forms.CharField(label=_("受援地区代码"), required=False, max_length=12)
    category = forms.ChoiceField(label=_("类别"), required=False)
    status = forms.ChoiceField(label=_("阶段"), required=False)
    delivery_mode = forms.ChoiceField(label=_("援建方式"), required=False)
    year = forms.IntegerField(label=_("预算年度"), required=False, min_value=1990, max_value=2100)
    sort = forms.ChoiceField(label=_("排序"), required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["category"].choices = everything + [(c.code, c.name) for c in categories]
        self.fields["status"].choices = everything + list(Stage.choices)
        self.fields["delivery_mode"].choices = everything + list(Project.DeliveryMode.choices)
        self.fields["sort"].choices = [("", _("编号"))] + [(s, s) for s in SORTS]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "region": data.get("region") or None,
            "category": data.get("category") or None,
            "stage": data.get("status") or None,
            "year": data.get("year"),
            "delivery_mode": data.get("delivery_mode") or None,
            "q": data.get("q") or None,
        }
