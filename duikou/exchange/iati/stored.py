"""An activity as the JSON kept beside its project (``IatiActivity.data``), and back.

``as_data`` leaves out empty values and writes decimals as text; ``from_data`` reads such data
back into an ``Activity``, filling what was left out with its empty value.
"""

import dataclasses
import hashlib
import json
import types
import typing
from decimal import Decimal

from duikou.exchange.iati.activity import Activity


def as_data(activity: Activity) -> tuple[dict, str]:
    """The IATI data that Duikou's project fields do not hold (money lives in the budget lines
    and transactions, the identifier in its own column), and a fingerprint of all the activity
    says: equal for two activities that say the same, wherever and whenever they were written."""
    plain = _plain(activity, skip=NOT_CONTENT)
    digest = hashlib.sha1(json.dumps(plain, ensure_ascii=False).encode()).hexdigest()
    for name in HELD_ELSEWHERE:
        plain.pop(name, None)
    return plain, digest


NOT_CONTENT = frozenset({"line", "last_updated"})
HELD_ELSEWHERE = ("identifier", "budgets", "transactions")


def _plain(value, skip=frozenset()):
    """Data as JSON values, empty ones left out (much faster than ``dataclasses.asdict``):
    tuples of text pairs, such as narratives, are JSON arrays as they are."""
    kind = type(value)
    if kind is str:
        return value
    if kind is tuple:
        if type(value[0]) is tuple:  # (("zh", "…"), ("en", "…"))
            return value
        return [_plain(item) for item in value]
    if kind is Decimal:
        return format(value, "f")
    fields = getattr(kind, "__dataclass_fields__", None)
    if fields is None:
        return value
    plain = {}
    for name in fields:
        item = getattr(value, name)
        if item is not None and item != "" and item != () and name not in skip:
            plain[name] = _plain(item)
    return plain


def from_data(data: dict, identifier: str) -> Activity:
    """The activity kept at import (``IatiActivity.data``) read back: the inverse of
    ``as_data`` (empty values were left out; decimals were written as text)."""
    return _build(Activity, {**data, "identifier": identifier})


def _build(kind, value):
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
        return _build(kind, value)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        values = {}
        for item in dataclasses.fields(kind):
            if item.name in value:
                values[item.name] = _build(hints[item.name], value[item.name])
            elif item.default is dataclasses.MISSING:
                values[item.name] = _empty(hints[item.name])
        return kind(**values)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        return tuple(_build(arg, v) for arg, v in zip(args, value, strict=True))
    if kind is Decimal:
        return Decimal(value)
    return value


def _empty(kind):
    if typing.get_origin(kind) is tuple:
        return ()
    return "" if kind is str else None
