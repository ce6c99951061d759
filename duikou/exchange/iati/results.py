"""An IATI activity's results into Duikou's results model.

Each quantitative indicator becomes (or finds) a data element: the one whose code an indicator
reference of vocabulary 99 names (what Duikou's own export writes), else one made for the
indicator's title. Baselines, targets and actuals become values of the project in its first
region, for the period the indicator period is: a calendar year, quarter or month. Values
that cannot be placed (a project outside China, a period such as July–June, a qualitative
indicator) stay in the project's IATI data and are said in the warnings.
"""

import datetime
import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from duikou.exchange.iati.activity import Indicator, Observation, best_text, text_in
from duikou.exchange.iati.mapping import Mapped
from duikou.results.models import DataElement, DataValue, ValueType
from duikou.results.periods import parse_period
from duikou.results.services import element_create, value_save

QUALITATIVE = "5"
PERCENTAGE = "2"


def period_code(start: str, end: str) -> str | None:
    """``2024``, ``2024Q1`` or ``202403`` when the dates are exactly that period."""
    if not start or not end:
        return None
    first = datetime.date.fromisoformat(start)
    month = first.month
    for code in (
        str(first.year),
        f"{first.year}Q{(month - 1) // 3 + 1}",
        f"{first.year}{month:02d}",
    ):
        _code, _kind, period_start, period_end = parse_period(code)
        if (period_start.isoformat(), period_end.isoformat()) == (start, end):
            return code
    return None


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _total(observations: tuple[Observation, ...]) -> Decimal | None:
    """Targets or actuals split by dimension add up to the period's figure."""
    numbers = [_number(o.value) for o in observations if o.value != ""]
    if not numbers or any(n is None for n in numbers):
        return None
    return sum(numbers, Decimal(0))


def _messages(error) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


class ResultsWriter:
    """Writes the results of the activities of one import (elements are looked up once)."""

    def __init__(self, by):
        self.by = by
        self.elements = {e.code: e for e in DataElement.objects.all()}

    def write(self, project, region, item: Mapped) -> list[str]:
        """Save the values of the activity's results in ``region`` (the project's main
        region; None when it has none in China); the warnings about what stayed in the IATI
        data."""
        if not item.indicators:
            return []
        if region is None:
            return [
                _("项目不在中国境内的地区:%(n)s 个成效指标只保存在 IATI 数据中。")
                % {"n": item.indicators}
            ]
        warnings: list[str] = []
        for result in item.results:
            for indicator in result.indicators:
                warnings += self._indicator(project, region, indicator, item.language)
        return warnings

    def _indicator(self, project, region, indicator: Indicator, language) -> list[str]:
        title = best_text(indicator.title, language, "zh") or _("(无标题指标)")
        if indicator.measure == QUALITATIVE:
            return [_("定性指标“%(title)s”只保存在 IATI 数据中。") % {"title": title}]
        try:
            element = self._element(indicator, title, language)
        except (PermissionDenied, ValidationError) as error:
            return [
                _("指标“%(title)s”未能建为数据元素:%(error)s")
                % {"title": title, "error": _messages(error)}
            ]
        values = [
            (str(b.year), DataValue.Kind.BASELINE, _number(b.value), b.year)
            for b in indicator.baselines
            if b.year
        ]
        for period in indicator.periods:
            code = period_code(period.start, period.end)
            label = f"{period.start}–{period.end}"
            values.append((code, DataValue.Kind.TARGET, _total(period.targets), label))
            values.append((code, DataValue.Kind.ACTUAL, _total(period.actuals), label))
        warnings = []
        for code, kind, number, label in values:
            if number is None:
                continue
            if code is None:
                warnings.append(
                    _(
                        "指标“%(title)s”的期间 %(period)s 不是整年、整季或整月:"
                        "只保存在 IATI 数据中。"
                    )
                    % {"title": title, "period": label}
                )
                continue
            try:
                value_save(
                    by=self.by,
                    element=element,
                    period=code,
                    region=region,
                    project=project,
                    kind=kind,
                    value=number,
                )
            except (PermissionDenied, ValidationError) as error:
                warnings.append(
                    _("指标“%(title)s”%(period)s 的数值未保存:%(error)s")
                    % {
                        "title": title,
                        "period": label,
                        "error": _messages(error),
                    }
                )
        return warnings

    def _element(self, indicator: Indicator, title: str, language) -> DataElement:
        for reference in indicator.references:
            if reference.vocabulary == "99" and reference.code in self.elements:
                return self.elements[reference.code]
        english = text_in(indicator.title, "en") or (
            text_in(indicator.title, "") if language == "en" else ""
        )
        digest = hashlib.sha1(f"{title}|{english}|{indicator.measure}".encode()).hexdigest()
        code = f"iati-{digest[:12]}"
        if code not in self.elements:
            self.elements[code] = element_create(
                by=self.by,
                code=code,
                name=title[:200],
                name_en=english[:200],
                value_type=ValueType.PERCENT
                if indicator.measure == PERCENTAGE
                else ValueType.NUMBER,
                description=_("从 IATI 指标导入。"),
            )
        return self.elements[code]
