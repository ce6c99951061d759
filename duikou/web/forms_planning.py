"""Forms of the planning pages: the reserve's filters, a reserve project with its costs,
expected results, needs-first and synergies, and a scenario with its budgets, share rules,
weights and the decision on each reserve project. They parse input into the shapes the
planning services take; the services validate and write."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.planning.models import MAX_YEARS, Scenario, ScenarioChoice
from duikou.planning.services import CANDIDATE_FIELDS, SCENARIO_FIELDS
from duikou.web.forms import XlsxUploadForm, search_field
from duikou.web.forms_results import element_choices, element_label
from duikou.web.templatetags.duikou import local

EVERYTHING = ("", _("全部"))
NONE_CHOSEN = ("", "—")
OUTCOME_ROWS = 6
SYNERGY_ROWS = 2  # blank rows after the candidate's synergies
SHARE_ROWS = 2  # blank rows after the scenario's share rules
YEAR_BOUNDS = (1990, 2100)


def _text(label, *, size: int = 10, **attrs) -> forms.CharField:
    """A number as typed: the service parses it ("1,200" is fine) and names what is wrong."""
    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": size, "aria-label": label})
    widget.attrs.update(attrs)
    return forms.CharField(required=False, max_length=40, widget=widget)


def candidate_label(candidate) -> str:
    return f"{candidate.code} {local(candidate, 'title')}"


def category_choices(categories) -> list[tuple[str, str]]:
    return [(c.code, local(c)) for c in categories]


def pairing_choices(pairings) -> list[tuple[int, str]]:
    return [(p.pk, f"{'· ' * p.depth}{p}") for p in pairings]


@dataclass
class Row:
    """A row of fields of a repeated part of a form (an expected result, a synergy, a share
    rule, a weight, a decision); ``fields`` the bound fields by name, ``errors`` the service's
    errors about the row as a whole."""

    prefix: str
    label: str = ""
    fields: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    item: object = None  # the element, candidate… a fixed row is about


class Fields:
    """The form's own fields without its rows, as ``_form_fields.html`` lists them."""

    def __init__(self, form, names):
        self.form, self.names = form, list(names)

    def visible_fields(self):
        return [self.form[n] for n in self.names if not self.form.fields[n].widget.is_hidden]

    def hidden_fields(self):
        return [self.form[n] for n in self.names if self.form.fields[n].widget.is_hidden]

    def non_field_errors(self):
        return self.form.non_field_errors()


class RowsMixin:
    """Repeated rows of fields, and the errors a service gives a whole part of the form
    (``part_errors``: outcomes, synergy, budgets, shares, weights, choices)."""

    @property
    def own(self) -> Fields:
        return Fields(self, self.base_fields)

    def _add_row(self, rows: list, prefix: str, fields: dict, label="", item=None) -> Row:
        row = Row(prefix, label=label, item=item)
        for name, form_field in fields.items():
            self.fields[f"{prefix}-{name}"] = form_field
        rows.append(row)
        return row

    def _bind_rows(self, *groups) -> None:
        for rows in groups:
            for row in rows:
                row.fields = {
                    name.removeprefix(f"{row.prefix}-"): self[name]
                    for name in self.fields
                    if name.startswith(f"{row.prefix}-")
                }

    def part_error(self, part: str, message) -> None:
        self.part_errors.setdefault(part, []).append(message)

    def value(self, name: str):
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None


# ------------------------------------------------------------------ the reserve


class CandidateFilterForm(forms.Form):
    q = search_field(_("储备编号或名称"))
    pairing = forms.TypedChoiceField(
        label=_("结对关系(含下级)"), required=False, coerce=int, empty_value=None
    )
    region = forms.CharField(
        label=_("实施地区(含下级)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"list": "region-options", "placeholder": _("区划代码")}),
    )
    category = forms.ChoiceField(label=_("类别"), required=False)

    def __init__(self, *args, pairings=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].choices = [EVERYTHING, *pairing_choices(pairings)]
        self.fields["category"].choices = [EVERYTHING, *category_choices(categories)]


class CandidateForm(RowsMixin, forms.Form):
    """A reserve project. ``candidate`` None for a new one; ``others``: the candidates it may
    need first or support; ``version`` the version the page was opened at."""

    code = forms.CharField(label=_("储备编号"), max_length=40)
    title = forms.CharField(label=_("项目名称"), max_length=200)
    title_en = forms.CharField(label=_("英文名称"), max_length=250, required=False)
    pairing = forms.TypedChoiceField(label=_("所属结对"), coerce=int)
    category = forms.ChoiceField(label=_("类别"))
    region = forms.CharField(
        label=_("实施地区(区划代码)"),
        max_length=12,
        widget=forms.TextInput(attrs={"list": "region-options", "inputmode": "numeric"}),
    )
    is_livelihood = forms.BooleanField(label=_("民生项目"), required=False)
    is_grassroots = forms.BooleanField(label=_("县及县以下基层"), required=False)
    earliest_start = forms.IntegerField(
        label=_("最早开工年度"), required=False, min_value=YEAR_BOUNDS[0], max_value=YEAR_BOUNDS[1]
    )
    alternative_group = forms.CharField(
        label=_("互斥组"),
        max_length=40,
        required=False,
        help_text=_("同一互斥组的储备项目至多选一个。"),
    )
    costs = forms.CharField(
        label=_("分年度成本(万元)"),
        max_length=200,
        required=False,
        help_text=_("自开工年起每年的金额,用空格或逗号分开,如“1200 800”。"),
    )
    requires = forms.MultipleChoiceField(
        label=_("前置项目"),
        required=False,
        help_text=_("须先开工的储备项目;按住 Ctrl 可多选。"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    description = forms.CharField(
        label=_("项目简介"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, data=None, *, candidate=None, pairings, categories, elements, others, synergies=()
    ):
        super().__init__(data)
        self.candidate, self.part_errors = candidate, {}
        self.elements = {e.code: e for e in elements}
        self.others = {c.code: c for c in others if candidate is None or c.pk != candidate.pk}
        self.fields["pairing"].choices = [NONE_CHOSEN, *pairing_choices(pairings)]
        self.fields["category"].choices = [NONE_CHOSEN, *category_choices(categories)]
        self.fields["requires"].choices = [
            (c.code, candidate_label(c)) for c in self.others.values()
        ]
        outcomes = list(candidate.outcomes.all()) if candidate else []
        self.outcome_rows, self.synergy_rows = [], []
        element_options = [NONE_CHOSEN, *element_choices(elements)]
        for n in range(1, max(OUTCOME_ROWS, len(outcomes) + 2) + 1):
            words = _("第 %(n)s 项预期成效") % {"n": n}
            self._add_row(
                self.outcome_rows,
                f"outcome-{n}",
                {
                    "element": forms.ChoiceField(
                        required=False,
                        choices=element_options,
                        widget=forms.Select(attrs={"aria-label": f"{words} {_('数据元素')}"}),
                    ),
                    "value": _text(f"{words} {_('预期值')}"),
                },
            )
        partners = [NONE_CHOSEN, *self.fields["requires"].choices]
        synergies = list(synergies)
        for n in range(1, len(synergies) + SYNERGY_ROWS + 1):
            words = _("第 %(n)s 项协同") % {"n": n}
            self._add_row(
                self.synergy_rows,
                f"synergy-{n}",
                {
                    "partner": forms.ChoiceField(
                        required=False,
                        choices=partners,
                        widget=forms.Select(attrs={"aria-label": f"{words} {_('协同项目')}"}),
                    ),
                    "bonus": _text(f"{words} {_('协同加分')}"),
                    "note": forms.CharField(
                        required=False,
                        max_length=300,
                        widget=forms.TextInput(
                            attrs={"size": 24, "aria-label": f"{words} {_('说明')}"}
                        ),
                    ),
                },
            )
        if candidate is not None:
            self._initial_from(candidate, outcomes, synergies)
        else:
            self.initial.update(is_livelihood=True, is_grassroots=True)
        self._bind_rows(self.outcome_rows, self.synergy_rows)

    def _initial_from(self, candidate, outcomes, synergies) -> None:
        self.initial.update(
            {
                "code": candidate.code,
                "title": candidate.title,
                "title_en": candidate.title_en,
                "description": candidate.description,
                "pairing": candidate.pairing_id,
                "category": candidate.category.code,
                "region": candidate.region.code,
                "is_livelihood": candidate.is_livelihood,
                "is_grassroots": candidate.is_grassroots,
                "earliest_start": candidate.earliest_start,
                "alternative_group": candidate.alternative_group,
                "costs": " ".join(f"{c.amount.normalize():f}" for c in candidate.costs.all()),
                "requires": [d.requires.code for d in candidate.dependencies.all()],
                "version": candidate.version,
            }
        )
        for n, outcome in enumerate(outcomes, start=1):
            self.initial[f"outcome-{n}-element"] = outcome.element.code
            self.initial[f"outcome-{n}-value"] = f"{outcome.value.normalize():f}"
        for n, (partner, synergy) in enumerate(synergies, start=1):
            self.initial[f"synergy-{n}-partner"] = partner.code
            self.initial[f"synergy-{n}-bonus"] = f"{synergy.bonus.normalize():f}"
            self.initial[f"synergy-{n}-note"] = synergy.note

    def clean(self):
        data = super().clean()
        self._check_rows(
            data,
            self.outcome_rows,
            ("element", "value"),
            (_("请填写预期值。"), _("请选择数据元素。"), _("同一数据元素只能填一行。")),
        )
        self._check_rows(
            data,
            self.synergy_rows,
            ("partner", "bonus"),
            (
                _("请填写协同加分(0 表示取消)。"),
                _("请选择协同项目。"),
                _("同一协同项目只能填一行。"),
            ),
        )
        return data

    def _check_rows(self, data, rows, names, messages) -> None:
        """Rows of (choice, number): both or neither filled, each choice once."""
        key, amount = names
        missing_amount, missing_key, twice = messages
        seen = set()
        for row in rows:
            code, value = data.get(f"{row.prefix}-{key}"), data.get(f"{row.prefix}-{amount}")
            if code and not (value or "").strip():
                self.add_error(f"{row.prefix}-{amount}", missing_amount)
            elif (value or "").strip() and not code:
                self.add_error(f"{row.prefix}-{key}", missing_key)
            elif code and code in seen:
                self.add_error(f"{row.prefix}-{key}", twice)
            seen.add(code)

    def service_fields(self) -> dict:
        """The candidate's fields, costs, outcomes and needs-first as the services take them;
        a needs-first kept keeps its lag."""
        data = self.cleaned_data
        fields = {name: data[name] for name in CANDIDATE_FIELDS if name != "is_illustrative"}
        lags = {}
        if self.candidate is not None:
            lags = {d.requires.code: d.lag_years for d in self.candidate.dependencies.all()}
        fields["costs"] = data["costs"]
        fields["outcomes"] = {
            data[f"{row.prefix}-element"]: data[f"{row.prefix}-value"]
            for row in self.outcome_rows
            if data.get(f"{row.prefix}-element")
        }
        fields["requires"] = [{"code": c, "lag": lags.get(c, 0)} for c in data["requires"]]
        return fields

    def synergies(self) -> dict[str, tuple[str, str]]:
        """{partner code: (bonus, note)} as filled in."""
        data = self.cleaned_data
        return {
            data[f"{row.prefix}-partner"]: (
                data[f"{row.prefix}-bonus"].strip(),
                data[f"{row.prefix}-note"].strip(),
            )
            for row in self.synergy_rows
            if data.get(f"{row.prefix}-partner")
        }


# ------------------------------------------------------------------ scenarios

DECISIONS = ScenarioChoice.Decision


def _year(value, default: int) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return year if YEAR_BOUNDS[0] <= year <= YEAR_BOUNDS[1] else default


def horizon(source, scenario: Scenario | None) -> list[int]:
    """The years the budget fields are for: those typed (``source``: the data sent, or the
    values of a refresh), else the scenario's, else next year and the one after."""
    first = scenario.first_year if scenario else datetime.date.today().year + 1
    years = scenario.years if scenario else 2
    if source:
        first = _year(source.get("first_year"), first)
        typed = str(source.get("years") or "").strip()
        if typed.isdigit() and 1 <= int(typed) <= MAX_YEARS:
            years = int(typed)
    return list(range(first, first + years))


class ScenarioForm(RowsMixin, forms.ModelForm):
    """A scenario's settings with a budget per year of its horizon, share rules, a weight per
    data element and a decision on each project of the reserve (``reserve``: the candidates
    of the chosen pairing). ``refresh``: the values of a page being redrawn (new horizon or
    pairing), shown but not checked."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Scenario
        fields = [name for name in SCENARIO_FIELDS if name != "is_illustrative"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        data=None,
        *,
        scenario=None,
        pairings,
        elements,
        reserve,
        shares=(),
        weights=None,
        choices=None,
        budgets=None,
        refresh=None,
    ):
        super().__init__(data, instance=scenario)
        self.scenario, self.part_errors = scenario, {}
        self.fields["pairing"].queryset = pairings
        self.fields["pairing"].label_from_instance = lambda p: f"{'· ' * p.depth}{p}"
        self.fields["years"].widget.attrs.update(min=1, max=MAX_YEARS)
        if scenario is None:
            self.initial["first_year"] = datetime.date.today().year + 1
            self.initial["years"] = 2
        else:
            self.initial["version"] = scenario.version
        self.years = horizon(data if data is not None else refresh, scenario)
        self.reserve = list(reserve)
        self.budget_rows, self.share_rows, self.weight_rows, self.choice_rows = [], [], [], []
        for year in self.years:
            self._add_row(
                self.budget_rows,
                f"budget-{year}",
                {"amount": _text(_("%(year)s 年预算(万元)") % {"year": year}, size=12)},
                label=str(year),
            )
        shares = list(shares)
        for n in range(1, len(shares) + SHARE_ROWS + 1):
            words = _("第 %(n)s 条比例规则") % {"n": n}
            self._add_row(
                self.share_rows,
                f"share-{n}",
                {
                    "target": forms.CharField(
                        required=False,
                        max_length=50,
                        widget=forms.TextInput(
                            attrs={
                                "list": "share-targets",
                                "size": 16,
                                "aria-label": f"{words} {_('类别代码或区划代码')}",
                            }
                        ),
                    ),
                    "min": _text(f"{words} {_('最低比例(%)')}", size=6),
                    "max": _text(f"{words} {_('最高比例(%)')}", size=6),
                },
            )
        for element in elements:
            self._add_row(
                self.weight_rows,
                f"weight-{element.code}",
                {"points": _text(_("%(element)s 的权重") % {"element": element_label(element)})},
                label=element_label(element),
                item=element,
            )
        for candidate in self.reserve:
            name = candidate_label(candidate)
            self._add_row(
                self.choice_rows,
                f"choice-{candidate.pk}",
                {
                    "decision": forms.ChoiceField(
                        required=False,
                        choices=DECISIONS.choices,
                        widget=forms.Select(attrs={"aria-label": f"{name} {_('安排')}"}),
                    ),
                    "start": forms.IntegerField(
                        required=False,
                        min_value=YEAR_BOUNDS[0],
                        max_value=YEAR_BOUNDS[1],
                        widget=forms.NumberInput(
                            attrs={"aria-label": f"{name} {_('开工年度(续建)')}", "size": 6}
                        ),
                    ),
                    "rank": forms.IntegerField(
                        required=False,
                        min_value=1,
                        widget=forms.NumberInput(
                            attrs={"aria-label": f"{name} {_('受援地优先次序')}", "size": 4}
                        ),
                    ),
                },
                label=name,
                item=candidate,
            )
        self._initial_inputs(shares, weights or {}, choices or {}, budgets or {})
        if refresh:
            self.initial.update({key: refresh.get(key) for key in refresh})
        self._bind_rows(self.budget_rows, self.share_rows, self.weight_rows, self.choice_rows)

    def _initial_inputs(self, shares, weights, choices, budgets) -> None:
        for year in self.years:
            if year in budgets:
                self.initial[f"budget-{year}-amount"] = f"{budgets[year].normalize():f}"
        for n, share in enumerate(shares, start=1):
            target = share.category.code if share.category_id else share.region.code
            self.initial[f"share-{n}-target"] = target
            for key, value in (("min", share.min_share), ("max", share.max_share)):
                if value is not None:
                    self.initial[f"share-{n}-{key}"] = f"{value.normalize():f}"
        for row in self.weight_rows:
            if row.item.pk in weights:
                self.initial[f"{row.prefix}-points"] = f"{weights[row.item.pk].normalize():f}"
        for row in self.choice_rows:
            choice = choices.get(row.item.pk)
            if choice is not None:
                self.initial[f"{row.prefix}-decision"] = choice.decision
                self.initial[f"{row.prefix}-start"] = choice.start_year
                self.initial[f"{row.prefix}-rank"] = choice.priority_rank

    def _post_clean(self):
        """Model validation is the service's job (after the version check when editing)."""

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields}
        fields["budgets"] = {
            year: data[f"budget-{year}-amount"].strip()
            for year in self.years
            if data.get(f"budget-{year}-amount", "").strip()
        }
        fields["shares"] = []
        self.filled_shares = []  # the share rows sent, in order: the service's shares[k]
        for row in self.share_rows:
            target = data.get(f"{row.prefix}-target", "").strip()
            low, high = (data.get(f"{row.prefix}-{key}", "").strip() for key in ("min", "max"))
            if not (target or low or high):
                continue
            kind = "region" if target.isdigit() else "category"
            fields["shares"].append({kind: target, "min": low or None, "max": high or None})
            self.filled_shares.append(row)
        fields["weights"] = {
            row.item.code: data[f"{row.prefix}-points"].strip()
            for row in self.weight_rows
            if data.get(f"{row.prefix}-points", "").strip()
        }
        fields["choices"] = [
            {
                "candidate": row.item.code,
                "decision": data.get(f"{row.prefix}-decision") or "",
                "start_year": data.get(f"{row.prefix}-start"),
                "rank": data.get(f"{row.prefix}-rank"),
            }
            for row in self.choice_rows
            if data.get(f"{row.prefix}-decision") or data.get(f"{row.prefix}-rank") is not None
        ]
        return fields

    def row_of(self, field: str) -> Row | None:
        """The row a service's error names: ``shares[2]`` (the second rule sent),
        ``choices[KZ27-01]``."""
        name, _sep, key = field.partition("[")
        key = key.rstrip("]")
        if name == "shares" and key.isdigit():
            filled = getattr(self, "filled_shares", [])
            return filled[int(key) - 1] if 0 < int(key) <= len(filled) else None
        if name == "choices":
            return next((r for r in self.choice_rows if r.item.code == key), None)
        return None


class ScenarioCopyForm(forms.Form):
    code = forms.SlugField(label=_("新方案代码"), max_length=50)
    name = forms.CharField(label=_("新方案名称"), max_length=200)


class AdoptForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("我已核对入选项目,确认采纳并写入年度计划"),
        error_messages={"required": _("请先勾选确认。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReserveUploadForm(XlsxUploadForm):
    """The reserve sheet and the pairing its rows go to."""

    file_label = _("储备项目表(.xlsx)")
    field_order = ["pairing", "file", "valid_rows_only"]

    pairing = forms.TypedChoiceField(label=_("导入到结对关系"), coerce=int)

    def __init__(self, *args, pairings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].choices = [NONE_CHOSEN, *pairing_choices(pairings)]
        self.order_fields(self.field_order)
