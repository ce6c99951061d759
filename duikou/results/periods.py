"""Period codes: ``202403`` or ``2024-03`` (month), ``2024Q1`` (quarter), ``2024`` (year) and
the five-year plans ``十三五`` … ``十五五`` (also ``FYP13`` …). Codes are stored in their
canonical form (``202403``, ``2024Q1``, ``2024``, ``十四五``)."""

import calendar
import datetime
import re

from django.utils.translation import gettext_lazy as _

from duikou.common.errors import field_error
from duikou.results.models import Period

PLANS = {13: "十三五", 14: "十四五", 15: "十五五", 12: "十二五", 16: "十六五"}
PLAN_NUMBERS = {name: number for number, name in PLANS.items()}
KIND_ORDER = [Period.Kind.MONTH, Period.Kind.QUARTER, Period.Kind.YEAR, Period.Kind.PLAN]
FIRST_YEAR, LAST_YEAR = 1990, 2100


def plan_years(number: int) -> tuple[int, int]:
    """The 14th five-year plan runs 2021–2025; the others follow five years apart."""
    start = 2021 + (number - 14) * 5
    return start, start + 4


def parse_period(code) -> tuple[str, str, datetime.date, datetime.date]:
    """``(canonical code, kind, start, end)``; a clear error naming ``period`` otherwise."""
    text = str(code or "").strip().upper().replace(" ", "")
    if not text:
        raise field_error("period", _("请填写期间,如 2024、2024Q1、202403 或 十四五。"))
    plan = PLAN_NUMBERS.get(str(code).strip()) or _plan_number(text)
    if plan:
        first, last = plan_years(plan)
        return (
            PLANS[plan],
            Period.Kind.PLAN,
            datetime.date(first, 1, 1),
            datetime.date(last, 12, 31),
        )
    if match := re.fullmatch(r"(\d{4})", text):
        year = _year(match.group(1), code)
        return text, Period.Kind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if match := re.fullmatch(r"(\d{4})Q([1-4])", text):
        year, quarter = _year(match.group(1), code), int(match.group(2))
        first_month = 3 * quarter - 2
        last_day = calendar.monthrange(year, first_month + 2)[1]
        return (
            f"{year}Q{quarter}",
            Period.Kind.QUARTER,
            datetime.date(year, first_month, 1),
            datetime.date(year, first_month + 2, last_day),
        )
    if match := re.fullmatch(r"(\d{4})-?(\d{2})", text):
        year, month = _year(match.group(1), code), int(match.group(2))
        if 1 <= month <= 12:
            last_day = calendar.monthrange(year, month)[1]
            return (
                f"{year}{month:02d}",
                Period.Kind.MONTH,
                datetime.date(year, month, 1),
                datetime.date(year, month, last_day),
            )
    raise field_error(
        "period",
        _("无法识别的期间“%(value)s”:请写 2024(年)、2024Q1(季度)、202403(月)或 十四五。"),
        value=code,
    )


def _plan_number(text: str) -> int | None:
    match = re.fullmatch(r"FYP(\d{2})", text)
    return int(match.group(1)) if match and int(match.group(1)) in PLANS else None


def _year(text: str, code) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise field_error(
            "period",
            _("期间“%(value)s”的年份应在 %(first)s 至 %(last)s 之间。"),
            value=code,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return year


def period_for(code) -> Period:
    """The period of a code, made on first use."""
    canonical, kind, start, end = parse_period(code)
    period, _created = Period.objects.get_or_create(
        code=canonical, defaults={"kind": kind, "start": start, "end": end}
    )
    return period


def period_named(code) -> Period:
    """The period of a code for a question (not stored: a read makes no rows)."""
    canonical, kind, start, end = parse_period(code)
    return Period(code=canonical, kind=kind, start=start, end=end)


def previous_period_code(period: Period) -> str | None:
    """The period of the same kind just before (for the 10× plausibility check)."""
    day = period.start - datetime.timedelta(days=1)
    if period.kind == Period.Kind.MONTH:
        return f"{day.year}{day.month:02d}"
    if period.kind == Period.Kind.QUARTER:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if period.kind == Period.Kind.YEAR:
        return str(day.year)
    number = PLAN_NUMBERS.get(period.code)
    return PLANS.get(number - 1) if number else None
