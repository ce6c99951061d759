"""Forms of the web pages. They parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.projects.models import Project

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
