"""The IATI upload form."""

from django import forms
from django.utils.translation import gettext_lazy

from duikou.web.forms_planning import NONE_CHOSEN, pairing_choices


class PairingChoice(forms.TypedChoiceField):
    """A pairing id from the list; whether the user may import into it is the service's to
    say (with its own message)."""

    def valid_value(self, value) -> bool:
        return True


class IatiUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("IATI 活动文件(.xml)"),
        required=False,  # the service names what is missing or wrong
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
        help_text=gettext_lazy(
            "IATI 1.0x 或 2.0x 版活动文件。已导入过的活动按 IATI 标识更新,不会重复建项目。"
        ),
    )
    pairing = PairingChoice(
        label=gettext_lazy("导入到结对关系"), coerce=int, empty_value=None, required=False
    )
    all_or_nothing = forms.BooleanField(
        label=gettext_lazy("全部成功才导入"),
        required=False,
        help_text=gettext_lazy(
            "勾选时,只要有一个活动不符合要求,整个文件都不导入;"
            "不勾选时,有问题的活动列在报告中,其余活动照常导入。"
        ),
    )

    def __init__(self, *args, pairings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].choices = [NONE_CHOSEN, *pairing_choices(pairings)]
