"""The activity kept beside an imported project (``IatiActivity.xml``: the XML as published)
read back, and as plain data for the project's page.

``from_data`` reads the JSON that the first version of the importer kept instead; only the
migration that turned it into XML uses it.
"""

import dataclasses
import types
import typing
from decimal import Decimal

from lxml import etree

from duikou.exchange.iati import parse
from duikou.exchange.iati.activity import Activity
from duikou.exchange.iati.reader import SAFE

PARSER = etree.XMLParser(**SAFE)


def activity_of(xml: str, identifier: str) -> Activity:
    """The stored activity (its identifier is the one it was imported under, which may
    have been made for it)."""
    activity = parse.activity(etree.fromstring(xml.encode(), PARSER))
    return dataclasses.replace(activity, identifier=identifier, line=0)


def plain(value):
    """Data as JSON values, empty ones left out: tuples of text pairs, such as narratives,
    stay as they are; decimals become text."""
    kind = type(value)
    if kind is str:
        return value
    if kind is tuple:
        if value and type(value[0]) is tuple:  # (("zh", "…"), ("en", "…"))
            return value
        return [plain(item) for item in value]
    if kind is Decimal:
        return format(value, "f")
    fields = getattr(kind, "__dataclass_fields__", None)
    if fields is None:
        return value
    data = {}
    for name in fields:
        item = getattr(value, name)
        if item is not None and item != "" and item != ():
            data[name] = plain(item)
    return data


def from_data(data: dict, identifier: str) -> Activity:
    """An activity kept as JSON by the first importer (empty values left out, decimals as
    text) read back."""
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
