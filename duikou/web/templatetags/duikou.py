"""Money as users read it: 万元 / 亿元 in Chinese, CNY millions in English."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
MILLION = Decimal(1_000_000)


def is_english() -> bool:
    return not (get_language() or "").startswith("zh")


def local_text(chinese: str, english: str | None) -> str:
    """The English text on an English page where there is one, else the Chinese."""
    return english if english and is_english() else chinese


def format_money(amount, currency: str = "CNY") -> str:
    """Yuan in 万元 / 亿元 (CNY millions in English); another currency as it is, by its code."""
    if amount is None or amount == "":
        return "—"
    amount = Decimal(amount)
    if currency and currency != "CNY":
        return f"{number_format(amount, 2, force_grouping=True)} {currency}"
    if not is_english():
        if abs(amount) >= YI:
            return _("%(n)s 亿元") % {"n": number_format(amount / YI, 2, force_grouping=True)}
        return _("%(n)s 万元") % {"n": number_format(amount / WAN, 2, force_grouping=True)}
    return _("CNY %(n)s million") % {"n": number_format(amount / MILLION, 2, force_grouping=True)}


def format_number(value) -> str:
    """A result figure as people read it: ``12,345``, ``2.5``; ``—`` when there is none."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number.normalize():,f}"


@register.filter
def number(value) -> str:
    return format_number(value)


def chart_unit(currency: str = "CNY") -> tuple[Decimal, str]:
    """Charts plot plain numbers: 万元 in Chinese, CNY millions in English; another currency
    in its own units."""
    if currency and currency != "CNY":
        return Decimal(1), currency
    if not is_english():
        return WAN, _("万元")
    return MILLION, _("百万元")


@register.filter
def money(amount, currency: str = "CNY") -> str:
    return format_money(amount, currency)


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{number_format(value, 1)}%"


@register.filter
def local(obj, field: str = "name") -> str:
    """The English name of a record (or of a row of figures, a dict) on an English page,
    where it has one (``<field>_en``, else ``name_en``); its Chinese ``<field>`` otherwise."""
    if obj is None:
        return ""

    def get(name: str) -> str:
        return (obj.get(name) if isinstance(obj, dict) else getattr(obj, name, "")) or ""

    return local_text(get(field) or str(obj), get(f"{field}_en") or get("name_en"))
