"""Forms of the results entry pages: the period of the entry form, the values of one project
and period, the grid of many projects or regions, the approval buttons, the upload and the
export filters. They parse input; the services check the numbers, the scope and the status."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from duikou.geo.selectors import region_by_code
from duikou.results.models import DataElement, DataValue
from duikou.results.periods import parse_period
from duikou.results.services import plain
from duikou.web.forms import XlsxUploadForm
from duikou.web.templatetags.duikou import local

KINDS = [DataValue.Kind.BASELINE, DataValue.Kind.TARGET, DataValue.Kind.ACTUAL]
KIND_LABELS = dict(DataValue.Kind.choices)
# Values waiting for approval or approved cannot be changed on the page.
LOCKED = {DataValue.Status.SUBMITTED, DataValue.Status.APPROVED}
EVERYTHING = ("", _("全部"))
NONE_CHOSEN = ("", "—")
NEW_ROWS = 3
PERIOD_HELP = _("如 2025、2025Q1、202503 或 十四五。")


def this_year() -> str:
    return str(datetime.date.today().year)


def element_label(element: DataElement) -> str:
    return f"{local(element)}({element.unit})" if element.unit else local(element)


def element_choices(elements) -> list[tuple[str, str]]:
    return [(element.code, element_label(element)) for element in elements]


def _messages(error: ValidationError) -> ValidationError:
    """A service's error naming a field, as the error of the form field that asked."""
    return ValidationError(error.messages)


class PeriodField(forms.CharField):
    """A period code, checked and written the canonical way (``2025q1`` → ``2025Q1``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("期间"))
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", PERIOD_HELP)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return parse_period(value)[0]
        except ValidationError as error:
            raise _messages(error) from None


def _number_input(label: str) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "size": 10, "aria-label": label})


def _number_field(label: str) -> forms.CharField:
    """A number as typed: the service parses it ("1,200" and "12.5" are fine) and names what
    is wrong with it."""
    return forms.CharField(required=False, max_length=40, widget=_number_input(label))


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def _version_sent(version: int | None, stored: DataValue | None) -> int | None:
    """The version the page showed; a value stored since the page was opened (the page sent
    no version for it) is a conflict, not something to overwrite unseen."""
    if version is None and stored is not None:
        return 0
    return version


@dataclass
class Entry:
    """One value to save: its key and number as the page sent them, the form field its errors
    go to, the words that name it in a message, and the version the page showed (None when
    it is new)."""

    field: str
    label: str
    key: dict
    value: str
    comment: str | None
    version: int | None


# ------------------------------------------------------------------ one project, one period


class EntryPeriodForm(forms.Form):
    period = PeriodField()

    def __init__(self, data=None, **kwargs):
        data = {"period": (data or {}).get("period") or this_year()}
        super().__init__(data, **kwargs)


@dataclass
class EntryCell:
    kind: str
    label: str
    value: DataValue | None
    name: str
    editable: bool
    field: object = None  # the bound field, set by the form

    @property
    def text(self) -> str:
        return plain(self.value.value) if self.value else ""


@dataclass
class EntryRow:
    """A row of the entry form: an element in a region (chosen on the row when it is new),
    with the stored values of the period by kind."""

    prefix: str
    element: DataElement | None = None
    region: object = None
    values: dict = field(default_factory=dict)
    cells: list = field(default_factory=list)
    comment: object = None  # the bound comment field
    element_field: object = None
    region_field: object = None

    @property
    def is_new(self) -> bool:
        return self.element is None

    @property
    def comment_text(self) -> str:
        shown = [v for v in self.values.values() if v.comment]
        editable = [v for v in shown if v.status not in LOCKED]
        return (editable or shown)[0].comment if shown else ""

    @property
    def editable(self) -> bool:
        return any(cell.editable for cell in self.cells)


class ProjectValuesForm(forms.Form):
    """The values of one project and period: a row per element and region with an input per
    kind (baseline, target, actual), a comment, the versions shown, and a few new rows that
    pick their element (and region, when the project has several).

    A submitted or approved value has no input (it is locked); a number sent for it anyway
    goes to the service, which refuses a change."""

    def __init__(self, data=None, *, rows, elements, regions, can_enter, new_rows=NEW_ROWS):
        super().__init__(data)
        self.elements = {element.code: element for element in elements}
        self.regions = {region.code: region for region in regions}
        self.rows = list(rows)
        self.new_rows = [EntryRow(prefix=f"new{i}") for i in range(new_rows if can_enter else 0)]
        for row in self.rows:
            names = f"{local(row.element)} {local(row.region)}"
            for kind in KINDS:
                value = row.values.get(kind)
                label = f"{names} {KIND_LABELS[kind]}"
                cell = EntryCell(
                    kind,
                    KIND_LABELS[kind],
                    value,
                    f"{row.prefix}-{kind}",
                    can_enter and (value is None or value.status not in LOCKED),
                )
                self.fields[cell.name] = _number_field(label)
                self.fields[f"{cell.name}-version"] = _version_field()
                if value is not None:
                    self.initial[cell.name] = plain(value.value)
                    self.initial[f"{cell.name}-version"] = value.version
                row.cells.append(cell)
            self.fields[f"{row.prefix}-comment"] = self._comment_field(f"{names} {_('备注')}")
            self.initial[f"{row.prefix}-comment"] = row.comment_text
        choices = [NONE_CHOSEN, *element_choices(elements)]
        region_choices = [(region.code, local(region)) for region in regions]
        for number, row in enumerate(self.new_rows, start=1):
            names = _("新增第 %(n)s 行") % {"n": number}
            self.fields[f"{row.prefix}-element"] = forms.ChoiceField(
                required=False,
                choices=choices,
                widget=forms.Select(attrs={"aria-label": f"{names} {_('数据元素')}"}),
            )
            self.fields[f"{row.prefix}-region"] = forms.ChoiceField(
                required=False,
                choices=region_choices,
                widget=forms.Select(attrs={"aria-label": f"{names} {_('地区')}"}),
            )
            if region_choices:
                self.initial[f"{row.prefix}-region"] = region_choices[0][0]
            for kind in KINDS:
                name = f"{row.prefix}-{kind}"
                self.fields[name] = _number_field(f"{names} {KIND_LABELS[kind]}")
                row.cells.append(EntryCell(kind, KIND_LABELS[kind], None, name, True))
            self.fields[f"{row.prefix}-comment"] = self._comment_field(f"{names} {_('备注')}")
        for row in self.rows + self.new_rows:
            for cell in row.cells:
                cell.field = self[cell.name]
            row.comment = self[f"{row.prefix}-comment"]
            if row.is_new:
                row.element_field = self[f"{row.prefix}-element"]
                row.region_field = self[f"{row.prefix}-region"]

    @staticmethod
    def _comment_field(label: str) -> forms.CharField:
        return forms.CharField(
            required=False,
            max_length=2000,
            widget=forms.TextInput(attrs={"size": 16, "aria-label": label}),
        )

    def clean(self):
        data = super().clean()
        seen = {(row.element.code, row.region.code): row for row in self.rows}
        for row in self.new_rows:
            code, region = data.get(f"{row.prefix}-element"), data.get(f"{row.prefix}-region")
            numbers = any(data.get(f"{row.prefix}-{kind}") for kind in KINDS)
            if not code:
                if numbers:
                    self.add_error(f"{row.prefix}-element", _("请选择数据元素。"))
                continue
            if not numbers:
                self.add_error(f"{row.prefix}-{KINDS[-1]}", _("请至少填写一个数值。"))
                continue
            if not region:
                self.add_error(f"{row.prefix}-region", _("请选择地区。"))
                continue
            if (code, region) in seen:
                self.add_error(
                    f"{row.prefix}-element",
                    _("“%(element)s”在该地区已有一行,请在那一行填写。")
                    % {"element": element_label(self.elements[code])},
                )
                continue
            seen[code, region] = row
        return data

    def entries(self, *, project, period: str) -> list[Entry]:
        """The values to save: every number filled in (a blank input saves nothing and keeps
        what is stored)."""
        data, entries = self.cleaned_data, []
        for row in self.rows + self.new_rows:
            if row.is_new:
                code = data.get(f"{row.prefix}-element")
                if not code:
                    continue
                element = self.elements[code]
                region = self.regions[data[f"{row.prefix}-region"]]
            else:
                element, region = row.element, row.region
            comment = data.get(f"{row.prefix}-comment", "")
            # An unchanged comment keeps each value's own; a new one goes to every value sent.
            kept = not row.is_new and comment == self.initial.get(f"{row.prefix}-comment", "")
            for cell in row.cells:
                text = data.get(cell.name) or ""
                if not text.strip():
                    continue
                version = _version_sent(data.get(f"{cell.name}-version"), cell.value)
                entries.append(
                    Entry(
                        field=cell.name,
                        label=_("“%(element)s”(%(region)s)%(kind)s")
                        % {"element": local(element), "region": local(region), "kind": cell.label},
                        key={
                            "element": element,
                            "period": period,
                            "region": region,
                            "project": project,
                            "kind": cell.kind,
                        },
                        value=text,
                        # A locked value keeps its comment: only its number can be sent (and
                        # the service refuses to change it).
                        comment=None
                        if not cell.editable or (kept and cell.value is not None)
                        else comment,
                        version=version,
                    )
                )
        return entries


# ------------------------------------------------------------------ the grid


GRID_PROJECTS, GRID_REGIONS = "projects", "regions"


class GridFilterForm(forms.Form):
    rows = forms.ChoiceField(
        label=_("对象"),
        choices=[(GRID_PROJECTS, _("项目")), (GRID_REGIONS, _("地区"))],
        help_text=_("项目:每个项目按受援地区一行;地区:地区本身的数值(不属于任何项目)。"),
    )
    element = forms.ChoiceField(label=_("数据元素"))
    period = PeriodField()
    kind = forms.ChoiceField(label=_("数值种类"), choices=DataValue.Kind.choices)

    def __init__(self, data=None, *, elements, **kwargs):
        defaults = {"rows": GRID_PROJECTS, "period": this_year(), "kind": DataValue.Kind.ACTUAL}
        if data is not None:
            data = {
                **defaults,
                **{key: value for key, value in data.items() if value not in ("", None)},
            }
        super().__init__(data, initial=defaults, **kwargs)
        self.fields["element"].choices = [NONE_CHOSEN, *element_choices(elements)]


@dataclass
class GridRow:
    """A row of the grid: a project in one of its recipient regions, or a region's own value
    (``project`` None); and its stored value."""

    project: object
    region: object
    value: DataValue | None
    name: str = ""
    field: object = None
    editable: bool = False

    def __post_init__(self):
        self.name = f"r{self.region.pk}"
        if self.project is not None:
            self.name = f"p{self.project.pk}-{self.name}"
        self.editable = self.value is None or self.value.status not in LOCKED

    @property
    def text(self) -> str:
        return plain(self.value.value) if self.value else ""

    @property
    def label(self) -> str:
        """The words that name the row in a message."""
        if self.project is None:
            return _("%(region)s(%(code)s)") % {
                "region": local(self.region),
                "code": self.region.code,
            }
        return _("%(project)s(%(region)s)") % {
            "project": self.project.code,
            "region": local(self.region),
        }


class GridValuesForm(forms.Form):
    """One input per row for the element, period and kind chosen."""

    def __init__(self, data=None, *, rows, kind_label: str):
        super().__init__(data)
        self.rows = list(rows)
        for row in self.rows:
            where = local(row.region)
            if row.project is not None:
                where = f"{row.project.code} {where}"
            self.fields[row.name] = _number_field(f"{where} {kind_label}")
            self.fields[f"{row.name}-version"] = _version_field()
            if row.value is not None:
                self.initial[row.name] = plain(row.value.value)
                self.initial[f"{row.name}-version"] = row.value.version
            row.field = self[row.name]

    def entries(self, *, element, period: str, kind: str) -> list[Entry]:
        entries = []
        for row in self.rows:
            text = self.cleaned_data.get(row.name) or ""
            if not text.strip():
                continue
            version = _version_sent(self.cleaned_data.get(f"{row.name}-version"), row.value)
            entries.append(
                Entry(
                    field=row.name,
                    label=row.label,
                    key={
                        "element": element,
                        "period": period,
                        "region": row.region,
                        "project": row.project,
                        "kind": kind,
                    },
                    value=text,
                    comment=None,
                    version=version,
                )
            )
        return entries


# ------------------------------------------------------------------ approval


class ApprovalFilterForm(forms.Form):
    SORTS = {
        "project": _("按项目"),
        "region": _("按地区"),
        "element": _("按数据元素"),
        "period": _("按期间(最近的在前)"),
    }
    period = PeriodField(required=False, help_text=_("列出落在该期间内的数值;留空为全部。"))
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=list(SORTS.items()))

    def __init__(self, data=None, **kwargs):
        super().__init__(data or {}, **kwargs)


STEPS = {"approve", "return", "reopen", "submit"}
BATCH_STEPS = {"approve", "submit"}


class ValueStepForm(forms.Form):
    """One press of a button on the approval page. ``step`` is ``approve:12`` (one value) or
    ``approve:selected`` (the values ticked in ``selected``); each value's reason and the
    version the page showed come in ``reason-12`` and ``version-12``."""

    step = forms.CharField(max_length=40)

    def clean_step(self):
        action, _sep, target = self.cleaned_data["step"].partition(":")
        if action not in STEPS:
            raise ValidationError(_("未知的操作。"))
        if target == "selected" and action in BATCH_STEPS:
            ids = [int(pk) for pk in self.data.getlist("selected") if pk.isdigit()]
            if not ids:
                raise ValidationError(_("请先勾选数值。"))
        elif target.isdigit():
            ids = [int(target)]
        else:
            raise ValidationError(_("未知的操作。"))
        self.action, self.ids = action, ids
        return self.cleaned_data["step"]

    def reason(self, pk: int) -> str:
        return str(self.data.get(f"reason-{pk}", "")).strip()[:500]

    def version(self, pk: int) -> int | None:
        text = str(self.data.get(f"version-{pk}", ""))
        return int(text) if text.isdigit() else None


# ------------------------------------------------------------------ import and export


class ValuesUploadForm(XlsxUploadForm):
    file_label = _("成效数据文件(.xlsx)")


class ValuesExportForm(forms.Form):
    """What to export of the values the user sees; every filter optional, a wrong one named.
    ``projects`` are the projects the user sees (a project outside them reads as unknown)."""

    element = forms.ChoiceField(label=_("数据元素"), required=False)
    period = PeriodField(required=False, help_text=_("导出落在该期间内的数值;留空为全部。"))
    region = forms.CharField(
        label=_("地区(含下级)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"placeholder": _("区划代码")}),
    )
    project = forms.CharField(
        label=_("项目"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("项目编号")}),
    )
    kind = forms.ChoiceField(
        label=_("数值种类"), required=False, choices=[EVERYTHING, *DataValue.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[EVERYTHING, *DataValue.Status.choices]
    )

    def __init__(self, data=None, *, elements, projects, **kwargs):
        super().__init__(data, **kwargs)
        self.projects = projects
        self.fields["element"].choices = [EVERYTHING, *element_choices(elements)]

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        if not code:
            return None
        try:
            return region_by_code(code)
        except ValidationError as error:
            raise _messages(error) from None

    def clean_project(self):
        text = self.cleaned_data["project"].strip()
        if not text:
            return None
        project = self.projects.filter(code=text).first()
        if project is None and text.isdigit():
            project = self.projects.filter(pk=int(text)).first()
        if project is None:
            raise ValidationError(
                _("项目“%(value)s”不存在或不在您的权限范围内。"), params={"value": text}
            )
        return project

    def filters(self) -> dict:
        """The filters as arguments of ``DataValue`` queries."""
        data, filters = self.cleaned_data, {}
        if data.get("element"):
            filters["element__code"] = data["element"]
        if data.get("period"):
            _code, _kind, start, end = parse_period(data["period"])
            filters.update(period_start__gte=start, period_end__lte=end)
        if data.get("region"):
            filters["region_path__startswith"] = data["region"].path
        if data.get("project"):
            filters["project"] = data["project"]
        for name in ("kind", "status"):
            if data.get(name):
                filters[name] = data[name]
        return filters
