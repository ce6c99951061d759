"""Helpers shared by the write services of every app."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from duikou.common.errors import field_error

MAX_AMOUNT = Decimal("1e16")  # DecimalField(max_digits=18, decimal_places=2)


UNITS = {"万": 10_000, "亿": 100_000_000}


def parse_amount(value, *, field: str, allow_zero: bool = True) -> Decimal:
    """A non-negative money amount in yuan with at most two decimals, or an error naming
    ``field``. Text may count in 万 or 亿 as people write it: "1200万", "2.46亿元"."""
    text = str(value).strip().replace(",", "").removesuffix("元")
    unit = UNITS.get(text[-1:], 1) if text else 1
    try:
        amount = Decimal(text[:-1] if unit != 1 else text) * unit
    except (InvalidOperation, ValueError):
        raise field_error(field, _("金额“%(value)s”不是有效的数字。"), value=value) from None
    if not amount.is_finite():
        raise field_error(field, _("金额“%(value)s”不是有效的数字。"), value=value)
    if amount < 0:
        raise field_error(field, _("金额不能为负数。"))
    if amount >= MAX_AMOUNT:
        raise field_error(field, _("金额过大。"))
    if amount == 0 and not allow_zero:
        raise field_error(field, _("金额必须大于零。"))
    if amount != amount.quantize(Decimal("0.01")):
        raise field_error(field, _("金额最多保留两位小数。"))
    return amount.quantize(Decimal("0.01"))


def parse_date(value, *, field: str, required: bool = True) -> datetime.date | None:
    """A date from a date or an ISO string, or an error naming ``field``."""
    if value in (None, ""):
        if required:
            raise field_error(field, _("请填写日期。"))
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        message = _("日期“%(value)s”格式不正确,应为 YYYY-MM-DD。")
        raise field_error(field, message, value=value) from None


def parse_year(value, *, field: str = "year") -> int:
    """A year between 1990 and 2100, or an error naming ``field``."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise field_error(field, _("年度“%(value)s”不是有效的年份。"), value=value) from None
    if not 1990 <= year <= 2100:
        raise field_error(field, _("年度须在 1990 到 2100 之间。"))
    return year


def check_end_after_start(start, end, *, end_field: str) -> None:
    if start and end and end < start:
        raise field_error(end_field, _("结束日期不能早于开始日期。"))


def _is_text_field(instance: models.Model, name: str) -> bool:
    field = instance._meta.get_field(name)
    return isinstance(field, (models.CharField, models.TextField)) and not field.null


def apply_changes(instance: models.Model, changes: dict, allowed: set[str]) -> list[str]:
    """Set the allowed fields of ``changes`` on ``instance``; unknown names are an error."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: [_("该字段不能在此修改。")] for name in sorted(unknown)})
    changed = []
    for name, value in changes.items():
        if value is None and _is_text_field(instance, name):
            value = ""  # text is never NULL: an empty value is ""
        if getattr(instance, name, None) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
